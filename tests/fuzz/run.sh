#!/usr/bin/env bash
# tests/fuzz/run.sh - builds the libFuzzer targets (tests/fuzz/fuzz_*.c)
# with clang, -fsanitize=fuzzer,address,undefined, in their own build
# directory, and runs each one for a bounded time from its seed corpus
# (tests/fuzz/corpus/<target>/, copied: the repository is never written).
#
#   bash tests/fuzz/run.sh                  every target, 5 s each (the
#                                           smoke run of the test suite)
#   bash tests/fuzz/run.sh --time 3600 config options
#                                           chosen targets, an hour each
#   bash tests/fuzz/run.sh --time 600 --keep /tmp/corpus
#                                           keep the grown corpora there
#
# Environment: SIA_BUILD (default ./build; the fuzz tree goes in
# $SIA_BUILD/fuzz-build), SIA_SRC.  Extra libFuzzer flags: SIA_FUZZ_FLAGS
# (e.g. "-jobs=2 -workers=2").  A crash stops with exit 1 and leaves the
# input in $SIA_BUILD/fuzz-artifacts/ (replay: ./fuzz_NAME FILE).
# Prints one line per target: executions, seconds, corpus size.
set -euo pipefail

SIA_SRC=${SIA_SRC:-$(cd "$(dirname "$0")/../.." && pwd)}
SIA_BUILD=${SIA_BUILD:-$SIA_SRC/build}
secs=5
keep=
targets=()
while [ $# -gt 0 ]; do
    case "$1" in
    --time) secs=$2; shift 2 ;;
    --keep) keep=$2; shift 2 ;;
    -h | --help) sed -n '2,20p' "$0"; exit 0 ;;
    *) targets+=("$1"); shift ;;
    esac
done

if ! command -v clang >/dev/null 2>&1; then
    echo "fuzz: clang is not installed (run scripts/deps.sh)"
    exit 77
fi
mapfile -t all < <(find "$SIA_SRC/tests/fuzz" -maxdepth 1 -name 'fuzz_*.c' \
    -printf '%f\n' | sed 's/^fuzz_//; s/\.c$//' | sort)
[ ${#targets[@]} -gt 0 ] || targets=("${all[@]}")
fb=$SIA_BUILD/fuzz-build
art=$SIA_BUILD/fuzz-artifacts
mkdir -p "$SIA_BUILD" "$art"
t0=$SECONDS
if ! { CC=clang cmake -S "$SIA_SRC" -B "$fb" -DSIA_FUZZ=ON \
    -DSIA_BUILD_TESTS=OFF -DCMAKE_BUILD_TYPE=RelWithDebInfo &&
    cmake --build "$fb" -j "$(nproc)" --target "${all[@]/#/fuzz_}"; } \
    >"$SIA_BUILD/fuzz-build.out" 2>&1; then
    cat "$SIA_BUILD/fuzz-build.out"
    echo "fuzz: build failed"
    exit 1
fi
echo "fuzz: built in $fb in $((SECONDS - t0)) s"

work=$(mktemp -d "${TMPDIR:-/tmp}/sia-fuzz.XXXXXX")
trap 'rm -rf "$work"' EXIT

failed=0
total=0
for t in "${targets[@]}"; do
    bin=$fb/tests/fuzz/fuzz_$t
    [ -x "$bin" ] || { echo "fuzz: no target '$t'"; exit 2; }
    corpus=$work/$t
    mkdir -p "$corpus"
    [ -n "$keep" ] && corpus=$keep/$t && mkdir -p "$corpus"
    seeds=$SIA_SRC/tests/fuzz/corpus/$t
    log=$work/$t.log
    # -timeout: one input slower than 10 s is a hang; the corpus given
    # first is written to, the seeds only read.
    # shellcheck disable=SC2086 # SIA_FUZZ_FLAGS is a list of flags
    if "$bin" -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 \
        -print_final_stats=1 -artifact_prefix="$art/$t-" \
        ${SIA_FUZZ_FLAGS:-} "$corpus" "$seeds" >"$log" 2>&1; then
        runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
        size=$(find "$corpus" -type f | wc -l)
        printf 'fuzz: %-10s %10s executions in %s s, corpus %s inputs, no crash\n' \
            "$t" "${runs:-?}" "$secs" "$size"
        total=$((total + ${runs:-0}))
    else
        failed=1
        echo "fuzz: $t FAILED:"
        grep -E -A25 '^==[0-9]+==ERROR|FUZZ_CHECK|runtime error|deadly signal' "$log" | head -60
        grep -E 'Test unit written to' "$log" || true
    fi
done
echo "fuzz: ${#targets[@]} targets, $total executions in $((SECONDS - t0)) s"
exit "$failed"
