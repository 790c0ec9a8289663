#!/usr/bin/env bash
# `pony build --release`: one executable. Prints its size and the libraries it still needs, and
# its cold start (exec → first 200 on /, median of 10) where Swift is not installed (a tmpfs over
# the toolchain in a mount namespace: needs root), against the binary `pony serve` runs for the
# same file (linked to the framework cache's libPonyRuntime.so and the toolchain's libraries),
# alternating, in the same run. Builds the release framework first if needed (minutes).
# Usage: Benchmarks/binary.sh [ROUNDS]
set -euo pipefail
cd "$(dirname "$0")/.."
source Benchmarks/lib.sh

rounds=${1:-10}
swift build --product pony 2>&1 | tail -1
PONY=$PWD/.build/debug/pony
work=$(mktemp -d /tmp/pony-binary.XXXXXX)
trap 'kill $(jobs -p) 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$work"' EXIT
mkdir -p "$work/app"
cp Examples/counter.swift "$work/app/"
export PONY_SECRET_KEY=benchmark-secret-key-0123456789abcdefghijklmnopqrstuvwxyz PONY_ALLOWED_HOSTS=127.0.0.1
toolchain=$(dirname "$(dirname "$(dirname "$(readlink -f "$(command -v swiftc)")")")")

$PONY build --release "$work/app/counter.swift" -o "$work/dist"
single="$work/dist/counter"

# The binary `pony serve` compiled: the newest counter in the cache's apps folder.
$PONY serve "$work/app/counter.swift" 127.0.0.1:8711 --workers 1 >"$work/serve.log" 2>&1 &
serve=$!
wait_port 8711 || { cat "$work/serve.log"; exit 1; }
kill -INT $serve; wait $serve 2>/dev/null || true
cache=${PONY_CACHE_DIR:-$HOME/.cache/pony}
dynamic=$(ls -t "$cache"/apps/counter-*/*/counter | head -1)

# Seconds from exec to the first 200 of `$@ serve 127.0.0.1:$port`.
cold_start() {
    local port=$1; shift
    local start; start=$(date +%s.%N)
    "$@" serve 127.0.0.1:$port >"$work/start.log" 2>&1 &
    local pid=$!
    until [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/")" = 200 ]; do
        kill -0 $pid 2>/dev/null || { cat "$work/start.log" >&2; return 1; }
        sleep 0.005
    done
    awk -v s="$start" -v e="$(date +%s.%N)" 'BEGIN {printf "%.3f\n", e - s}'
    kill -TERM $pid; wait $pid 2>/dev/null || true
}
hidden=(unshare -m sh -c 'mount -t tmpfs tmpfs "$1" && shift && exec "$@"' sh "$toolchain" "$single")
visible=(unshare -m sh -c 'exec "$@"' sh "$dynamic")

# First starts migrate each binary's own database; they are not timed.
cold_start 8712 "${hidden[@]}" >/dev/null
cold_start 8712 "${visible[@]}" >/dev/null
for _ in $(seq 1 "$rounds"); do
    cold_start 8712 "${hidden[@]}" >>"$work/single.txt"
    cold_start 8712 "${visible[@]}" >>"$work/dynamic.txt"
done

mib() { awk -v b="$(stat -c %s "$1")" 'BEGIN {printf "%.1f MiB", b / 1048576}'; }
runtime=$(ldd "$dynamic" | awk '/=> \// {print $3}' | grep -e "$toolchain" -e pony | xargs stat -L -c %s | awk '{s += $1} END {printf "%.1f MiB", s / 1048576}')
echo
echo "pony build --release Examples/counter.swift, $(git rev-parse --short HEAD), $(nproc) cores:"
echo "  one executable:          $(mib "$single") (stripped: $(strip -o "$work/stripped" "$single" && mib "$work/stripped"))"
echo "  it needs:                $(ldd "$single" | awk '{print $1}' | tr '\n' ' ')"
echo "  pony serve's binary:     $(mib "$dynamic") + $runtime of libPonyRuntime.so and Swift libraries"
echo "  cold start → first 200, median of $rounds:"
echo "    one executable, no Swift on the machine: $(median <"$work/single.txt") s"
echo "    pony serve's binary:                     $(median <"$work/dynamic.txt") s"
