#!/usr/bin/env bash
# The JSON API through a real server: serves Examples/todo_api.swift with `pony run` (a copy in
# a temporary folder, a fresh database, a superuser and a token), then
#   1. api_check.py: every status the API answers (200/201/204/400/401/404/405/415/422),
#      and the OpenAPI document against the committed golden copy (todo_api.openapi.json);
#   2. openapi-spec-validator on the document;
#   3. schemathesis against the live server: no 5xx, every response as its schema says, no
#      invalid request accepted (all checks but positive_data_acceptance: JSON Schema's
#      `format` is an annotation, so "" passes as a `date` although the API rightly refuses it),
#      with a 60 s response-time limit instead of `--checks all`'s 10 s: in one CI run a single
#      400 took 15.4 s, the kernel's SYN retransmission schedule (1+2+4+8 s) on a connection to
#      the development proxy, while the app's own access log never shows a request over 10 ms;
#   4. docs_browser.py: /api/docs in headless Chromium, offline (Swagger UI from Pony's copy).
# Needs `pip install openapi-spec-validator schemathesis selenium` and Debian's chromium and
# chromium-driver (.ci/run installs them). UPDATE_GOLDEN=1 rewrites the golden document.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT="$PWD"
PORT="${PORT:-8795}"
SHOTS="${SHOTS:-$ROOT/.build/api-screenshots}"
WORK="$(mktemp -d)"
SERVER=""
# On failure the server's log (with its access log and timings) is shown before it is removed.
trap 'status=$?; [ -n "$SERVER" ] && { kill "$SERVER" 2>/dev/null || true; wait "$SERVER" 2>/dev/null || true; }
    [ "$status" = 0 ] || { echo "--- server log (last 60 lines)"; tail -60 "$WORK/server.log"; }; rm -rf "$WORK"' EXIT
swift build --product pony >/dev/null
export PONY_CACHE_DIR="${PONY_CACHE_DIR:-$ROOT/.build/pony-test-cache}"
cp Examples/todo_api.swift "$WORK/"
APP="$WORK/todo_api.swift"
"$ROOT/.build/debug/pony" run "$APP" "127.0.0.1:$PORT" --user ann --pass 'api-pass-phrase-1' >"$WORK/server.log" 2>&1 &
SERVER=$!
for _ in $(seq 1 1800); do
    if curl -sf -o /dev/null "http://127.0.0.1:$PORT/api/openapi.json"; then break; fi
    if ! kill -0 "$SERVER" 2>/dev/null; then cat "$WORK/server.log"; exit 1; fi
    sleep 1
done
curl -sf -o "$WORK/openapi.json" "http://127.0.0.1:$PORT/api/openapi.json" || { cat "$WORK/server.log"; exit 1; }
TOKEN=$("$ROOT/.build/debug/pony" manage "$APP" createtoken ann | sed -n 's/^Generated token \([0-9a-f]*\) for user ann$/\1/p')
[ -n "$TOKEN" ] || { echo "createtoken printed no token"; exit 1; }
PONY_SUPERUSER_PASSWORD='api-pass-phrase-2' "$ROOT/.build/debug/pony" manage "$APP" createsuperuser \
    --username bob --email bob@example.com --noinput >/dev/null
OTHER=$("$ROOT/.build/debug/pony" manage "$APP" createtoken bob | sed -n 's/^Generated token \([0-9a-f]*\) for user bob$/\1/p')
python3 Tests/API/api_check.py "http://127.0.0.1:$PORT" "$TOKEN" "$OTHER" "$WORK/openapi.json" Tests/API/todo_api.openapi.json
python3 -m openapi_spec_validator "$WORK/openapi.json"
schemathesis run "http://127.0.0.1:$PORT/api/openapi.json" --checks all --max-examples 40 \
    --exclude-checks positive_data_acceptance --max-response-time 60 \
    --header "Authorization: Bearer $TOKEN" --report-dir "$WORK/schemathesis" --no-color
python3 Tests/API/docs_browser.py "http://127.0.0.1:$PORT" "$SHOTS"
echo "API checks passed."
