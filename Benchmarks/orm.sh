#!/usr/bin/env bash
# Pony's ORM against raw sqlite-nio on one SQLite file, in one run (ratios, not absolute
# figures): get by primary key, filter+order+limit 20, single inserts, a 100k-row bulk insert.
#
#   Benchmarks/orm.sh            # ROUNDS=5 alternating rounds, median reported
#
# The raw side is what a hand-written app does: one connection with the same pragmas, the
# same SQL text Pony generates, rows decoded by column name into a struct. The first run
# builds Benchmarks/ORM in release mode (swift-syntax for the macros: several minutes).
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS=${ROUNDS:-5}
echo "Building Benchmarks/ORM (release)…"
swift build -c release --package-path Benchmarks/ORM 2>&1 | tail -1
Benchmarks/ORM/.build/release/ORMBench "$ROUNDS"
