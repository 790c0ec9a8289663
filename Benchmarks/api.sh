#!/usr/bin/env bash
# Issue 18's validation figure: POST a valid 10-field JSON body (and an invalid one, a body of
# two lists of 100 items, and one of a list of 50 objects) to
# `pony serve Benchmarks/apivalidation.swift` and to django-ninja (Benchmarks/NinjaAPI,
# gunicorn, 2 workers for the 2 cores, DEBUG off), wrk -t1 -c64, alternating, median of
# ROUNDS. Goal: Pony at least 20× django-ninja.
#
#   Benchmarks/api.sh            # DURATION=10s ROUNDS=3
set -euo pipefail
cd "$(dirname "$0")/.."
source Benchmarks/lib.sh
DURATION=${DURATION:-10s}
ROUNDS=${ROUNDS:-3}
PONY_PORT=8881
NINJA_PORT=8882
ensure_wrk
# (found, not imported: importing ninja needs Django's settings)
python3 -c 'import importlib.util as u, sys; sys.exit(not all(map(u.find_spec, ["django", "gunicorn", "ninja"])))' \
    || pip install -q "django>=5.2,<5.3" gunicorn django-ninja
swift build --product pony 2>&1 | tail -1
PONY=$PWD/.build/debug/pony
WORK=$(mktemp -d)
cleanup() { kill "${SERVE:-}" "${GUNICORN:-}" 2>/dev/null || true; rm -rf "$WORK"; }
trap cleanup EXIT
cp Benchmarks/apivalidation.swift "$WORK/"
PONY_SECRET_KEY="api-benchmark-only-$(head -c 24 /dev/urandom | base64)" PONY_ALLOWED_HOSTS=127.0.0.1 \
    "$PONY" serve "$WORK/apivalidation.swift" "127.0.0.1:$PONY_PORT" --workers 1 >"$WORK/pony.log" 2>&1 &
SERVE=$!
(cd Benchmarks/NinjaAPI && exec python3 -m gunicorn -w 2 -b "127.0.0.1:$NINJA_PORT" ninjasite:application \
    >"$WORK/ninja.log" 2>&1) &
GUNICORN=$!
echo "Waiting for pony serve (builds the release framework the first time)…"
wait_port $PONY_PORT || { cat "$WORK/pony.log"; exit 1; }
wait_port $NINJA_PORT || { cat "$WORK/ninja.log"; exit 1; }

VALID='{"customer": "Ann Smith", "email": "ann@example.com", "quantity": 3, "price": 9.99, "express": true, "note": "Leave at the door", "country": "GB", "delivery": "2026-12-24T10:00:00Z", "tags": ["gift", "fragile"], "coupon": null}'
INVALID='{"customer": "", "email": "nobody", "quantity": 0, "price": -1, "express": "maybe", "country": "US", "delivery": "soon", "tags": ["a", "b", "c", "d", "e", "f"]}'
echo "$VALID" > "$WORK/valid.json"
echo "$INVALID" > "$WORK/invalid.json"
python3 -c 'import json; print(json.dumps({"tags": ["tag%d" % i for i in range(100)], "counts": list(range(100))}))' \
    > "$WORK/lists.json"
python3 -c 'import json; print(json.dumps({"lines": [{"sku": "SKU-%d" % i, "quantity": i % 9 + 1} for i in range(50)]}))' \
    > "$WORK/objects.json"
# Each body and the endpoint it goes to.
BODIES="valid:/api/orders invalid:/api/orders lists:/api/tallies objects:/api/baskets"
for body in $BODIES; do
    name=${body%%:*} route=${body#*:}
    python3 - "$WORK/$name.json" > "$WORK/$name.lua" <<'PY'
import json, sys
print('wrk.method = "POST"')
print('wrk.headers["Content-Type"] = "application/json"')
print("wrk.body = " + json.dumps(open(sys.argv[1]).read().strip()))
PY
    for port in $PONY_PORT $NINJA_PORT; do
        code=$(curl -s -o /dev/null -w '%{http_code}' -H 'Content-Type: application/json' \
            --data-binary @"$WORK/$name.json" "http://127.0.0.1:$port$route")
        echo "port $port, $name body: HTTP $code"
    done
done

measure() {
    local output; output=$(wrk -t1 -c64 -d"$DURATION" --latency -s "$WORK/$3.lua" "http://127.0.0.1:$1$2")
    local rps; rps=$(awk '/Requests\/sec/ {print $2}' <<<"$output")
    local p99; p99=$(awk '$1 == "99%" { v = $2 + 0; if ($2 ~ /us$/) v /= 1000; else if ($2 ~ /[^m]s$/) v *= 1000; print v }' <<<"$output")
    echo "$rps $p99"
}
printf '\n%-8s %-6s %12s %10s  (median of %s alternating rounds)\n' body server "req/s" "p99" "$ROUNDS"
for body in $BODIES; do
    name=${body%%:*} route=${body#*:}
    wrk -t1 -c64 -d2s -s "$WORK/$name.lua" "http://127.0.0.1:$PONY_PORT$route" >/dev/null
    wrk -t1 -c64 -d2s -s "$WORK/$name.lua" "http://127.0.0.1:$NINJA_PORT$route" >/dev/null
    : > "$WORK/pony.txt"; : > "$WORK/ninja.txt"
    for _ in $(seq 1 "$ROUNDS"); do
        measure $PONY_PORT "$route" $name >> "$WORK/pony.txt"
        measure $NINJA_PORT "$route" $name >> "$WORK/ninja.txt"
    done
    for server in pony ninja; do
        rps=$(awk '{print $1}' "$WORK/$server.txt" | median)
        p99=$(awk '{print $2}' "$WORK/$server.txt" | median)
        printf '%-8s %-6s %12s %9sms\n' "$name" "$server" "$rps" "$p99"
        eval "${server}_rps=$rps"
    done
    printf '%-8s ratio pony/django-ninja: %.1f\n' "$name" "$(echo "$pony_rps / $ninja_rps" | bc -l)"
done
