#!/usr/bin/env bash
# The caches, in one run on this machine: `pony serve Benchmarks/cache.swift` against Django 5.2
# under gunicorn (Benchmarks/DjangoCache, 2 x cores + 1 sync workers, redis-py, pymemcache), the
# same views:
#
#   Benchmarks/cache.sh            # wrk -t1 -c64 for 10 s per test, alternating, 3 rounds
#
# /locmem reads a value from a local-memory cache, /redis the same value from Redis (Pony's
# pipelined client; Django's RedisCache), /memcached from memcached (Django's PyMemcacheCache),
# /incr increments a counter in Redis. It prints the
# req/s of each (medians), Pony ÷ Django per test, and what Redis itself serves to
# redis-benchmark's 64 clients (GET and INCR, one command at a time) for scale. Starts a Redis
# server with .ci/redis.sh when none answers; uses its database 15; starts memcached on
# 127.0.0.1:11211 when none answers there (apt-get install memcached).
set -euo pipefail
cd "$(dirname "$0")/.."
PONY_PORT=${PONY_PORT:-8098}
DJANGO_PORT=${DJANGO_PORT:-8099}
DURATION=${DURATION:-10s}
ROUNDS=${ROUNDS:-3}
export CACHE_BENCH_REDIS=${CACHE_BENCH_REDIS:-redis://127.0.0.1:6379/15}
WORK=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; pkill -f "cache serve 127.0.0.1:$PONY_PORT" 2>/dev/null || true; rm -rf "$WORK"' EXIT

source Benchmarks/lib.sh
ensure_wrk
redis-cli -p 6379 ping >/dev/null 2>&1 || .ci/redis.sh >/dev/null
redis-cli -n 15 flushdb >/dev/null
export CACHE_BENCH_MEMCACHED=${CACHE_BENCH_MEMCACHED:-127.0.0.1:11211}
if ! (exec 3<>/dev/tcp/127.0.0.1/11211) 2>/dev/null; then
    command -v memcached >/dev/null || apt-get install -y -qq memcached
    memcached -d -l 127.0.0.1 -p 11211 -U 0 -m 64 $([ "$(id -u)" = 0 ] && echo "-u root")
    sleep 0.5
fi
python3 -c 'import django, gunicorn, redis, pymemcache' 2>/dev/null \
    || pip install -q "django>=5.2,<5.3" gunicorn redis pymemcache
swift build --product pony 2>&1 | tail -1
PONY=.build/debug/pony
mkdir -p "$WORK/app"
cp Benchmarks/cache.swift "$WORK/app/cache.swift"
echo "Waiting for pony serve (builds the release framework the first time)…"
PONY_SECRET_KEY=benchmark-secret-key-0123456789abcdefghijklmnopqrstuvwxyz PONY_ALLOWED_HOSTS=127.0.0.1 \
    PONY_ACCESS_LOG=0 $PONY serve "$WORK/app/cache.swift" 127.0.0.1:$PONY_PORT --workers 1 > "$WORK/pony.log" 2>&1 &
(cd Benchmarks/DjangoCache && exec python3 -m gunicorn -w $(( $(nproc) * 2 + 1 )) -b "127.0.0.1:$DJANGO_PORT" \
    cachesite:application > "$WORK/django.log" 2>&1) &
wait_port $PONY_PORT || { cat "$WORK/pony.log"; exit 1; }
wait_port $DJANGO_PORT || { cat "$WORK/django.log"; exit 1; }
for port in $PONY_PORT $DJANGO_PORT; do
    for test in locmem redis memcached incr; do
        curl -sf -o /dev/null "http://127.0.0.1:$port/$test" || { echo "GET /$test failed on port $port"; exit 1; }
    done
    for test in redis memcached; do
        [ "$(curl -s "http://127.0.0.1:$port/$test")" = "$(curl -s "http://127.0.0.1:$port/locmem")" ] \
            || { echo "/$test and /locmem differ on port $port"; exit 1; }
    done
done

rps() { wrk -t1 -c64 -d"$DURATION" "http://127.0.0.1:$1/$2" | awk '/Requests\/sec/ {print $2}'; }
for test in locmem redis memcached incr; do
    wrk -t1 -c64 -d2s "http://127.0.0.1:$PONY_PORT/$test" > /dev/null
    wrk -t1 -c64 -d2s "http://127.0.0.1:$DJANGO_PORT/$test" > /dev/null
    for _ in $(seq 1 "$ROUNDS"); do
        rps $PONY_PORT $test >> "$WORK/pony-$test.txt"
        rps $DJANGO_PORT $test >> "$WORK/django-$test.txt"
    done
done

echo
echo "== req/s, wrk -t1 -c64 -d$DURATION, median of $ROUNDS alternating rounds =="
printf '%-8s %10s %10s %8s\n' test Pony Django "÷"
for test in locmem redis memcached incr; do
    pony=$(median < "$WORK/pony-$test.txt")
    django=$(median < "$WORK/django-$test.txt")
    printf '%-8s %10.0f %10.0f %7.1fx\n' "$test" "$pony" "$django" "$(echo "$pony / $django" | bc -l)"
done
pony_locmem=$(median < "$WORK/pony-locmem.txt")
pony_redis=$(median < "$WORK/pony-redis.txt")
pony_memcached=$(median < "$WORK/pony-memcached.txt")
printf 'Pony /redis ÷ /locmem: %.2f, /memcached ÷ /locmem: %.2f\n' "$(echo "$pony_redis / $pony_locmem" | bc -l)" \
    "$(echo "$pony_memcached / $pony_locmem" | bc -l)"
echo
echo "== Redis alone: redis-benchmark -c 64 -n 200000 (one command at a time per client) =="
redis-benchmark -q -c 64 -n 200000 -t get,incr 2>/dev/null | tr '\r' '\n' | grep "requests per second"
