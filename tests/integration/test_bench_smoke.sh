#!/usr/bin/env bash
# test_bench_smoke.sh - the benchmark cannot rot: `bench/bench.sh --quick
# --processes 100 --scale 150 --instructions` runs to the end and its output is complete and sane.
# No timed assertions: only that every figure is there, is a number where
# one is due, and that the counts fit what the run set up (rows, varbinds
# of a static table, 200 tmpfs mounts as root); that the idle processes it
# started are gone afterwards.
set -u -o pipefail
# shellcheck source=tests/integration/lib.sh
. "$(dirname "$0")/lib.sh"

sia_need snmpd snmpbulkwalk snmpget snmpgetnext ss ps
sia_need_agent
[ -x "$SIA_BUILD/bench/sia_scantime" ] || sia_skip "bench helpers not built"
[ -r /proc/self/stat ] || sia_skip "no /proc"

OUT=$SIA_TMP/bench.out
JSON=$SIA_TMP/bench.json
sia_need valgrind
if bash "$SIA_SRC/bench/bench.sh" --quick --processes 100 --scale 150 \
    --instructions --build "$SIA_BUILD" --json "$JSON" >"$OUT" 2>&1; then
    sia_ok "bench.sh --quick --processes 100 --scale 150 --instructions exits 0"
else
    sia_fail "bench.sh failed:"
    tail -n 40 "$OUT"
fi
cat "$OUT"

# json KEY: the value of "KEY": in the JSON file (one key per line)
json() { sed -n "s/^  \"$1\": \\(.*\\),\\{0,1\\}\$/\\1/p" "$JSON" | sed 's/,$//'; }
num_re='^[0-9]+(\.[0-9]+)?$'
pos() { # KEY: a number > 0
    local v
    v=$(json "$1")
    if [[ $v =~ $num_re ]] && awk -v v="$v" 'BEGIN { exit !(v > 0) }'; then
        sia_ok "$1 = $v (> 0)"
    else
        sia_fail "$1: expected a number > 0, got '$v'"
    fi
}

[ -s "$JSON" ] || sia_die "no JSON at $JSON"
sia_assert_eq "JSON braces" "{ }" "$(head -1 "$JSON") $(tail -1 "$JSON")"
for k in ours floor hrx native; do
    pos "walk_${k}_varbinds"
    pos "walk_${k}_median_ms"
    pos "walk_${k}_us_per_varbind"
done
for k in rss_steady_kb_ours rss_peak_kb_ours rss_steady_kb_snmpd \
    rss_peak_kb_snmpd scan_rows scan_median_ms scan_us_per_process \
    ps_median_ms readfloor_median_ms ratio_ours_to_floor_per_varbind \
    ratio_scan_to_ps ratio_scan_to_readfloor table_rows scale_scan_median_ms \
    scale_scan_us_per_process scale_ps_median_ms scale_readfloor_median_ms \
    ratio_scan_per_process_scale instructions_per_varbind_native; do
    pos "$k"
done
sia_assert_eq "scale_processes" 150 "$(json scale_processes)"
# 50 more processes than the first scan saw (give or take the machine's own)
sia_assert_range "scale_scan_rows (50 added)" \
    $(($(json scan_rows) + 25)) $(($(json scan_rows) + 1000)) "$(json scale_scan_rows)"
for k in idle_cpu_s_per_min_ours idle_cpu_s_per_min_snmpd; do
    sia_assert_match "$k" "$num_re" "$(json "$k")"
done
sia_assert_eq "runs" 3 "$(json runs)"
sia_assert_eq "processes_added" 100 "$(json processes_added)"

# counts that follow from the set-up
rows=$(json table_rows)
sia_assert_eq "floor varbinds = table_rows x 34" $((rows * 34)) \
    "$(json walk_floor_varbinds)"
sia_assert_range "scan_rows (100 added)" 100 1000000 "$(json scan_rows)"
hr=$(json walk_native_varbinds)
sia_assert_range "hrSWRunTable varbinds (7 columns x >= 100 rows)" 700 10000000 "$hr"
sia_assert_range "ours varbinds (>= 6 columns x 100 rows)" 600 100000000 \
    "$(json walk_ours_varbinds)"
if "$SIA_AGENT_BIN" --help 2>&1 | grep -q -- --listen; then
    pos walk_listen_varbinds
    pos ratio_listen_to_native_per_varbind
    if grep -aq __asan_init "$SIA_AGENT_BIN"; then # valgrind cannot run it
        sia_assert_eq "instructions_per_varbind_listen (ASan build)" null \
            "$(json instructions_per_varbind_listen)"
    else
        pos instructions_per_varbind_listen
        pos ratio_listen_to_native_instructions
    fi
else
    sia_assert_eq "walk_listen_varbinds without --listen" null \
        "$(json walk_listen_varbinds)"
fi
if [ "$(id -u)" = 0 ] && unshare -m --propagation private true 2>/dev/null; then
    sia_assert_eq "tmpfs_mounts" 200 "$(json tmpfs_mounts)"
    sia_assert_range "mount table varbinds (>= 200 rows)" 200 10000000 \
        "$(json walk_mounts_varbinds)"
fi

# the human table
for line in '(a) ours' '(b) AgentX floor' '(c) snmpd -X' '(d) snmpd native' \
    '(e) ours standalone' 'CPU s per minute, idle' 'RSS steady MB' \
    'RSS peak MB' 'ours (bench/scantime' 'ps -eo' 'readfloor' 'targets:' \
    'per process, ' 'per-process scan cost at 150' 'Ir/varbind'; do
    grep -qF "$line" "$OUT" && sia_ok "table has '$line'" ||
        sia_fail "table lacks '$line'"
done

# nothing left behind: no idler running
left=0
for e in /proc/[0-9]*/exe; do
    [ "$(readlink "$e" 2>/dev/null)" = "$(readlink -f "$SIA_BUILD/bench/sia_idler")" ] &&
        left=$((left + 1))
done
sia_assert_eq "idle processes left after the bench" 0 "$left"
sia_finish
