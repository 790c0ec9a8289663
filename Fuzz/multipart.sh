#!/usr/bin/env bash
# Fuzzes the multipart/form-data parser with libFuzzer and AddressSanitizer for SECONDS
# (default 120):  Fuzz/multipart.sh [SECONDS]
# The parser's two files are compiled with the entry point into one program; the corpus
# starts from a few well-formed and broken bodies and is kept in .build/fuzz-multipart-corpus.
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_TO_RUN=${1:-120}
WORK=.build/fuzz-multipart
CORPUS=.build/fuzz-multipart-corpus
mkdir -p "$WORK" "$CORPUS"
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
rm -f "$WORK/fuzz-multipart"
if ! swiftc -O -sanitize=fuzzer,address -parse-as-library -module-name PonyWeb -package-name pony \
    -enable-upcoming-feature InternalImportsByDefault -enable-upcoming-feature ExistentialAny \
    Sources/PonyWeb/Uploads/MultipartParser.swift Sources/PonyWeb/Uploads/HeaderParameters.swift \
    Fuzz/MultipartFuzzer.swift -o "$WORK/fuzz-multipart" > "$WORK/build.log" 2>&1; then
    grep -E "error" "$WORK/build.log"
    exit 1
fi
"$WORK/fuzz-multipart" -max_total_time="$SECONDS_TO_RUN" -max_len=2048 -timeout=5 -rss_limit_mb=4096 -detect_leaks=0 \
    -artifact_prefix="$WORK/" "$CORPUS" 2>&1 | tail -15
