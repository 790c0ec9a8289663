#!/usr/bin/env bash
# Pony vs bare Hummingbird and Django, in one run on this machine (ratios, not absolute figures).
#
#   Benchmarks/run.sh            # wrk for 10 s per test; DURATION=30s for steadier numbers
#
# 1. builds the bare Hummingbird app (Benchmarks/BareHummingbird, release) and `pony`;
# 2. `pony serve` of a copy of Examples/bench.swift (release framework, default middleware,
#    access log on), which makes and fills its SQLite database (TechEmpower's 12 fortunes and
#    10,000 worlds) on the first start;
# 3. the bare Hummingbird app (raw SQL through sqlite-nio) and Django 5.2 under gunicorn
#    (Benchmarks/DjangoBench: DEBUG off, its ORM and templates, 2 x cores + 1 sync workers as
#    gunicorn's documentation recommends) on that same database file;
# 4. wrk -t1 -c64 on 127.0.0.1 against each, alternating, for /plaintext, /json (also through
#    app.api: /api/json), /db (one random row; also through app.api: /api/db) and /fortunes,
#    with each server's CPU time per request (its processes' /proc/PID/stat around each wrk
#    run: steadier than req/s on a machine that wrk shares);
#    TESTS="/api/json:/json" ROUNDS=9 Benchmarks/run.sh runs a subset, with more rounds;
# 5. the edit -> first-200 latency of `pony run` (median of 10 edits) and the idle RSS of the
#    served app. The first run builds the release framework (several minutes).
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION=${DURATION:-10s}
BARE_PORT=${BARE_PORT:-8091}
PONY_PORT=${PONY_PORT:-8092}
RUN_PORT=${RUN_PORT:-8093}
DJANGO_PORT=${DJANGO_PORT:-8094}
WORK=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$WORK"' EXIT

source Benchmarks/lib.sh
ensure_wrk
build_baseline_and_pony

python3 -c 'import django, gunicorn' 2>/dev/null || pip install -q "django>=5.2,<5.3" gunicorn
cp Examples/bench.swift "$WORK/bench.swift"
PONY_SECRET_KEY=benchmark-secret-key-0123456789abcdefghijklmnopqrstuvwxyz PONY_ALLOWED_HOSTS=127.0.0.1 \
    $PONY serve "$WORK/bench.swift" 127.0.0.1:$PONY_PORT --workers 1 > "$WORK/pony.log" 2>&1 &
echo "Waiting for pony serve (builds the release framework the first time)…"
wait_port $PONY_PORT || { cat "$WORK/pony.log"; exit 1; }
export TECHEMPOWER_DB="$WORK/db.sqlite3"
Benchmarks/BareHummingbird/.build/release/BareHummingbird $BARE_PORT > "$WORK/bare.log" 2>&1 &
(cd Benchmarks/DjangoBench && exec python3 -m gunicorn -w $(( $(nproc) * 2 + 1 )) -b "127.0.0.1:$DJANGO_PORT" \
    benchsite:application > "$WORK/django.log" 2>&1) &
wait_port $BARE_PORT
wait_port $DJANGO_PORT || { cat "$WORK/django.log"; exit 1; }
for port in $BARE_PORT $PONY_PORT $DJANGO_PORT; do
    curl -sf -o /dev/null "http://127.0.0.1:$port/db" || { echo "GET /db failed on port $port"; exit 1; }
done

APP_PID=$(pgrep -f "bench serve 127.0.0.1:$PONY_PORT" | head -1)
BARE_PID=$(pgrep -f "BareHummingbird $BARE_PORT" | head -1)
# gunicorn's master and workers
DJANGO_PIDS=$(pgrep -f "gunicorn .*127.0.0.1:$DJANGO_PORT" | tr '\n' ' ')
sleep 1
rss() { awk '/VmRSS/ {printf "%.1f MiB", $2/1024}' /proc/$1/status; }
PONY_IDLE=$(rss "$APP_PID"); BARE_IDLE=$(rss "$BARE_PID")

# The CPU time (user + system, in clock ticks) the processes $@ have used so far.
cpu_ticks() {
    local total=0 user system
    for pid in "$@"; do
        read -r user system < <(awk '{print $14, $15}' "/proc/$pid/stat")
        total=$((total + user + system))
    done
    echo "$total"
}

# measure PORT PATH PIDS: wrk prints "Requests/sec: N", "N requests in" and, with --latency,
# "99% 4.81ms" (or us / s); prints req/s, p99 in ms, CPU µs per request and wrk's errors.
measure() {
    local before; before=$(cpu_ticks $3)
    local output; output=$(wrk -t1 -c64 -d"$DURATION" --latency "http://127.0.0.1:$1$2")
    local after; after=$(cpu_ticks $3)
    local rps; rps=$(awk '/Requests\/sec/ {print $2}' <<<"$output")
    local requests; requests=$(awk '/requests in/ {print $1}' <<<"$output")
    local cpu; cpu=$(echo "($after - $before) * 1000000 / $(getconf CLK_TCK) / $requests" | bc -l)
    local p99; p99=$(awk '$1 == "99%" { v = $2 + 0; if ($2 ~ /us$/) v /= 1000; else if ($2 ~ /[^m]s$/) v *= 1000; print v }' <<<"$output")
    local errors; errors=$(awk '/Non-2xx|Socket errors/ {print}' <<<"$output" | tr '\n' ' ')
    printf '%s %s %.1f %s\n' "$rps" "$p99" "$cpu" "${errors:-none}"
}

ROUNDS=${ROUNDS:-3}
TESTS=${TESTS:-/plaintext /json /api/json:/json /db /api/db:/db /fortunes}
printf '\n%-10s %-6s %12s %10s %12s  %s\n' test server "req/s" "p99" "CPU/request" \
    "errors (median of $ROUNDS alternating rounds)"
# Each test is PONY_PATH[:OTHER_PATH]: /api/json and /api/db are the JSON and one-row tests
# through app.api, against the others' /json and /db.
for test in $TESTS; do
    path=${test%%:*}
    other_path=${test#*:}
    for port in $BARE_PORT $DJANGO_PORT; do wrk -t1 -c64 -d2s "http://127.0.0.1:$port$other_path" >/dev/null; done
    wrk -t1 -c64 -d2s "http://127.0.0.1:$PONY_PORT$path" >/dev/null
    : > "$WORK/bare.txt"; : > "$WORK/pony.txt"; : > "$WORK/django.txt"
    for _ in $(seq 1 "$ROUNDS"); do
        measure $BARE_PORT $other_path "$BARE_PID" >> "$WORK/bare.txt"
        measure $PONY_PORT $path "$APP_PID" >> "$WORK/pony.txt"
        measure $DJANGO_PORT $other_path "$DJANGO_PIDS" >> "$WORK/django.txt"
    done
    for server in bare pony django; do
        rps=$(awk '{print $1}' "$WORK/$server.txt" | median)
        p99=$(awk '{print $2}' "$WORK/$server.txt" | median)
        cpu=$(awk '{print $3}' "$WORK/$server.txt" | median)
        errors=$(awk '{$1=$2=$3=""; print}' "$WORK/$server.txt" | sort -u | tr '\n' ' ')
        printf '%-10s %-6s %12s %9sms %9s µs  %s\n' "$path" "$server" "$rps" "$p99" "$cpu" "$errors"
        eval "${server}_rps=$rps ${server}_cpu=$cpu"
    done
    printf '%-10s ratio pony/bare: %.2f (CPU: %.2f)   pony/django: %.1f (CPU: %.1f)\n' "$path" \
        "$(echo "$pony_rps / $bare_rps" | bc -l)" "$(echo "$bare_cpu / $pony_cpu" | bc -l)" \
        "$(echo "$pony_rps / $django_rps" | bc -l)" "$(echo "$django_cpu / $pony_cpu" | bc -l)"
done
echo
echo "Idle RSS: pony app $PONY_IDLE, bare Hummingbird $BARE_IDLE"
echo "Access log lines written by pony serve: $(grep -c '"GET /' "$WORK/pony.log" || true)"

echo
echo "pony run: edit -> first 200 of the new code"
mkdir "$WORK/edit" && cp Examples/bench.swift "$WORK/edit/editbench.swift"
python3 Benchmarks/edit_latency.py "$PONY" "$WORK/edit/editbench.swift" $RUN_PORT 10
