#!/usr/bin/env bash
# tests/tsan/run.sh - ThreadSanitizer over the worker/main-thread
# hand-off: builds the agent and the unit tests with -fsanitize=thread in
# $SIA_BUILD/tsan-build (-DSIA_TSAN=ON; TSan and ASan do not mix), runs
# every unit test there, then tests/integration/test_handoff.sh (walks
# under load, snapshots rebuilt every second, SIGHUP reloads) against the
# TSan agent.  Any race or lock-order report fails the run; reports are
# printed.  Suppressions: tests/tsan/tsan.supp (net-snmp internals only,
# each with its reason).
#
#   bash tests/tsan/run.sh       (SIA_BUILD, SIA_SRC as for the other tests;
#                                 SIA_HANDOFF_SECONDS: load length, default 8)
set -euo pipefail

SIA_SRC=${SIA_SRC:-$(cd "$(dirname "$0")/../.." && pwd)}
SIA_BUILD=${SIA_BUILD:-$SIA_SRC/build}
tb=$SIA_BUILD/tsan-build
reports=$(mktemp -d "${TMPDIR:-/tmp}/sia-tsan.XXXXXX")
trap 'rm -rf "$reports"' EXIT
t0=$SECONDS

if ! { cmake -S "$SIA_SRC" -B "$tb" -DSIA_TSAN=ON -DSIA_SANITIZE=OFF \
    -DSIA_FUZZ=OFF -DSIA_BUILD_TESTS=ON -DCMAKE_BUILD_TYPE=RelWithDebInfo &&
    cmake --build "$tb" -j "$(nproc)"; } >"$SIA_BUILD/tsan-build.out" 2>&1; then
    cat "$SIA_BUILD/tsan-build.out"
    echo "tsan: build failed"
    exit 1
fi
echo "tsan: built $tb in $((SECONDS - t0)) s"

supp=$SIA_SRC/tests/tsan/tsan.supp
export TSAN_OPTIONS="halt_on_error=0 exitcode=66 second_deadlock_stack=1 suppressions=$supp log_path=$reports/tsan"
status=0
# A unit test with deadlines (test_mount_probe) can miss them under
# TSan on a loaded machine: it gets a second try.  Races are judged by
# the reports below, not by the test results.
ctest --test-dir "$tb" -R '^unit\.' -j "$(nproc)" --output-on-failure \
    --repeat until-pass:2 || status=1
SIA_BUILD=$tb bash "$SIA_SRC/tests/integration/test_handoff.sh" || status=1

shopt -s nullglob
found=("$reports"/tsan.*)
if [ ${#found[@]} -gt 0 ]; then
    echo "tsan: ${#found[@]} process(es) reported:"
    cat "${found[@]}"
    status=1
else
    echo "tsan: no reports (unit tests and test_handoff)"
fi
echo "tsan: done in $((SECONDS - t0)) s"
exit "$status"
