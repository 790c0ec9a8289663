#!/usr/bin/env bash
# The admin in a real browser: serves Examples/counter.swift and Tests/Browser/blog.swift with
# `pony run` (copies in a temporary folder, fresh databases, a superuser, mail written to a
# folder), then runs admin_browser.py, reset_browser.py, widgets_browser.py and sites_browser.py
# against them.
# Needs Debian's chromium and chromium-driver and Selenium (`pip install selenium`); .ci/run
# installs them. Screenshots go to $SHOTS (default: .build/admin-screenshots).
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT="$PWD"
SHOTS="${SHOTS:-$ROOT/.build/admin-screenshots}"
PORT="${PORT:-8791}"
WORK="$(mktemp -d)"
SERVERS=()
trap 'for pid in "${SERVERS[@]}"; do kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; done; rm -rf "$WORK"' EXIT
swift build --product pony >/dev/null
export PONY_CACHE_DIR="${PONY_CACHE_DIR:-$ROOT/.build/pony-test-cache}"

# serve FILE PORT: runs FILE in its own folder and waits for its first answer.
serve() {
    local dir="$WORK/$(basename "$1" .swift)"
    mkdir -p "$dir"
    cp "$1" "$dir/"
    PONY_EMAIL_URL="file://$dir/mail" \
        "$ROOT/.build/debug/pony" run "$dir/$(basename "$1")" "127.0.0.1:$2" --user admin --pass 'browser-pass-1' \
        >"$dir/server.log" 2>&1 &
    local pid=$!
    SERVERS+=("$pid")
    for _ in $(seq 1 1800); do
        if curl -sf -o /dev/null "http://127.0.0.1:$2/admin/login/"; then return 0; fi
        if ! kill -0 "$pid" 2>/dev/null; then cat "$dir/server.log"; exit 1; fi
        sleep 1
    done
    echo "$1 did not start"; cat "$dir/server.log"; exit 1
}

serve Examples/counter.swift "$PORT"
python3 Tests/Browser/admin_browser.py "http://127.0.0.1:$PORT" admin 'browser-pass-1' "$SHOTS"
python3 Tests/Browser/reset_browser.py "http://127.0.0.1:$PORT" admin 'browser-pass-1' "$SHOTS" "$WORK/counter/mail"
serve Tests/Browser/blog.swift "$((PORT + 1))"
python3 Tests/Browser/widgets_browser.py "http://127.0.0.1:$((PORT + 1))" admin 'browser-pass-1' "$SHOTS"
python3 Tests/Browser/sites_browser.py "http://127.0.0.1:$((PORT + 1))" admin 'browser-pass-1' "$SHOTS"
