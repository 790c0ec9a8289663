#!/usr/bin/env bash
# A newcomer's first run, on a fresh machine as far as one can be made here: a new clone of
# this checkout (no `.build`) and an empty ~/.cache (a tmpfs mounted over it in a mount
# namespace of its own: empty SwiftPM, clang and Pony caches; git still reads github.com from
# the local mirror through /etc/gitconfig). Needs root (unshare, mount). Times
#   1. `swift run pony run Examples/counter.swift` from the command to its first 200,
#   2. then `pony serve` of the same file (the release framework) to its first 200,
#   3. then `pony run` again (everything cached) to its first 200.
# Usage: Benchmarks/firstrun.sh [REV]   (default HEAD; the clone and home go under /tmp)
#        ONLY_RUN=1 Benchmarks/firstrun.sh [REV]   (step 1 alone)
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -z "${PONY_FIRSTRUN_NAMESPACE:-}" ]; then
    exec env PONY_FIRSTRUN_NAMESPACE=1 unshare -m bash -c 'mount -t tmpfs tmpfs "$HOME/.cache" && exec "$0" "$@"' \
        "$0" "$@"
fi
source Benchmarks/lib.sh

revision=${1:-HEAD}
work=$(mktemp -d /tmp/pony-firstrun.XXXXXX)
trap 'kill $(jobs -p) 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$work"' EXIT
git clone -q . "$work/pony"
git -C "$work/pony" checkout -q "$revision"
unset PONY_CACHE_DIR XDG_CACHE_HOME PONY_SOURCE_DIR
cd "$work/pony"

# Seconds from $1 until 127.0.0.1:$2/ answers 200 (up to 40 minutes, while process $3 lives).
until_200() {
    local start=$1 port=$2 pid=$3
    for _ in $(seq 1 24000); do
        kill -0 "$pid" 2>/dev/null || { echo "exited"; return 1; }
        if [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/" 2>/dev/null)" = 200 ]; then
            awk -v s="$start" -v e="$(date +%s.%N)" 'BEGIN {printf "%.1f", e - s}'
            return 0
        fi
        sleep 0.1
    done
    echo "never"
    return 1
}

stop() { kill -INT "$1" 2>/dev/null || true; wait "$1" 2>/dev/null || true; }

start=$(date +%s.%N)
swift run pony run Examples/counter.swift 127.0.0.1:8601 --user admin --pass 'first-run-password-1' \
    >"$work/run.log" 2>&1 &
pid=$!
first=$(until_200 "$start" 8601 $pid) || { tail -40 "$work/run.log"; exit 1; }
stop $pid
# "Built the Pony framework (debug) in 300 s." and the like, one per build step.
built() { grep -o 'Built .* in [0-9]* s' "$1" | sed 's/^Built //' | paste -sd ';' | sed 's/;/; /g'; }
framework=$(built "$work/run.log")
if [ -n "${ONLY_RUN:-}" ]; then
    echo
    echo "fresh machine, $(git rev-parse --short HEAD), $(nproc) cores:"
    echo "  swift run pony run Examples/counter.swift → first 200: ${first} s (built: ${framework})"
    exit 0
fi

start=$(date +%s.%N)
PONY_SECRET_KEY=first-run-secret-key-0123456789abcdefghijklmnopqrstuvwxyz PONY_ALLOWED_HOSTS=127.0.0.1 \
    .build/debug/pony serve Examples/counter.swift 127.0.0.1:8602 --workers 1 >"$work/serve.log" 2>&1 &
pid=$!
serve=$(until_200 "$start" 8602 $pid) || { tail -40 "$work/serve.log"; exit 1; }
stop $pid
release=$(built "$work/serve.log")

start=$(date +%s.%N)
.build/debug/pony run Examples/counter.swift 127.0.0.1:8603 >"$work/again.log" 2>&1 &
pid=$!
again=$(until_200 "$start" 8603 $pid) || { tail -40 "$work/again.log"; exit 1; }
stop $pid

echo
echo "fresh machine, $(git rev-parse --short HEAD), $(nproc) cores:"
echo "  swift run pony run Examples/counter.swift → first 200: ${first} s (built: ${framework})"
echo "  then pony serve → first 200:                            ${serve} s (built: ${release:-nothing})"
echo "  then pony run again → first 200:                        ${again} s"
