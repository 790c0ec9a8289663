#!/usr/bin/env bash
# Installs (via apt, when missing) and starts a local PostgreSQL server for the tests, with a
# `pony` role and a `pony_test` database, then prints the URL for PONY_TEST_POSTGRES_URL.
# Usage: export PONY_TEST_POSTGRES_URL="$(.ci/postgres.sh)"
set -euo pipefail
if ! ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1; then
    { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql; } >&2
fi
version=$(ls /usr/lib/postgresql | sort -n | tail -1)
if ! pg_lsclusters -h | grep -q "^$version main"; then
    pg_createcluster "$version" main >&2
fi
wait_ready() {
    for _ in $(seq 1 30); do
        pg_isready -q -h 127.0.0.1 -p 5432 && break
        sleep 1
    done
}
pg_ctlcluster "$version" main start >&2 2>/dev/null || true
wait_ready
run() { su postgres -c "psql -q -v ON_ERROR_STOP=1 -c \"$1\"" >&2; }
# NB: the suites run in parallel, each test on a schema and a pool of its own: the default of
# 100 connections is too few for all of them at once.
if [ "$(su postgres -c "psql -tAc 'SHOW max_connections'")" -lt 500 ]; then
    run "ALTER SYSTEM SET max_connections = 500"
    pg_ctlcluster "$version" main restart >&2
    wait_ready
fi
su postgres -c "psql -tAc \"SELECT 1 FROM pg_roles WHERE rolname='pony'\"" | grep -q 1 \
    || run "CREATE ROLE pony LOGIN SUPERUSER PASSWORD 'pony'"
su postgres -c "psql -tAc \"SELECT 1 FROM pg_database WHERE datname='pony_test'\"" | grep -q 1 \
    || run "CREATE DATABASE pony_test OWNER pony TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C'"
echo "postgres://pony:pony@127.0.0.1:5432/pony_test"
