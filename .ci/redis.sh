#!/usr/bin/env bash
# Installs (via apt, when missing) and starts a local Redis server for the tests, on port 6379
# and the socket /tmp/pony-redis.sock, with 4096 databases (each test takes one of its own) and
# an ACL user `pony` (password `pony`), then prints the URL for PONY_TEST_REDIS_URL.
# Usage: export PONY_TEST_REDIS_URL="$(.ci/redis.sh)"
set -euo pipefail
if ! command -v redis-server >/dev/null; then
    { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server; } >&2
fi
# NB: a server that apt started itself has 16 databases and no socket: replaced.
if redis-cli -p 6379 ping >/dev/null 2>&1 \
    && { [ ! -S /tmp/pony-redis.sock ] || [ "$(redis-cli -p 6379 config get databases | tail -1)" -lt 4096 ]; }; then
    redis-cli -p 6379 shutdown nosave >/dev/null 2>&1 || true
    sleep 0.5
fi
if ! redis-cli -p 6379 ping >/dev/null 2>&1; then
    redis-server --port 6379 --bind 127.0.0.1 --databases 4096 --save "" --appendonly no \
        --unixsocket /tmp/pony-redis.sock --unixsocketperm 777 --daemonize yes >&2
    for _ in $(seq 1 30); do
        redis-cli -p 6379 ping >/dev/null 2>&1 && break
        sleep 0.2
    done
fi
redis-cli -p 6379 ACL SETUSER pony on '>pony' '~*' '&*' '+@all' >/dev/null
echo "redis://127.0.0.1:6379"
