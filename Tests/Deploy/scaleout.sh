#!/usr/bin/env bash
# Scale-out on PostgreSQL, for real: builds Tests/Deploy/scaleout.swift with `pony build`, starts
# three instances of it at once on a fresh PostgreSQL database and nginx (Debian's) in front as
# the load balancer, then scaleout_check.py checks through nginx:
#   - the migrations were applied exactly once although all three started together;
#   - a session made on one instance is valid on the others (one counter across all three),
#     kept in the database and read through the Redis cache (Django's cached_db engine);
#   - a page one instance cached in Redis is what the others answer;
#   - writes from every instance land in the one database;
#   - X-Forwarded-Proto makes requests secure (HSTS sent) only with the proxy header set, and
#     X-Forwarded-For names the client only from a trusted proxy (PONY_TRUSTED_PROXIES);
#   - server-sent events pass through nginx unbuffered;
#   - stopping one instance (SIGTERM) while requests flow loses none: in-flight ones drain,
#     new ones go to the others (nginx's proxy_next_upstream).
# Needs PONY_TEST_POSTGRES_URL (.ci/postgres.sh prints one), PONY_TEST_REDIS_URL (.ci/redis.sh;
# its database 0 is emptied) and nginx (.ci/run installs all three).
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT="$PWD"
: "${PONY_TEST_POSTGRES_URL:?set PONY_TEST_POSTGRES_URL, e.g. export PONY_TEST_POSTGRES_URL=\"\$(.ci/postgres.sh)\"}"
: "${PONY_TEST_REDIS_URL:?set PONY_TEST_REDIS_URL, e.g. export PONY_TEST_REDIS_URL=\"\$(.ci/redis.sh)\"}"
export SCALEOUT_REDIS_URL="$PONY_TEST_REDIS_URL/0"
export PONY_CACHE_DIR="${PONY_CACHE_DIR:-$ROOT/.build/pony-test-cache}"
WORK="$(mktemp -d)"
PIDS=()
NGINX_PID=""
DATABASE="pony_scaleout_$$"
ADMIN_URL="${PONY_TEST_POSTGRES_URL%/*}/postgres"
cleanup() {
    status=$?
    for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
    [ -f "$WORK/nginx.pid" ] && kill "$(cat "$WORK/nginx.pid")" 2>/dev/null || true
    wait 2>/dev/null || true
    if [ "$status" != 0 ]; then
        for log in "$WORK"/*.log; do echo "--- $log (last 30 lines)"; tail -30 "$log"; done
    fi
    psql -q "$ADMIN_URL" -c "DROP DATABASE IF EXISTS $DATABASE" >/dev/null 2>&1 || true
    rm -rf "$WORK"
}
trap cleanup EXIT

swift build --product pony >/dev/null
mkdir -p "$WORK/app"
cp Tests/Deploy/scaleout.swift "$WORK/app/"
# DATABASE_URL names PostgreSQL as pony starts, so the build has the PostgreSQL backend.
export DATABASE_URL="${PONY_TEST_POSTGRES_URL%/*}/$DATABASE"
"$ROOT/.build/debug/pony" build "$WORK/app/scaleout.swift" -o "$WORK/bin" >"$WORK/build.log" 2>&1
psql -q "$ADMIN_URL" -c "CREATE DATABASE $DATABASE" >/dev/null
redis-cli -u "$SCALEOUT_REDIS_URL" flushdb >/dev/null
export PONY_SECRET_KEY="scale-out-test-key-$(head -c 32 /dev/urandom | base64 | tr -d '/+=')"
export PONY_ALLOWED_HOSTS="localhost,127.0.0.1"
export PONY_SECURE_PROXY_SSL_HEADER="X-Forwarded-Proto: https" PONY_SECURE_HSTS_SECONDS=60
export PONY_TRUSTED_PROXIES="127.0.0.1"
# The migration files are written once, as a deployment ships them; the instances apply them.
"$WORK/bin/scaleout" makemigrations >"$WORK/makemigrations.log" 2>&1

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
PORTS=("$(free_port)" "$(free_port)" "$(free_port)")
NGINX_PORT="$(free_port)"
for index in 0 1 2; do
    SCALEOUT_INSTANCE="i$((index + 1))" "$WORK/bin/scaleout" serve "127.0.0.1:${PORTS[$index]}" \
        >"$WORK/instance$((index + 1)).log" 2>&1 &
    PIDS+=("$!")
done

mkdir -p "$WORK/nginx"
cat >"$WORK/nginx.conf" <<CONF
worker_processes 1;
pid $WORK/nginx.pid;
error_log $WORK/nginx-error.log warn;
events { worker_connections 1024; }
http {
    access_log $WORK/nginx-access.log;
    client_body_temp_path $WORK/nginx/body;
    proxy_temp_path $WORK/nginx/proxy;
    fastcgi_temp_path $WORK/nginx/fastcgi;
    uwsgi_temp_path $WORK/nginx/uwsgi;
    scgi_temp_path $WORK/nginx/scgi;
    upstream pony {
        server 127.0.0.1:${PORTS[0]};
        server 127.0.0.1:${PORTS[1]};
        server 127.0.0.1:${PORTS[2]};
        keepalive 16;
    }
    server {
        listen 127.0.0.1:$NGINX_PORT;
        location / {
            proxy_pass http://pony;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header Host \$host;
            # As if TLS ended here: the header is always replaced, so clients cannot forge it.
            proxy_set_header X-Forwarded-Proto https;
            proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for;
            proxy_next_upstream error timeout http_502;
        }
    }
}
CONF
nginx -c "$WORK/nginx.conf" -p "$WORK/nginx" >"$WORK/nginx-start.log" 2>&1

for index in 0 1 2; do
    for _ in $(seq 1 120); do
        curl -s -o /dev/null "http://127.0.0.1:${PORTS[$index]}/visits/" -H "X-Forwarded-Proto: https" && break
        kill -0 "${PIDS[$index]}" 2>/dev/null || { echo "instance $((index + 1)) exited"; exit 1; }
        sleep 0.5
    done
done

python3 Tests/Deploy/scaleout_check.py "http://127.0.0.1:$NGINX_PORT" "$DATABASE_URL" \
    "${PORTS[0]},${PORTS[1]},${PORTS[2]}" "${PIDS[1]}" "$WORK" "$SCALEOUT_REDIS_URL"
echo "Scale-out checks passed."
