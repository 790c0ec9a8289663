#!/usr/bin/env bash
# `pony serve --workers N` on this machine, in one run:
#
#   Benchmarks/workers.sh        # DURATION=10s per measurement, KILLS=30
#
# 1. plaintext and one-row reads (/db, TechEmpower's) of Examples/bench.swift with --workers 1
#    and --workers 2: wrk -t1 -c64, median of 3 rounds; ratio 2 workers / 1 worker;
# 2. with --workers 2, one worker killed with SIGKILL every second for $KILLS s while wrk runs
#    on /plaintext: the share of requests answered 2xx among all wrk started (the requests in
#    flight on the killed worker are lost with it; the others must not be);
# 3. 64 concurrent writers (Benchmarks/writers.swift, one INSERT per POST) with --workers 1 and
#    2 on one SQLite file: writes/s, errors, and rows lost (a 2xx whose row is missing).
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION=${DURATION:-10s}
KILLS=${KILLS:-30}
PORT=${PORT:-8096}
ROUNDS=${ROUNDS:-3}
WORK=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$WORK"' EXIT

source Benchmarks/lib.sh
ensure_wrk
build_baseline_and_pony
export PONY_SECRET_KEY=benchmark-secret-key-0123456789abcdefghijklmnopqrstuvwxyz PONY_ALLOWED_HOSTS=127.0.0.1

# serve FILE WORKERS: starts `pony serve` and waits until $2 workers run and one answers (the first start
# builds the release framework).
serve() {
    $PONY serve "$1" 127.0.0.1:$PORT --workers "$2" >> "$WORK/serve.log" 2>&1 &
    SERVE=$!
    for _ in $(seq 1 18000); do
        [[ $(pgrep -P $SERVE | wc -l) -ge $2 ]] && curl -s -o /dev/null "http://127.0.0.1:$PORT/" && break
        kill -0 $SERVE 2>/dev/null || { cat "$WORK/serve.log"; exit 1; }
        sleep 0.1
    done
    sleep 1
}
stop() { kill -TERM $SERVE; wait $SERVE 2>/dev/null || true; }
rps() { wrk -t1 -c64 -d"$DURATION" "$@" | awk '/Requests\/sec/ {print $2}'; }

mkdir -p "$WORK/bench" "$WORK/writers"
cp Examples/bench.swift "$WORK/bench/bench.swift"
cp Benchmarks/writers.swift "$WORK/writers/writers.swift"
printf '\n%-12s %12s %12s %8s\n' test "1 worker" "2 workers" ratio
for path in /plaintext /db; do
    for workers in 1 2; do
        serve "$WORK/bench/bench.swift" $workers
        wrk -t1 -c64 -d2s "http://127.0.0.1:$PORT$path" > /dev/null
        eval "r$workers=$(for _ in $(seq 1 "$ROUNDS"); do rps "http://127.0.0.1:$PORT$path"; done | median)"
        stop
    done
    printf '%-12s %12s %12s %8.2f\n' "$path" "$r1" "$r2" "$(echo "$r2 / $r1" | bc -l)"
done

echo
echo "--workers 2, one worker killed (SIGKILL) every second for $KILLS s, wrk on /plaintext:"
serve "$WORK/bench/bench.swift" 2
wrk -t1 -c64 -d"$((KILLS + 2))s" --timeout 5s "http://127.0.0.1:$PORT/plaintext" > "$WORK/kill.txt" &
WRK=$!
sleep 1
for _ in $(seq 1 "$KILLS"); do
    kill -KILL "$(pgrep -P $SERVE | shuf -n 1)" 2>/dev/null || true
    sleep 1
done
wait $WRK
stop
requests=$(awk '/requests in/ {print $1}' "$WORK/kill.txt")
non2xx=$(awk '/Non-2xx/ {print $NF}' "$WORK/kill.txt")
failed=$(socket_errors < "$WORK/kill.txt")
ok=$((requests - ${non2xx:-0}))
lost=$((${non2xx:-0} + ${failed:-0}))
printf '2xx %s, failed %s (%.1f per kill), succeeded %.3f%%\n' "$ok" "$lost" "$(echo "$lost / $KILLS" | bc -l)" \
    "$(echo "100 * $ok / ($ok + $lost)" | bc -l)"
replaced=$(grep -c "starting another" "$WORK/serve.log" || true)
echo "workers replaced: $replaced"

echo
printf '%-12s %10s %10s %8s %8s\n' writers "writes/s" "2xx" errors lost
for workers in 1 2; do
    rm -f "$WORK"/writers/db.sqlite3*
    serve "$WORK/writers/writers.swift" $workers
    output=$(wrk -t1 -c64 -d"$DURATION" --timeout 10s -s Benchmarks/post_entries.lua "http://127.0.0.1:$PORT/entries/")
    stop
    requests=$(awk '/requests in/ {print $1}' <<<"$output")
    non2xx=$(awk '/Non-2xx/ {print $NF}' <<<"$output")
    failed=$(socket_errors <<<"$output")
    ok=$((requests - ${non2xx:-0}))
    stored=$(python3 -c "import sqlite3, sys; print(sqlite3.connect(sys.argv[1]).execute('SELECT count(*) FROM writers_entry').fetchone()[0])" "$WORK/writers/db.sqlite3")
    printf '%-12s %10s %10s %8s %8s\n' "$workers" "$(awk '/Requests\/sec/ {print $2}' <<<"$output")" "$ok" \
        "$((${non2xx:-0} + ${failed:-0}))" "$((ok > stored ? ok - stored : 0))"
done
