#!/usr/bin/env bash
# Fuzzes the multipart/form-data parser with libFuzzer and AddressSanitizer for SECONDS
# (default 120):  Fuzz/multipart.sh [SECONDS]
# The parser's two files are compiled with the entry point into one program; the corpus
# starts from a few well-formed and broken bodies and is kept in .build/fuzz-multipart-corpus.
set -euo pipefail
cd "$(dirname "$0")/.."
source Fuzz/lib.sh
SECONDS_TO_RUN=${1:-120}
fuzz_folders multipart
python3 - "$CORPUS" <<'PY'
import os, sys
b = b"--fuzzboundary"
seeds = [
    b"\x07" + b + b"\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nvalue\r\n" + b + b"--\r\n",
    b"\x01preamble\r\n" + b + b"\r\nContent-Disposition: form-data; name=\"f\"; filename=\"../x.txt\"\r\n"
        b"Content-Type: text/plain; charset=utf-8\r\n\r\nline\r\n--fuzz\r\n" + b + b"--",
    b"\x1f" + b + b"  \r\nContent-Disposition: form-data; name*=x; filename*=UTF-8''%E2%82%AC\r\n\r\n\r\n" + b + b"--",
    b"\x03" + b + b"\r\nX\r\n\r\n" + b,
]
for index, seed in enumerate(seeds):
    open(os.path.join(sys.argv[1], "seed%d" % index), "wb").write(seed)
PY
fuzz_build "$WORK/fuzz-multipart" PonyWeb Sources/PonyWeb/Uploads/MultipartParser.swift \
    Sources/PonyWeb/Uploads/HeaderParameters.swift Fuzz/MultipartFuzzer.swift
fuzz_run "$WORK/fuzz-multipart" "$SECONDS_TO_RUN" 2048 "$CORPUS"
