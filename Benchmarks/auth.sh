#!/usr/bin/env bash
# Issue 15's figures, in one run on this machine, against `pony serve Benchmarks/auth.swift`:
#
#   Benchmarks/auth.sh
#
# 1. An authenticated page (session lookup + user lookup) against the same page anonymous:
#    wrk -t1 -c64, alternating rounds: requests/s and the worker's CPU time per request of
#    each (medians), and their ratios (the goal: ≤ 1.3× the cost).
# 2. 20 concurrent logins (pbkdf2_sha256 at Django's 1,000,000 iterations) while wrk -t1
#    -c16 loads /plaintext: the plaintext p99 with and without them (the goal: < 50 ms).
# 3. One login alone (20 in a row; the time of the POST, PBKDF2 included) against Django 5.2's
#    `check_password` of the same kind of hash in Python (pip's Django, OpenSSL's PBKDF2).
set -euo pipefail
cd "$(dirname "$0")/.."
PORT=${PORT:-8097}
DURATION=${DURATION:-10s}
ROUNDS=${ROUNDS:-3}
WORK=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; pkill -f "auth.swift" 2>/dev/null || true; rm -rf "$WORK"' EXIT

source Benchmarks/lib.sh
ensure_wrk
swift build --product pony 2>&1 | tail -1
PONY=.build/debug/pony
export PONY_SECRET_KEY=benchmark-secret-key-0123456789abcdefghijklmnopqrstuvwxyz PONY_ALLOWED_HOSTS=127.0.0.1
export PONY_ACCESS_LOG=0
mkdir -p "$WORK/app"
cp Benchmarks/auth.swift "$WORK/app/auth.swift"
echo "Waiting for pony serve (builds the release framework the first time)…"
$PONY serve "$WORK/app/auth.swift" 127.0.0.1:$PORT --workers 1 > "$WORK/pony.log" 2>&1 &
wait_port $PORT || { cat "$WORK/pony.log"; exit 1; }
URL=http://127.0.0.1:$PORT
rps() { awk '/Requests\/sec/ {print $2}'; }
p99() { awk '$1 == "99%" { v = $2 + 0; if ($2 ~ /us$/) v /= 1000; else if ($2 ~ /[^m]s$/) v *= 1000; print v }'; }

curl -s -X POST "$URL/setup" > /dev/null
curl -s -c "$WORK/jar" -X POST "$URL/bench-login" > /dev/null
SESSION=$(awk '$6 == "sessionid" {print $7}' "$WORK/jar")
[ -n "$SESSION" ] || { echo "login failed"; cat "$WORK/pony.log"; exit 1; }
[ "$(curl -s -H "Cookie: sessionid=$SESSION" "$URL/page")" = "<p>Hello, bench</p>" ] || { echo "not logged in"; exit 1; }

echo
echo "== 1. authenticated page against anonymous (wrk -t1 -c64 -d$DURATION, median of $ROUNDS alternating rounds) =="
# The cost of a request: the served worker's CPU time (user + system, from /proc) per request.
WORKER=$(pgrep -f "auth serve 127.0.0.1:$PORT" | head -1)
cpu_ticks() { awk '{print $14 + $15}' "/proc/$WORKER/stat"; }
# Prints "req/s CPU-µs-per-request" for one wrk run with the extra arguments given.
measure() {
    local before output after
    before=$(cpu_ticks)
    output=$(wrk -t1 -c64 -d"$DURATION" "$@" "$URL/page")
    after=$(cpu_ticks)
    python3 -c "import sys, os; r = int(sys.argv[1]); print(sys.argv[2], ($after - $before) / os.sysconf('SC_CLK_TCK') * 1e6 / r)" \
        "$(awk '/requests in/ {print $1}' <<<"$output")" "$(rps <<<"$output")"
}
wrk -t1 -c64 -d2s "$URL/page" > /dev/null
wrk -t1 -c64 -d2s -H "Cookie: sessionid=$SESSION" "$URL/page" > /dev/null
for _ in $(seq 1 "$ROUNDS"); do
    measure >> "$WORK/anonymous.txt"
    measure -H "Cookie: sessionid=$SESSION" >> "$WORK/authenticated.txt"
done
column() { awk "{print \$$1}" "$2" | median; }
printf 'anonymous:     %8.0f req/s  %5.1f µs CPU per request\n' "$(column 1 "$WORK/anonymous.txt")" "$(column 2 "$WORK/anonymous.txt")"
printf 'authenticated: %8.0f req/s  %5.1f µs CPU per request\n' "$(column 1 "$WORK/authenticated.txt")" "$(column 2 "$WORK/authenticated.txt")"
python3 -c "print(f'cost ratio (authenticated / anonymous): {$(column 2 "$WORK/authenticated.txt") / $(column 2 "$WORK/anonymous.txt"):.2f}x CPU per request, {$(column 1 "$WORK/anonymous.txt") / $(column 1 "$WORK/authenticated.txt"):.2f}x req/s (goal <= 1.3x)')"

echo
echo "== 2. /plaintext p99 during 20 concurrent logins (wrk -t1 -c16) =="
base=$(wrk -t1 -c16 -d"$DURATION" --latency "$URL/plaintext" | p99)
wrk -t1 -c16 -d"$DURATION" --latency "$URL/plaintext" > "$WORK/loaded.txt" &
WRK=$!
sleep 1
start=$(date +%s.%N)
logins=()
for _ in $(seq 1 20); do
    curl -s -o /dev/null -w "%{http_code}\n" -X POST "$URL/bench-login" >> "$WORK/logins.txt" &
    logins+=($!)
done
wait "${logins[@]}"
end=$(date +%s.%N)
wait $WRK
echo "logins: $(grep -c '^200$' "$WORK/logins.txt")/20 answered 200 in $(python3 -c "print(f'{$end - $start:.1f}')") s"
echo "plaintext p99 without logins: $base ms"
echo "plaintext p99 with logins:    $(p99 < "$WORK/loaded.txt") ms (goal < 50 ms)"

echo
echo "== 3. One login alone: Pony's POST against Django's check_password =="
pony=$(for _ in $(seq 1 20); do curl -s -o /dev/null -w "%{time_total}\n" -X POST "$URL/bench-login"; done | sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }')
django=$(python3 - <<'PY'
import statistics, time
from django.conf import settings
settings.configure()
from django.contrib.auth.hashers import check_password, make_password
encoded = make_password("benchmark-password")
times = []
for _ in range(20):
    start = time.perf_counter()
    assert check_password("benchmark-password", encoded)
    times.append(time.perf_counter() - start)
print(f"{statistics.median(times):.4f}")
PY
)
echo "Pony login POST (median of 20): ${pony} s; Django check_password alone (median of 20): ${django} s"
python3 -c "print(f'Django / Pony: {$django / $pony:.2f}x')"
