#!/usr/bin/env bash
# Reliability under hostile load (issue 13), in one run on this machine, against
# `pony serve Benchmarks/hardening.swift`:
#
#   Benchmarks/hardening.sh            # LONG=300s for the wrk -c1000 soak (default 300s)
#
# 1. slow statements: two ~5 s SQLite reads in flight, wrk -t1 -c16 on /plaintext: its p99,
#    against the same wrk without them;
# 2. slowloris: 1,000 connections trickling a request head: how many are dropped within
#    requestTimeout (10 s in the app) + 1 s, and /plaintext throughput meanwhile against
#    before;
# 3. wrk -t1 -c1000 on /plaintext for $LONG: errors, and the app's RSS at start, peak, end;
# 4. kill -9 during 64 writers: every row answered 201 must be in the database afterwards;
# 5. kill -9 during a migration that rebuilds a 2,000,000-row table: the schema, the
#    migration records and the rows must be as before, and the next start must apply it.
set -euo pipefail
cd "$(dirname "$0")/.."
LONG=${LONG:-300s}
PORT=${PORT:-8096}
WORK=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; pkill -f "hardening.swift" 2>/dev/null || true; rm -rf "$WORK"' EXIT
# wrk -c1000 and 1,000 slowloris connections need more than the usual 1,024 descriptors.
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true

source Benchmarks/lib.sh
ensure_wrk
swift build --product pony 2>&1 | tail -1
PONY=.build/debug/pony
export PONY_SECRET_KEY=benchmark-secret-key-0123456789abcdefghijklmnopqrstuvwxyz PONY_ALLOWED_HOSTS=127.0.0.1

mkdir -p "$WORK/app"
cp Benchmarks/hardening.swift "$WORK/app/hardening.swift"
# Starts `pony serve` on the app; SERVE_PID is the supervisor, APP_PID the compiled app (its
# child), whose RSS is read and which is killed.
start() {
    $PONY serve "$WORK/app/hardening.swift" 127.0.0.1:$PORT --workers 1 >> "$WORK/pony.log" 2>&1 &
    SERVE_PID=$!
    wait_port $PORT || { cat "$WORK/pony.log"; exit 1; }
    # NB: serve listens before its worker is up; the first answer means the worker serves.
    until curl -s -o /dev/null "http://127.0.0.1:$PORT/plaintext"; do sleep 0.1; done
    APP_PID=$(pgrep -P $SERVE_PID | head -1)
}
echo "Waiting for pony serve (builds the release framework the first time)…"
start
rss() { awk '/VmRSS/ {printf "%.1f", $2/1024}' /proc/$1/status; }
p99() { awk '$1 == "99%" { v = $2 + 0; if ($2 ~ /us$/) v /= 1000; else if ($2 ~ /[^m]s$/) v *= 1000; print v }'; }
rps() { awk '/Requests\/sec/ {print $2}'; }
errors() { awk '/Non-2xx|Socket errors/ {print}' | tr '\n' ' '; }
URL=http://127.0.0.1:$PORT

echo
echo "== 1. slow statements =="
wrk -t1 -c16 -d2s "$URL/plaintext" > /dev/null
base=$(wrk -t1 -c16 -d4s --latency "$URL/plaintext")
start_time=$(date +%s.%N); curl -s "$URL/slow/?n=2000000" > /dev/null; end_time=$(date +%s.%N)
N=$(python3 -c "print(int(2000000 * 5 / ($end_time - $start_time)))")
slow_pids=()
for _ in 1 2; do
    (s=$(date +%s.%N); curl -s "$URL/slow/?n=$N" > /dev/null; echo "$s $(date +%s.%N)" >> "$WORK/slow.txt") &
    slow_pids+=($!)
done
sleep 0.3
loaded=$(wrk -t1 -c16 -d4s --latency "$URL/plaintext")
wait "${slow_pids[@]}"
slow=$(awk '{printf "%.1f s ", $2 - $1}' "$WORK/slow.txt")
printf 'plaintext p99 alone: %s ms (%s req/s); with two slow reads (%s): %s ms (%s req/s) %s\n' \
    "$(p99 <<<"$base")" "$(rps <<<"$base")" "$slow" "$(p99 <<<"$loaded")" "$(rps <<<"$loaded")" "$(errors <<<"$loaded")"

echo
echo "== 2. slowloris =="
before=$(wrk -t1 -c16 -d10s "$URL/plaintext" | rps)
python3 Benchmarks/slowloris.py $PORT 1000 11 > "$WORK/loris.txt" &
loris=$!
sleep 1
during=$(wrk -t1 -c16 -d10s "$URL/plaintext" | rps)
wait $loris
read -r opened dropped within slowest < "$WORK/loris.txt"
printf 'slowloris: %s opened, %s dropped, %s within 11 s (slowest %s s); plaintext %s req/s before, %s during (%.2fx)\n' \
    "$opened" "$dropped" "$within" "$slowest" "$before" "$during" "$(echo "$during / $before" | bc -l)"

echo
echo "== 3. wrk -c1000 for $LONG =="
start_rss=$(rss "$APP_PID"); peak=$start_rss
(while kill -0 "$APP_PID" 2>/dev/null; do rss "$APP_PID"; echo; sleep 1; done) > "$WORK/rss.txt" &
sampler=$!
soak=$(wrk -t1 -c1000 -d"$LONG" --timeout 10s "$URL/plaintext")
sleep 2
end_rss=$(rss "$APP_PID")
kill $sampler 2>/dev/null || true
peak=$(sort -g "$WORK/rss.txt" | tail -1)
printf 'c1000: %s req/s, errors: %s; RSS start %s MiB, peak %s MiB, end %s MiB\n' \
    "$(rps <<<"$soak")" "$(errors <<<"$soak")" "$start_rss" "$peak" "$end_rss"

echo
echo "== 4. kill -9 during 64 writers =="
cat > "$WORK/post.lua" <<LUA
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
local counter = 0
local ids = io.open("$WORK/ids.txt", "a")
request = function()
    counter = counter + 1
    return wrk.format(nil, nil, nil, "name=entry" .. counter .. "&number=" .. counter)
end
response = function(status, headers, body)
    if status == 201 then ids:write(body:match('"id":(%d+)') .. "\n"); ids:flush() end
end
LUA
(sleep 3; kill -9 "$APP_PID") &
killer=$!
wrk -t1 -c64 -d6s --timeout 2s -s "$WORK/post.lua" "$URL/entries/" > "$WORK/writers.txt" || true
wait $killer
sleep 1
python3 - "$WORK/app/db.sqlite3" "$WORK/ids.txt" <<'PY'
import sqlite3, sys
ids = {int(line) for line in open(sys.argv[2]) if line.strip()}
rows = {row[0] for row in sqlite3.connect(sys.argv[1]).execute("SELECT id FROM hardening_entry")}
print(f"kill -9 during writes: {len(ids)} rows answered 201, {len(ids - rows)} of them missing afterwards")
PY

echo
echo "== 5. kill -9 during a migration =="
kill $SERVE_PID 2>/dev/null || true
sleep 2
python3 - "$WORK/app/db.sqlite3" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
db.execute("INSERT INTO hardening_entry (name, number) SELECT 'row' || value, value FROM "
           "(WITH RECURSIVE c(value) AS (SELECT 1 UNION ALL SELECT value + 1 FROM c WHERE value < 2000000) SELECT value FROM c)")
db.commit()
PY
snapshot() {
    python3 - "$WORK/app/db.sqlite3" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
schema = db.execute("SELECT group_concat(sql, ';') FROM (SELECT sql FROM sqlite_master ORDER BY name)").fetchone()[0]
migrations = db.execute("SELECT group_concat(name) FROM django_migrations").fetchone()[0]
count = db.execute("SELECT count(*) FROM hardening_entry").fetchone()[0]
import hashlib
print(hashlib.sha1(schema.encode()).hexdigest()[:12], migrations, count)
PY
}
before=$(snapshot)
# The next version of the app: a longer name, which SQLite applies by rebuilding the table.
sed -i 's/@Field(maxLength: 100) var name/@Field(maxLength: 200) var name/' "$WORK/app/hardening.swift"
: > "$WORK/migrate.log"
$PONY serve "$WORK/app/hardening.swift" 127.0.0.1:$PORT --workers 1 > "$WORK/migrate.log" 2>&1 &
serve=$!
for _ in $(seq 1 3000); do grep -q "Applying hardening.0002" "$WORK/migrate.log" && break; sleep 0.1; done
sleep 0.5
kill -9 "$(pgrep -P $serve | head -1)" 2>/dev/null || true
kill -9 $serve 2>/dev/null || true
wait $serve 2>/dev/null || true
grep -q " OK" <(grep "0002" "$WORK/migrate.log") && echo "(the migration finished before the kill: make the table bigger)"
after=$(snapshot)
printf 'schema, migrations, rows before: %s\n                 after the kill: %s\n' "$before" "$after"
[ "$before" = "$after" ] && echo "kill -9 during a migration: the database is as it was" || echo "kill -9 during a migration: CHANGED"
start
printf 'next start: %s\n' "$(grep "Applying hardening.0002" "$WORK/pony.log" | tail -1 | sed 's/^ *//')"
