#!/usr/bin/env bash
# The admin in a real browser: serves Examples/counter.swift with `pony run` (a copy in a
# temporary folder, a fresh database and a superuser), then runs admin_browser.py against it.
# Needs Debian's chromium and chromium-driver and Selenium (`pip install selenium`); .ci/run
# installs them. Screenshots go to $SHOTS (default: .build/admin-screenshots).
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT="$PWD"
SHOTS="${SHOTS:-$ROOT/.build/admin-screenshots}"
PORT="${PORT:-8791}"
WORK="$(mktemp -d)"
cp Examples/counter.swift "$WORK/"
swift build --product pony >/dev/null
export PONY_CACHE_DIR="${PONY_CACHE_DIR:-$ROOT/.build/pony-test-cache}"
"$ROOT/.build/debug/pony" run "$WORK/counter.swift" "127.0.0.1:$PORT" --user admin --pass 'browser-pass-1' \
    >"$WORK/server.log" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null || true; wait $SERVER 2>/dev/null || true; rm -rf "$WORK"' EXIT
for _ in $(seq 1 1800); do
    if curl -sf -o /dev/null "http://127.0.0.1:$PORT/"; then break; fi
    if ! kill -0 $SERVER 2>/dev/null; then cat "$WORK/server.log"; exit 1; fi
    sleep 1
done
python3 Tests/Browser/admin_browser.py "http://127.0.0.1:$PORT" admin 'browser-pass-1' "$SHOTS"
