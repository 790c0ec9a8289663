#!/usr/bin/env bash
# Three instances on one PostgreSQL database behind one nginx (issue 19): Pony
# (Benchmarks/writers.swift built with `pony build --release`, one process each, Pony's default
# middleware) against bare Hummingbird + postgres-nio (Benchmarks/BarePostgres, the same
# routes on the same table) behind the same nginx, in one run. Writes: 64 connections POST
# /entries/ (one INSERT each); reads: 64 connections GET /entries/<random id>/ (one SELECT by
# primary key). Rounds alternate between the two; medians and Pony ÷ bare are printed.
#
#   PONY_TEST_POSTGRES_URL="$(.ci/postgres.sh)" Benchmarks/scaleout.sh   # ROUNDS=3 DURATION=10s
#
# Needs a PostgreSQL server where the user may create databases, nginx and wrk (apt).
set -euo pipefail
cd "$(dirname "$0")/.."
source Benchmarks/lib.sh
: "${PONY_TEST_POSTGRES_URL:?set PONY_TEST_POSTGRES_URL, e.g. export PONY_TEST_POSTGRES_URL=\"\$(.ci/postgres.sh)\"}"
ensure_wrk
if ! command -v nginx >/dev/null; then
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx-light) >/dev/null
fi
ROUNDS=${ROUNDS:-3}
DURATION=${DURATION:-10s}
WORK=$(mktemp -d /tmp/pony-scaleout-bench.XXXXXX)
DATABASE="pony_scaleout_bench_$$"
ADMIN_URL="${PONY_TEST_POSTGRES_URL%/*}/postgres"
cleanup() {
    [ -f "$WORK/nginx.pid" ] && kill "$(cat "$WORK/nginx.pid")" 2>/dev/null
    kill $(jobs -p) 2>/dev/null || true
    wait 2>/dev/null || true
    psql -q "$ADMIN_URL" -c "DROP DATABASE IF EXISTS $DATABASE" >/dev/null 2>&1 || true
    rm -rf "$WORK"
}
trap cleanup EXIT

echo "Building bare Hummingbird + postgres-nio, pony, and writers.swift (release, with PostgreSQL)…"
swift build -c release --package-path Benchmarks/BarePostgres 2>&1 | tail -1
swift build --product pony 2>&1 | tail -1
export DATABASE_URL="${PONY_TEST_POSTGRES_URL%/*}/$DATABASE"
mkdir -p "$WORK/app"
cp Benchmarks/writers.swift "$WORK/app/"
.build/debug/pony build --release "$WORK/app/writers.swift" -o "$WORK/pony" 2>&1 | tail -2
psql -q "$ADMIN_URL" -c "CREATE DATABASE $DATABASE" >/dev/null
export PONY_SECRET_KEY=benchmark-secret-key-0123456789abcdefghijklmnopqrstuvwxyz PONY_ALLOWED_HOSTS=127.0.0.1
"$WORK/pony/writers" makemigrations >/dev/null
"$WORK/pony/writers" migrate >/dev/null

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
PONY_PORTS=("$(free_port)" "$(free_port)" "$(free_port)")
BARE_PORTS=("$(free_port)" "$(free_port)" "$(free_port)")
PONY_FRONT=$(free_port)
BARE_FRONT=$(free_port)
for index in 0 1 2; do
    "$WORK/pony/writers" serve "127.0.0.1:${PONY_PORTS[$index]}" >"$WORK/pony$index.log" 2>&1 &
    Benchmarks/BarePostgres/.build/release/BarePostgres 127.0.0.1 "${BARE_PORTS[$index]}" "$DATABASE_URL" 10 \
        >"$WORK/bare$index.log" 2>&1 &
done
upstream() { for port in "$@"; do echo "        server 127.0.0.1:$port;"; done; }
mkdir -p "$WORK/nginx"
cat >"$WORK/nginx.conf" <<CONF
worker_processes 1;
pid $WORK/nginx.pid;
error_log $WORK/nginx-error.log warn;
events { worker_connections 4096; }
http {
    access_log off;
    client_body_temp_path $WORK/nginx/body;
    proxy_temp_path $WORK/nginx/proxy;
    fastcgi_temp_path $WORK/nginx/fastcgi;
    uwsgi_temp_path $WORK/nginx/uwsgi;
    scgi_temp_path $WORK/nginx/scgi;
    upstream pony {
$(upstream "${PONY_PORTS[@]}")
        keepalive 64;
    }
    upstream bare {
$(upstream "${BARE_PORTS[@]}")
        keepalive 64;
    }
    server {
        listen 127.0.0.1:$PONY_FRONT;
        location / { proxy_pass http://pony; proxy_http_version 1.1; proxy_set_header Connection ""; proxy_set_header Host \$host; }
    }
    server {
        listen 127.0.0.1:$BARE_FRONT;
        location / { proxy_pass http://bare; proxy_http_version 1.1; proxy_set_header Connection ""; proxy_set_header Host \$host; }
    }
}
CONF
nginx -c "$WORK/nginx.conf" -p "$WORK/nginx"
for port in "${PONY_PORTS[@]}" "${BARE_PORTS[@]}"; do wait_port "$port" || { cat "$WORK"/*.log; exit 1; }; done
for front in $PONY_FRONT $BARE_FRONT; do
    status=$(curl -s -o /dev/null -w '%{http_code}' -X POST -d 'name=check&number=1' "http://127.0.0.1:$front/entries/")
    [ "$status" = 201 ] || { echo "POST through nginx answered $status"; cat "$WORK"/*.log; exit 1; }
done

cat >"$WORK/read.lua" <<'LUA'
local rows = tonumber(os.getenv("ROWS"))
request = function()
    return wrk.format("GET", "/entries/" .. math.random(1, rows) .. "/")
end
LUA
# req/s and failures (non-2xx answers plus socket errors) of one wrk run.
measure() {
    local output
    output=$(wrk -t1 -c64 -d"$DURATION" -s "$2" "http://127.0.0.1:$1/entries/")
    local rps failures
    rps=$(echo "$output" | awk '/Requests\/sec/ {print $2}')
    failures=$(( $(echo "$output" | awk '/Non-2xx/ {n = $NF} END {print n + 0}') + $(echo "$output" | socket_errors) ))
    echo "$rps $failures"
}
for test in write read; do
    [ $test = read ] && export ROWS=$(psql -tA "$DATABASE_URL" -c "SELECT max(id) FROM writers_entry")
    script=$([ $test = write ] && echo Benchmarks/post_entries.lua || echo "$WORK/read.lua")
    for round in $(seq 1 "$ROUNDS"); do
        if [ $((round % 2)) = 1 ]; then order="pony bare"; else order="bare pony"; fi
        for server in $order; do
            front=$([ $server = pony ] && echo $PONY_FRONT || echo $BARE_FRONT)
            measure "$front" "$script" >>"$WORK/$test-$server.txt"
        done
    done
done

echo
echo "three instances behind nginx on PostgreSQL, $(git rev-parse --short HEAD), $(nproc) cores, wrk -t1 -c64 -d$DURATION, median of $ROUNDS:"
printf '%-7s %12s %12s %8s  %s\n' test "Pony req/s" "bare req/s" "Pony÷bare" "failures (Pony / bare, all rounds)"
for test in write read; do
    pony=$(awk '{print $1}' "$WORK/$test-pony.txt" | median)
    bare=$(awk '{print $1}' "$WORK/$test-bare.txt" | median)
    printf '%-7s %12s %12s %8s  %s / %s\n' $test "$pony" "$bare" "$(awk -v a="$pony" -v b="$bare" 'BEGIN {printf "%.2f", a / b}')" \
        "$(awk '{s += $2} END {print s + 0}' "$WORK/$test-pony.txt")" "$(awk '{s += $2} END {print s + 0}' "$WORK/$test-bare.txt")"
done
echo "rows written: $(psql -tA "$DATABASE_URL" -c "SELECT count(*) FROM writers_entry")"
