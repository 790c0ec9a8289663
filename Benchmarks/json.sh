#!/usr/bin/env bash
# Issue 18's "fast JSON": Pony's CompactJSONEncoder against Foundation's JSONEncoder (the
# options of Response.defaultJSONEncoder) on TechEmpower's message, one model row and a page
# of 50 rows, in one process, three alternating rounds (Benchmarks/JSONEncode, release). The
# HTTP figure, the JSON test through `pony serve` against bare Hummingbird, is run.sh's.
#
#   Benchmarks/json.sh           # DURATION=2 seconds per measurement
set -euo pipefail
cd "$(dirname "$0")/.."
echo "Building Benchmarks/JSONEncode (release)…"
swift build -c release --package-path Benchmarks/JSONEncode 2>&1 | tail -1
Benchmarks/JSONEncode/.build/release/JSONEncode "${DURATION:-2}"
