#!/usr/bin/env bash
# 64 concurrent HTTP writers for 30 s: Pony (Benchmarks/writers.swift, `pony serve`, one
# SQLite writer connection) against bare Hummingbird + sqlite-nio (a pool of connections,
# each with WAL and a 5 s busy timeout), in one run on this machine.
#
#   Benchmarks/writers.sh        # DURATION=30s CONNECTIONS="8 1 8:0" by default
#
# A CONNECTIONS entry `N:MS` gives the bare app N connections and a busy timeout of MS ms
# (`8:0`: SQLite's default, no waiting, as an app that does not set one).
#
# Then 64 readers GET random rows by primary key from the rows just written (Pony, and the
# bare app with 8 connections). Every POST inserts one row. Afterwards the rows in each database are counted: a row is
# lost when a request got a 2xx answer but its row is not there. Errors are wrk's non-2xx
# answers and socket errors (timeouts included).
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION=${DURATION:-30s}
CONNECTIONS=${CONNECTIONS:-"8 1 8:0"}
BARE_PORT=${BARE_PORT:-8094}
PONY_PORT=${PONY_PORT:-8095}
WORK=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$WORK"' EXIT

source Benchmarks/lib.sh
ensure_wrk
build_baseline_and_pony

cat > "$WORK/get.lua" <<'LUA'
local rows = tonumber(os.getenv("ROWS"))
local suffix = os.getenv("SUFFIX")
local prefix = os.getenv("PREFIX") or ""
request = function()
    return wrk.format("GET", prefix .. "/entries/" .. math.random(1, rows) .. suffix)
end
LUA
rows() { python3 -c "import sqlite3, sys; print(sqlite3.connect(sys.argv[1]).execute('SELECT count(*) FROM ' + sys.argv[2]).fetchone()[0])" "$1" "$2"; }

# Prints: req/s, 2xx answers, errors, rows in the table, lost rows.
run_writers() {
    local port=$1 database=$2 table=$3 output
    output=$(wrk -t1 -c64 -d"$DURATION" --timeout 10s -s Benchmarks/post_entries.lua "http://127.0.0.1:$port/entries/")
    local requests; requests=$(awk '/requests in/ {print $1}' <<<"$output")
    local non2xx; non2xx=$(awk '/Non-2xx/ {print $NF}' <<<"$output")
    local socket; socket=$(socket_errors <<<"$output")
    local rps; rps=$(awk '/Requests\/sec/ {print $2}' <<<"$output")
    sleep 1
    local stored; stored=$(rows "$database" "$table")
    local ok=$((requests - ${non2xx:-0}))
    local lost=$((ok > stored ? ok - stored : 0))
    echo "$rps $ok $((${non2xx:-0} + ${socket:-0})) $stored $lost"
}

# Prints req/s and the non-2xx answers of GETs of random rows among the first $3.
run_readers() {
    local output
    output=$(ROWS=$3 SUFFIX=$2 wrk -t1 -c64 -d"$DURATION" -s "$WORK/get.lua" "http://127.0.0.1:$1/")
    local non2xx; non2xx=$(awk '/Non-2xx/ {print $NF}' <<<"$output")
    echo "$(awk '/Requests\/sec/ {print $2}' <<<"$output") ${non2xx:-0}"
}

mkdir -p "$WORK/pony"
cp Benchmarks/writers.swift "$WORK/pony/writers.swift"
PONY_SECRET_KEY=benchmark-secret-key-0123456789abcdefghijklmnopqrstuvwxyz PONY_ALLOWED_HOSTS=127.0.0.1 \
    $PONY serve "$WORK/pony/writers.swift" 127.0.0.1:$PONY_PORT --workers 1 > "$WORK/pony.log" 2>&1 &
echo "Waiting for pony serve (builds the release framework the first time)…"
wait_port $PONY_PORT || { cat "$WORK/pony.log"; exit 1; }

printf '\n%-28s %10s %10s %8s %10s %6s\n' server "writes/s" "2xx" errors rows lost
read -r pony_rps ok errors stored lost <<<"$(run_writers $PONY_PORT "$WORK/pony/db.sqlite3" writers_entry)"
pony_stored=$stored
printf '%-28s %10s %10s %8s %10s %6s\n' "pony (1 writer connection)" "$pony_rps" "$ok" "$errors" "$stored" "$lost"
for setting in $CONNECTIONS; do
    connections=${setting%%:*}
    timeout=5000
    [[ $setting == *:* ]] && timeout=${setting##*:}
    rm -f "$WORK"/bare.sqlite3*
    Benchmarks/BareHummingbird/.build/release/BareHummingbird $BARE_PORT "$WORK/bare.sqlite3" "$connections" \
        "$timeout" > "$WORK/bare.log" 2>&1 &
    bare=$!
    wait_port $BARE_PORT
    read -r rps ok errors stored lost <<<"$(run_writers $BARE_PORT "$WORK/bare.sqlite3" entry)"
    printf '%-28s %10s %10s %8s %10s %6s\n' "bare ($connections conn., ${timeout} ms busy)" "$rps" "$ok" "$errors" \
        "$stored" "$lost"
    printf '%-28s %10.2f\n' "  ratio pony/bare" "$(echo "$pony_rps / $rps" | bc -l)"
    if [[ -z ${unsaved_bare:-} ]]; then
        bare_reads=$(run_readers $BARE_PORT "" "$stored")
        unsaved_bare=$(wrk -t1 -c64 -d"$DURATION" -s Benchmarks/post_entries.lua "http://127.0.0.1:$BARE_PORT/entries/unsaved" |
            awk '/Requests\/sec/ {print $2}')
    fi
    kill $bare; wait $bare 2>/dev/null || true
done

# The HTTP side alone: the same POSTs answered without the INSERT.
unsaved_pony=$(wrk -t1 -c64 -d"$DURATION" -s Benchmarks/post_entries.lua "http://127.0.0.1:$PONY_PORT/entries/unsaved/" |
    awk '/Requests\/sec/ {print $2}')
printf '\n%-28s %10s\n' "without the INSERT" "req/s"
printf '%-28s %10s\n' "pony" "$unsaved_pony" "bare" "$unsaved_bare"

# One row by primary key, from the rows just written.
pony_reads=$(run_readers $PONY_PORT / "$pony_stored")
printf '\n%-28s %10s %10s\n' "one-row reads (GET by pk)" "req/s" "non-2xx"
printf '%-28s %10s %10s\n' "pony" $pony_reads "bare (8 conn.)" $bare_reads
printf '%-28s %10.2f\n' "  ratio pony/bare" "$(echo "${pony_reads%% *} / ${bare_reads%% *}" | bc -l)"
# The same reads through app.api (`GET /api/entries/<id>`, the typed value as the response).
api_reads=$(PREFIX=/api run_readers $PONY_PORT "" "$pony_stored")
printf '%-28s %10s %10s\n' "pony, through app.api" $api_reads
printf '%-28s %10.2f\n' "  ratio pony api/bare" "$(echo "${api_reads%% *} / ${bare_reads%% *}" | bc -l)"
