# Shared by the fuzz scripts (sourced): build a libFuzzer program from Swift files, and run it.

# fuzz_build PROGRAM MODULE FILES...: compiles FILES as MODULE with libFuzzer and
# AddressSanitizer into PROGRAM, with the package's upcoming features (Package.swift), so
# imports mean what they mean there; on failure prints the compiler's errors.
fuzz_build() {
    local program=$1 module=$2
    shift 2
    rm -f "$program"
    if ! swiftc -O -sanitize=fuzzer,address -parse-as-library -module-name "$module" -package-name pony \
        -enable-upcoming-feature InternalImportsByDefault -enable-upcoming-feature ExistentialAny \
        "$@" -o "$program" > "$program.log" 2>&1; then
        grep -E "error" "$program.log"
        return 1
    fi
}

# fuzz_run PROGRAM SECONDS MAX_LEN CORPUS: runs PROGRAM on CORPUS (which it grows) and prints
# the end of its report; a crash's input is kept beside PROGRAM.
# NB: -detect_leaks=0: the Swift runtime caches type metadata on first use, which LeakSanitizer
# reports as a leak of the first input that needs it (seen for `{{ d }}`: tuple metadata).
fuzz_run() {
    "$1" -max_total_time="$2" -max_len="$3" -timeout=5 -rss_limit_mb=4096 -detect_leaks=0 \
        -artifact_prefix="$(dirname "$1")/" "$4" 2>&1 | tail -20
}

# fuzz_folders NAME: sets WORK (.build/fuzz-NAME, the program and its crashes) and CORPUS
# (.build/fuzz-NAME-corpus, kept between runs) and makes them.
fuzz_folders() {
    WORK=.build/fuzz-$1
    CORPUS=.build/fuzz-$1-corpus
    mkdir -p "$WORK" "$CORPUS"
}
