#!/usr/bin/env bash
# scripts/test.sh - the whole check, as CI runs it (.ci/run):
#   1. scripts/deps.sh (installs what is missing; needs root for that);
#   2. configure and build with AddressSanitizer + UBSan in build/;
#   3. clang-format check of every C file (fails on any difference);
#   4. ctest: unit tests, MIB checks, end-to-end tests against private
#      snmpd masters on loopback (never the system's snmpd), 2 in parallel;
#      among them the long-haul checks, which build their own trees under
#      $BUILD: fuzz.smoke (tests/fuzz/run.sh, clang + libFuzzer),
#      tsan.handoff (tests/tsan/run.sh, ThreadSanitizer) and soak.short
#      (tests/soak/soak.sh, a plain build).
# Environment: SIA_TEST_BUILD (build directory, default build),
# SIA_TEST_JOBS (ctest parallelism, default 2).
set -euo pipefail
cd "$(dirname "$0")/.."

BUILD=${SIA_TEST_BUILD:-build}
JOBS=${SIA_TEST_JOBS:-2}
start=$SECONDS

step() {
    printf '\n=== %s (%ds)\n' "$*" $((SECONDS - start))
}

step "dependencies"
bash scripts/deps.sh

step "configure and build ($BUILD, sanitizers on)"
cmake -S . -B "$BUILD" -DSIA_SANITIZE=ON -DSIA_BUILD_TESTS=ON \
    -DCMAKE_BUILD_TYPE=RelWithDebInfo
cmake --build "$BUILD" -j "$(nproc)"

step "clang-format"
if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
    # tracked files and new ones not ignored (a local run sees them too)
    mapfile -t c_files < <(git ls-files --cached --others --exclude-standard \
        -- '*.c' '*.h' | sort -u)
else
    mapfile -t c_files < <(find src platform tests bench -name '*.[ch]' \
        2>/dev/null | sort)
fi
unformatted=()
for f in "${c_files[@]}"; do
    [ -f "$f" ] || continue
    clang-format --dry-run -Werror "$f" >/dev/null 2>&1 || unformatted+=("$f")
done
format_ok=1
if [ ${#unformatted[@]} -gt 0 ]; then
    format_ok=0
    echo "clang-format would change ${#unformatted[@]} file(s):"
    printf '  %s\n' "${unformatted[@]}"
    echo "fix with: clang-format -i ${unformatted[*]}"
else
    echo "clang-format: ${#c_files[@]} files clean"
fi

step "ctest"
ctest_ok=1
ctest --test-dir "$BUILD" --output-on-failure -j "$JOBS" || ctest_ok=0

# Nothing more is printed on success: ctest's summary stays the last line.
[ "$format_ok" = 1 ] || echo "FAILED: clang-format check (see above)"
[ "$format_ok" = 1 ] && [ "$ctest_ok" = 1 ]
