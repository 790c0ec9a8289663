#!/usr/bin/env bash
# Pony vs bare Hummingbird, in one run on this machine (ratios, not absolute figures).
#
#   Benchmarks/run.sh            # wrk for 10 s per test; DURATION=30s for steadier numbers
#
# 1. builds the bare Hummingbird app (Benchmarks/BareHummingbird, release) and `pony`;
# 2. `pony serve Examples/bench.swift` (release framework, default middleware, access log on);
# 3. wrk -t1 -c64 on 127.0.0.1 against each, alternating, for /plaintext, /json (also through
#    app.api: /api/json) and /fortunes;
# 4. the edit -> first-200 latency of `pony run` (median of 10 edits) and the idle RSS of the
#    served app. The first run builds the release framework (several minutes).
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION=${DURATION:-10s}
BARE_PORT=${BARE_PORT:-8091}
PONY_PORT=${PONY_PORT:-8092}
RUN_PORT=${RUN_PORT:-8093}
WORK=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$WORK"' EXIT

source Benchmarks/lib.sh
ensure_wrk
build_baseline_and_pony

Benchmarks/BareHummingbird/.build/release/BareHummingbird $BARE_PORT > "$WORK/bare.log" 2>&1 &
PONY_SECRET_KEY=benchmark-secret-key-0123456789abcdefghijklmnopqrstuvwxyz PONY_ALLOWED_HOSTS=127.0.0.1 \
    $PONY serve Examples/bench.swift 127.0.0.1:$PONY_PORT > "$WORK/pony.log" 2>&1 &
wait_port $BARE_PORT
echo "Waiting for pony serve (builds the release framework the first time)…"
wait_port $PONY_PORT || { cat "$WORK/pony.log"; exit 1; }

APP_PID=$(pgrep -f "bench serve 127.0.0.1:$PONY_PORT" | head -1)
BARE_PID=$(pgrep -f "BareHummingbird $BARE_PORT" | head -1)
sleep 1
rss() { awk '/VmRSS/ {printf "%.1f MiB", $2/1024}' /proc/$1/status; }
PONY_IDLE=$(rss "$APP_PID"); BARE_IDLE=$(rss "$BARE_PID")

# wrk prints "Requests/sec: N" and, with --latency, "99% 4.81ms" (or us / s); p99 in ms.
measure() {
    local output; output=$(wrk -t1 -c64 -d"$DURATION" --latency "http://127.0.0.1:$1$2")
    local rps; rps=$(awk '/Requests\/sec/ {print $2}' <<<"$output")
    local p99; p99=$(awk '$1 == "99%" { v = $2 + 0; if ($2 ~ /us$/) v /= 1000; else if ($2 ~ /[^m]s$/) v *= 1000; print v }' <<<"$output")
    local errors; errors=$(awk '/Non-2xx|Socket errors/ {print}' <<<"$output" | tr '\n' ' ')
    echo "$rps $p99 ${errors:-none}"
}

ROUNDS=${ROUNDS:-3}
printf '\n%-10s %-6s %12s %10s  %s\n' test server "req/s" "p99" "errors (median of $ROUNDS alternating rounds)"
# Each test is PONY_PATH[:BARE_PATH]: /api/json is the JSON test through app.api, against the
# bare app's /json.
for test in /plaintext /json /api/json:/json /fortunes; do
    path=${test%%:*}
    bare_path=${test#*:}
    wrk -t1 -c64 -d2s "http://127.0.0.1:$BARE_PORT$bare_path" >/dev/null; wrk -t1 -c64 -d2s "http://127.0.0.1:$PONY_PORT$path" >/dev/null
    : > "$WORK/bare.txt"; : > "$WORK/pony.txt"
    for _ in $(seq 1 "$ROUNDS"); do
        measure $BARE_PORT $bare_path >> "$WORK/bare.txt"
        measure $PONY_PORT $path >> "$WORK/pony.txt"
    done
    for server in bare pony; do
        rps=$(awk '{print $1}' "$WORK/$server.txt" | median)
        p99=$(awk '{print $2}' "$WORK/$server.txt" | median)
        errors=$(awk '{$1=$2=""; print}' "$WORK/$server.txt" | sort -u | tr '\n' ' ')
        printf '%-10s %-6s %12s %9sms  %s\n' "$path" "$server" "$rps" "$p99" "$errors"
        eval "${server}_rps=$rps"
    done
    printf '%-10s ratio pony/bare: %.2f\n' "$path" "$(echo "$pony_rps / $bare_rps" | bc -l)"
done
echo
echo "Idle RSS: pony app $PONY_IDLE, bare Hummingbird $BARE_IDLE"
echo "Access log lines written by pony serve: $(grep -c '"GET /' "$WORK/pony.log" || true)"

echo
echo "pony run: edit -> first 200 of the new code"
cp Examples/bench.swift "$WORK/editbench.swift"
python3 Benchmarks/edit_latency.py "$PONY" "$WORK/editbench.swift" $RUN_PORT 10
