#!/usr/bin/env bash
# Fuzzes the JSON reader (PonySupport's JSONParser) with libFuzzer and AddressSanitizer for
# SECONDS (default 120):  Fuzz/json.sh [SECONDS]
# The reader and the writer it is checked against are compiled with the entry point into one
# program; the corpus starts from well-formed and broken documents and is kept in
# .build/fuzz-json-corpus.
set -euo pipefail
cd "$(dirname "$0")/.."
source Fuzz/lib.sh
SECONDS_TO_RUN=${1:-120}
fuzz_folders json
python3 - "$CORPUS" <<'PY'
import os, sys
seeds = [
    '{"customer": "Ann", "quantity": 3, "price": 9.99, "express": true, "note": null, "tags": ["a", "b"]}',
    '[1, -0, 1e400, -1.5E-7, 9223372036854775808, NaN, -Infinity, "\\u00e9\\ud83d\\ude00\\ud800", "\\n\\t\\/"]',
    '{"a": {"a": {"a": [[[[{}]]]]}}, "a": 2}',
    '  "unterminated \\',
    '{"x": tru}',
    '[' * 600 + ']' * 600,
]
for index, seed in enumerate(seeds):
    open(os.path.join(sys.argv[1], "seed%d" % index), "w").write(seed)
PY
fuzz_build "$WORK/fuzz-json" PonySupport Sources/PonySupport/JSON/JSONParser.swift \
    Sources/PonySupport/JSON/JSONValue.swift Sources/PonySupport/JSON/JSONValue+Python.swift Fuzz/JSONFuzzer.swift
fuzz_run "$WORK/fuzz-json" "$SECONDS_TO_RUN" 4096 "$CORPUS"
