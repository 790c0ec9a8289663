# Shared by the benchmark scripts: `source Benchmarks/lib.sh`.

# wrk from Debian's packages, installed when missing.
ensure_wrk() {
    if ! command -v wrk >/dev/null; then
        echo "Installing wrk…"
        (apt-get update -qq && apt-get install -y -qq wrk) >/dev/null
    fi
}

# Builds the bare Hummingbird baseline (release) and `pony`; sets PONY.
build_baseline_and_pony() {
    echo "Building the bare Hummingbird app and pony…"
    swift build -c release --package-path Benchmarks/BareHummingbird 2>&1 | tail -1
    swift build --product pony 2>&1 | tail -1
    PONY=.build/debug/pony
}

# Waits until something listens on 127.0.0.1:$1 (up to 30 minutes: a first `pony serve`
# builds the release framework, which took over 10 minutes on a fresh 2-core machine).
wait_port() {
    for _ in $(seq 1 18000); do (echo > /dev/tcp/127.0.0.1/$1) 2>/dev/null && return 0; sleep 0.1; done
    return 1
}

# The median of the numbers on standard input, one per line.
median() { sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

# The socket errors (connect, read, write, timeout) in wrk's output on standard input; 0 when
# wrk printed none. ("  Socket errors: connect 0, read 33, write 0, timeout 0")
socket_errors() { awk '/Socket errors/ {gsub(",", ""); n = $4 + $6 + $8 + $10} END {print n + 0}'; }
