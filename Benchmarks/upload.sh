#!/usr/bin/env bash
# Issue 16's upload figure, against `pony run Benchmarks/upload.swift` (MODE=serve for
# `pony serve`, which builds the release framework the first time):
#
#   Benchmarks/upload.sh            # SIZE_MB=100
#
# A SIZE_MB file is posted as multipart/form-data with curl. The app process's resident
# memory is read from /proc before the upload and its peak (VmHWM, reset with clear_refs)
# after: the body streams through the parser to a temporary file and is moved into
# media/, so the growth must stay under 16 MiB (the goal) whatever the file's size. The
# same is measured for a 1 MB upload (held in memory, below FILE_UPLOAD_MAX_MEMORY_SIZE) as
# the baseline of the same run, and the stored file is compared with the one sent.
set -euo pipefail
cd "$(dirname "$0")/.."
PORT=${PORT:-8098}
SIZE_MB=${SIZE_MB:-100}
MODE=${MODE:-run}
WORK=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$WORK"' EXIT

source Benchmarks/lib.sh
swift build --product pony 2>&1 | tail -1
PONY=.build/debug/pony
export PONY_SECRET_KEY=benchmark-secret-key-0123456789abcdefghijklmnopqrstuvwxyz PONY_ALLOWED_HOSTS=127.0.0.1
export PONY_ACCESS_LOG=0
mkdir -p "$WORK/app"
cp Benchmarks/upload.swift "$WORK/app/upload.swift"
echo "Waiting for pony $MODE (builds the framework the first time)…"
$PONY "$MODE" "$WORK/app/upload.swift" 127.0.0.1:$PORT > "$WORK/pony.log" 2>&1 &
PONY_PID=$!
wait_port $PORT || { cat "$WORK/pony.log"; exit 1; }
until curl -sf "http://127.0.0.1:$PORT/" > /dev/null; do sleep 0.2; done
APP=$(pgrep -P "$PONY_PID" | head -1)
[ -n "$APP" ] || { echo "no app process under pony ($PONY_PID)"; exit 1; }
kib() { awk -v key="$1:" '$1 == key {print $2}' "/proc/$APP/status"; }

# Growth of the app's peak RSS while it receives a SIZE-MB file, in KiB.
measure() {
    local size=$1 file="$WORK/upload-$1.bin"
    head -c "${size}M" /dev/urandom > "$file"
    echo 5 > "/proc/$APP/clear_refs"
    local before peak reply
    before=$(kib VmRSS)
    reply=$(curl -s -F "file=@$file;filename=upload-$size.bin" "http://127.0.0.1:$PORT/upload")
    peak=$(kib VmHWM)
    cmp -s "$file" "$WORK/app/media/${reply%% *}" || { echo "stored file differs: $reply"; exit 1; }
    echo $((peak - before))
}
measure 1 > /dev/null  # warm-up
small=$(measure 1)
large=$(measure "$SIZE_MB")
echo
echo "== peak RSS growth of the app while receiving an upload (pony $MODE) =="
echo "1 MB upload (in memory, baseline): $((small / 1024)) MiB ($small KiB)"
echo "$SIZE_MB MB upload (streamed to disk): $((large / 1024)) MiB ($large KiB) (goal < 16 MiB)"
