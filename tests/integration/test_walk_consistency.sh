#!/usr/bin/env bash
# test_walk_consistency.sh - the rows of one walk of sysinfoProcessTable
# come from one process scan, even when the walk outlasts cache_ttl.
#
# The agent runs with cache_ttl 1.  Enough idle processes are added that
# a bulk walk of the whole table takes well over a second (up to three
# sizing walks, timed and printed, each adding processes if it was too
# quick), then the table is walked again while:
#   - a bounded loop keeps starting and killing short-lived processes, so
#     that any two scans list different pids;
#   - a sampler GETs sysinfoProcessSnapshotAge every 0.2 s;
#   - once the walk has passed the Ppid column, a marker process is
#     started and one of the idle processes is killed.
# Then:
#   1. the columns every row has (Ppid, Name, State, Children, Signal,
#      Unknown) list exactly the same pids, and no other column lists a
#      pid they do not; no cell is there whose bit in the row's
#      sysinfoProcessUnknown says it is unknown;
#   2. the marker is in none of them, the killed process in all of them;
#   3. every age sample points at one snapshot (the start instants the
#      samples allow have a common point), started before the walk, and
#      older than cache_ttl by the end: it was held back;
#   4. right after the walk, once no GETNEXT came for a second, a fresh
#      snapshot is served again: one whose scan started after the walk
#      ended (its age is less than the time since), with the marker in
#      it.  Scans are demand-driven, so that snapshot is scanned after
#      the walk: the wait allows 1 s of pin, one scan (several seconds
#      on a loaded machine with a sanitizer build) and slack: 20 s;
#   5. the pin's cap: GETNEXTs in the table every 0.2 s hold a snapshot
#      for 30 s (max(4 x cache_ttl, 30 s)), not less, and no longer
#      (about 32 s; set SIA_WALK_CAP=0 to leave it out).
#
# Knobs: SIA_WALK_PROCS (idle processes to start with, default 400),
# SIA_WALK_TARGET_MS (wanted duration of the walk, default 4000).  Run by
# hand:  SIA_BUILD=build bash tests/integration/test_walk_consistency.sh
set -euo pipefail
# shellcheck disable=SC2119 # the lib's optional arguments
export LC_ALL=C
# shellcheck source=tests/integration/lib.sh
. "$(dirname "$0")/lib.sh"

sia_need snmpd snmpget snmpgetnext snmpbulkwalk ss comm
sia_need_agent
[ -r /proc/self/stat ] || sia_skip "no /proc"

ENTRY=$SIA_OID_PROC_TABLE.1
OID_AGE=$SIA_OID_MIB.1.2.2.0 # sysinfoProcessSnapshotAge.0
TTL=1
CAP_CS=3000                 # max(4 x 1 s, 30 s), in hundredths
ALWAYS=(2 3 7 26 27 35)     # Ppid Name State Children Signal Unknown
declare -A COLNAME=([2]=Ppid [3]=Name [7]=State [26]=Children [27]=Signal [35]=Unknown)
START_PROCS=${SIA_WALK_PROCS:-400}
TARGET_MS=${SIA_WALK_TARGET_MS:-4000}
MAX_PROCS=4000

W=$SIA_TMP/w
mkdir -p "$W"

# ------------------------------------------------------------ cleanup

# The idle processes are not in SIA_PIDS: the lib stops those one by one
# (TERM, then a 0.1 s poll each), which for hundreds would take minutes.
# They are killed here by pid, with the background loops, before the
# lib's own cleanup (which gets the exit status it would have had).
IDLE=()
BG=() # churn loop, age sampler
walk_cleanup() {
    local p
    touch "$W/stop"
    for p in "${BG[@]}"; do
        kill -TERM "$p" 2>/dev/null || true
        wait "$p" 2>/dev/null || true
    done
    BG=()
    if [ ${#IDLE[@]} -gt 0 ]; then
        kill -KILL "${IDLE[@]}" 2>/dev/null || true
        for p in "${IDLE[@]}"; do wait "$p" 2>/dev/null || true; done
    fi
    IDLE=()
}
# shellcheck disable=SC2317 # run by the EXIT trap
on_exit() {
    local status=$?
    walk_cleanup 2>/dev/null
    # sia_cleanup takes the status from $?: give it ours
    (exit "$status") || sia_cleanup
    sia_cleanup
}
trap on_exit EXIT

# add_idle N: N more idle processes.
add_idle() {
    local i
    for ((i = 0; i < $1; i++)); do
        sleep 100000 >/dev/null 2>&1 &
        IDLE+=($!)
    done
}

# ------------------------------------------------------------ helpers

raw_get() { SIA_MIBS='' sia_get -On -Ox "$@"; }
# value OID: the value of a GET, nothing if there is none
value() {
    raw_get "$1" 2>/dev/null | sed -n 's/^[^=]* = [A-Za-z0-9-]*: //p' | head -n 1
}
has_row() { [ -n "$(value "$ENTRY.2.$1")" ]; }

# walk_table OUT: bulk walk of the whole table into OUT; sets WALK_MS.
# Fails the test if the walk does not complete.
walk_table() {
    local t0
    t0=$(sia_now_ms)
    SIA_MIBS='' sia_bulkwalk -On -Ox -Cr50 "$SIA_OID_PROC_TABLE" >"$1" 2>&1 ||
        sia_die "bulk walk of sysinfoProcessTable failed: $(tail -n 3 "$1")"
    WALK_MS=$(($(sia_now_ms) - t0))
}

# cells WALK: "COLUMN PID" for every varbind of the table in a walk.
cells() {
    sed -n "s/^\\$ENTRY\\.\\([0-9]*\\)\\.\\([0-9]*\\) = .*/\\1 \\2/p" "$1"
}

# ------------------------------------------------------------ agent

sia_start_master unix
printf 'cache_ttl %s\n' "$TTL" >"$SIA_TMP/walk.conf"
sia_start_agent -c "$SIA_TMP/walk.conf"
sia_assert_eq "sysinfoProcessSnapshotTtl" "$TTL" "$(value "$SIA_OID_MIB.1.2.3.0")"

# ------------------------------------------------------------ sizing

# Enough processes that the walk takes TARGET_MS (a sanitizer build
# answers more slowly than a plain one, and the time per varbind varies
# from run to run: measured, up to three times, not guessed).
# wait_idle_rows: until the last idle process has a row.
wait_idle_rows() {
    local deadline=$(($(sia_now_ms) + 10000))
    until has_row "${IDLE[-1]}"; do
        [ "$(sia_now_ms)" -lt "$deadline" ] ||
            sia_die "pid ${IDLE[-1]} not in the table after 10 s"
        sleep 0.2
    done
}
add_idle "$START_PROCS"
wait_idle_rows
for round in 1 2 3; do
    walk_table "$W/calibrate.txt"
    rows=$(cells "$W/calibrate.txt" | awk '$1 == 35' | wc -l)
    sia_log "sizing walk $round: $rows rows, $(cells "$W/calibrate.txt" | wc -l) varbinds in $WALK_MS ms"
    if [ "$WALK_MS" -ge $((TARGET_MS * 9 / 10)) ] || [ ${#IDLE[@]} -ge "$MAX_PROCS" ]; then break; fi
    more=$((rows * (TARGET_MS - WALK_MS) / (WALK_MS > 0 ? WALK_MS : 1) + 1))
    [ $((${#IDLE[@]} + more)) -le "$MAX_PROCS" ] || more=$((MAX_PROCS - ${#IDLE[@]}))
    sia_log "adding $more idle processes for a walk of about $TARGET_MS ms"
    add_idle "$more"
    wait_idle_rows
done
VICTIM=${IDLE[0]} # killed in the middle of the walk
sleep 1.2         # no walk for a second: the next GETNEXT may swap

# ------------------------------------------------------------ the walk

# churn: start 3 short-lived processes every 50 ms and kill them 0.1 to
# 0.2 s later (they would end by themselves after 5 s); at most 60 s.
churn() {
    trap - EXIT
    local started=0 cur=() prev=() p
    trap 'kill -KILL "${cur[@]}" "${prev[@]}" 2>/dev/null; exit 0' TERM
    for _ in $(seq 1 1200); do
        [ ! -e "$W/stop" ] || break
        [ ${#prev[@]} -eq 0 ] || kill -KILL "${prev[@]}" 2>/dev/null || true
        for p in "${prev[@]}"; do wait "$p" 2>/dev/null || true; done
        prev=("${cur[@]}")
        cur=()
        for _ in 1 2 3; do
            sleep 5 &
            cur+=($!)
        done
        started=$((started + 3))
        echo "$started" >"$W/churned"
        sleep 0.05
    done
    kill -KILL "${cur[@]}" "${prev[@]}" 2>/dev/null || true
    for p in "${cur[@]}" "${prev[@]}"; do wait "$p" 2>/dev/null || true; done
}

# sampler: "T0 T1 AGE" (ms, ms, hundredths) every 0.2 s: a GET of the age
# sent at T0, answered by T1.
sampler() {
    trap - EXIT
    local t0 t1 age
    for _ in $(seq 1 600); do
        [ ! -e "$W/stop" ] || break
        t0=$(sia_now_ms)
        age=$(value "$OID_AGE")
        t1=$(sia_now_ms)
        [ -z "$age" ] || echo "$t0 $t1 $age" >>"$W/ages"
        sleep 0.2
    done
}

rm -f "$W/stop" "$W/ages" "$W/churned"
churn 2>/dev/null & # (bash's "Killed" notices)
BG+=($!)
sleep 0.3 # the churn is on
walk_start=$(sia_now_ms)
# (snmpbulkwalk itself, not sia_bulkwalk in a subshell: the pid is the
# walk's, and stopping it stops the walk)
snmpbulkwalk -v2c -c public -M "$SIA_MIBDIRS" -m '' -t "$SIA_SNMP_TIMEOUT" \
    -r "$SIA_SNMP_RETRIES" -On -Ox -Cr50 "udp:127.0.0.1:$SIA_MASTER_PORT" \
    "$SIA_OID_PROC_TABLE" >"$W/walk.txt" 2>&1 &
walk_pid=$!
sia_track "$walk_pid"

# The sampler starts once the walk's first answers are in (before that
# the snapshot may still change); the marker and the kill come once the
# walk is past the Ppid column.
until [ -s "$W/walk.txt" ] || ! sia_alive "$walk_pid"; do sleep 0.01; done
sampler 2>"$SIA_TMP/sampler.out" &
BG+=($!)
until grep -q "^\\$ENTRY\\.3\\." "$W/walk.txt" || ! sia_alive "$walk_pid"; do sleep 0.02; done
mid=$(sia_now_ms)
sleep 100000 >/dev/null 2>&1 &
MARKER=$!
sia_track "$MARKER"
{ kill -KILL "$VICTIM" && wait "$VICTIM"; } 2>/dev/null || true
sia_log "mid-walk ($((mid - walk_start)) ms in): marker pid $MARKER started, pid $VICTIM killed"

walk_status=0
wait "$walk_pid" || walk_status=$?
sia_untrack "$walk_pid"
walk_end=$(sia_now_ms)
WALK_MS=$((walk_end - walk_start))
touch "$W/stop"
for p in "${BG[@]}"; do wait "$p" 2>/dev/null || true; done
BG=()
[ "$walk_status" = 0 ] ||
    sia_die "bulk walk of sysinfoProcessTable failed (status $walk_status): $(tail -n 3 "$W/walk.txt")"

cells "$W/walk.txt" >"$W/cells.txt"
nrows=$(awk '$1 == 35' "$W/cells.txt" | wc -l)
sia_log "walk: $nrows rows, $(wc -l <"$W/cells.txt") varbinds in $WALK_MS ms; $(cat "$W/churned" 2>/dev/null || echo 0) processes churned meanwhile; cache_ttl $TTL s"
sia_assert_range "walk time in ms (must outlast cache_ttl clearly)" 1500 600000 "$WALK_MS"
bad=$(grep -v -E "^\\$ENTRY\\.[0-9]+\\.[0-9]+ = |^[0-9A-F ]+\$" "$W/walk.txt" | head -n 3 || true)
sia_assert_eq "walk output: only table varbinds" "" "$bad"

# ------------------------------------------------------------ 1. columns

pids_of() { awk -v c="$1" '$1 == c { print $2 }' "$W/cells.txt" | sort; }
pids_of 35 >"$W/ref.txt"
for c in "${ALWAYS[@]}"; do
    pids_of "$c" >"$W/col.txt"
    only_ref=$(comm -23 "$W/ref.txt" "$W/col.txt" | head -n 5 | tr '\n' ' ')
    only_col=$(comm -13 "$W/ref.txt" "$W/col.txt" | head -n 5 | tr '\n' ' ')
    if [ -z "$only_ref$only_col" ]; then
        sia_ok "column $c (${COLNAME[$c]}): the same $(wc -l <"$W/col.txt") pids as Unknown"
    else
        sia_fail "column $c (${COLNAME[$c]}): pids not in it but in Unknown: '${only_ref}', in it but not in Unknown: '${only_col}'"
    fi
done
extra=$(awk 'NR == FNR { row[$1] = 1; next } !($2 in row) { print $1 "." $2 }' \
    "$W/ref.txt" "$W/cells.txt" | head -n 5 | tr '\n' ' ')
sia_assert_eq "cells of rows the Unknown column does not have" "" "$extra"

# A cell that is there must have its bit clear in the same row's Unknown
# (BITS: bit n is 0x80 >> n%8 of octet n/8).
contradictions=$(awk -v e="$ENTRY." '
    index($0, e) == 1 {
        split(substr($0, length(e) + 1), k, /[. ]/)
        if (k[1] == 35) {
            v = toupper($0); sub(/.*HEX-STRING: /, "", v); gsub(/ /, "", v)
            unknown[k[2]] = v
        } else
            cell[k[1] "." k[2]] = 1
    }
    END {
        for (ck in cell) {
            split(ck, k, ".")
            c = k[1] + 0; h = unknown[k[2]]
            byte = substr(h, 2 * int(c / 8) + 1, 2)
            n = index("0123456789ABCDEF", substr(byte, 1, 1)) * 16 \
                + index("0123456789ABCDEF", substr(byte, 2, 1)) - 17
            if (h == "" || int(n / 2 ^ (7 - c % 8)) % 2 == 1)
                print ck
        }
    }' "$W/walk.txt" | head -n 5 | tr '\n' ' ')
sia_assert_eq "cells present although Unknown says unknown (or no Unknown)" "" "$contradictions"

# ------------------------------------------------------------ 2. marker, victim

for c in "${ALWAYS[@]}"; do
    in_marker=$(awk -v c="$c" -v p="$MARKER" '$1 == c && $2 == p' "$W/cells.txt" | wc -l)
    in_victim=$(awk -v c="$c" -v p="$VICTIM" '$1 == c && $2 == p' "$W/cells.txt" | wc -l)
    sia_assert_eq "column $c (${COLNAME[$c]}): rows of the marker started mid-walk / of the process killed mid-walk" \
        "0 1" "$in_marker $in_victim"
done

# ------------------------------------------------------------ 3. age

nsamples=$(wc -l <"$W/ages" 2>/dev/null || echo 0)
if [ "$nsamples" -lt 3 ]; then
    sia_fail "only $nsamples age samples during the walk"
else
    # Each sample allows the snapshot to have started in
    # [T0 - 10 AGE - 10, T1 - 10 AGE] (ms); one snapshot means a common
    # point (20 ms allowed for clocks and rounding).
    read -r lo hi last first < <(awk '
        { l = $1 - 10 * $3 - 10; h = $2 - 10 * $3
          if (NR == 1 || l > lo) lo = l
          if (NR == 1 || h < hi) hi = h
          if (NR == 1) first = $3
          last = $3 }
        END { printf "%.0f %.0f %d %d\n", lo, hi, last, first }' "$W/ages")
    spread=$((lo - hi))
    if [ "$spread" -le 20 ]; then
        sia_ok "$nsamples age samples (${first}..${last} cs) all point at one snapshot, started $((walk_start - hi))..$((walk_start - lo)) ms before the walk"
    else
        sia_fail "age samples point at more than one snapshot: starts from $((walk_start - hi)) to $((walk_start - lo)) ms before the walk (T0 T1 AGE: $(head -n 6 "$W/ages" | tr '\n' ';')...)"
    fi
    sia_assert_range "snapshot start - walk start (ms, <= 0: the snapshot predates the walk)" \
        -600000 20 $((lo - walk_start))
    sia_assert_range "age at the last sample in the walk (cs): older than cache_ttl, held" \
        $((TTL * 100 + 1)) "$CAP_CS" "$last"
fi

# ------------------------------------------------------------ 4. fresh again

deadline=$((walk_end + 20000))
fresh_ms=
while [ "$(sia_now_ms)" -lt "$deadline" ]; do
    age=$(value "$OID_AGE")
    since=$(($(sia_now_ms) - walk_end))
    if [ -n "$age" ] && [ $((age * 10)) -lt "$since" ] && has_row "$MARKER"; then
        fresh_ms=$since
        break
    fi
    sleep 0.1
done
if [ -n "$fresh_ms" ]; then
    sia_ok "after the walk: a snapshot scanned after it (age $age cs, the marker in it) $fresh_ms ms after the walk ended"
else
    sia_fail "no snapshot scanned after the walk within 20 s of its end (age '${age:-none}' cs, marker row: $(value "$ENTRY.2.$MARKER" || true))"
fi
sia_assert_eq "after the walk: the pid killed mid-walk has no row" "" "$(value "$ENTRY.2.$VICTIM")"

# ------------------------------------------------------------ 5. the cap

walk_cleanup 2>/dev/null # the idle processes are no longer needed
if [ "${SIA_WALK_CAP:-1}" != 0 ]; then
    # A GETNEXT of the table's first cell and of the age, in one PDU,
    # every 0.2 s: a walk that never ends.  The age climbs to the cap, a
    # new snapshot comes in, and that one is held again.  A snapshot
    # let go before the cap fails the test, unless our GETNEXTs had
    # stopped for most of a second then (a loaded host): that climb is
    # measured again (twice at most).
    cap_max=0 cap_drop='' early=0 prev_sent='' let_go=0 let_go_first=''
    cap_t0=$(sia_now_ms)
    deadline=$((cap_t0 + CAP_CS * 10 + 8000))
    while [ "$(sia_now_ms)" -lt "$deadline" ]; do
        sent=$(sia_now_ms)
        out=$(SIA_MIBS='' sia_snmp snmpgetnext -On "$ENTRY.2" "${OID_AGE%.0}" 2>&1) || true
        age=$(sed -n "s/^\\${OID_AGE} = [A-Za-z]*: //p" <<<"$out")
        gap=$((sent - ${prev_sent:-$sent}))
        prev_sent=$sent
        if sia_is_int "$age"; then
            if [ "$age" -ge "$cap_max" ]; then
                cap_max=$age
            elif [ "$cap_max" -ge $((CAP_CS - 200)) ] && [ "$age" -lt 300 ]; then
                cap_drop=$age
                break
            elif [ "$gap" -ge 800 ] && [ "$early" -lt 2 ]; then
                early=$((early + 1))
                sia_log "pin cap: snapshot let go at $cap_max cs after a $gap ms pause in our GETNEXTs; measuring again"
                cap_max=$age
                deadline=$(($(sia_now_ms) + CAP_CS * 10 + 8000))
            else
                let_go=$((let_go + 1))
                let_go_first=${let_go_first:-"at $cap_max cs, GETNEXTs $gap ms apart"}
                cap_max=$age
            fi
        fi
        sleep 0.2
    done
    sia_log "pin cap: age rose to $cap_max cs, then ${cap_drop:-never dropped} ($(($(sia_now_ms) - cap_t0)) ms of GETNEXTs)"
    sia_assert_eq "pin cap: snapshots let go before the cap (first: ${let_go_first:-none})" 0 "$let_go"
    sia_assert_range "pin cap: highest age while GETNEXTs kept coming (cs)" \
        $((CAP_CS - 100)) $((CAP_CS + 300)) "$cap_max"
    sia_assert_range "pin cap: age after the cap, GETNEXTs still coming (cs)" 0 299 "${cap_drop:-none}"
fi

sia_kill "$MARKER" KILL 2 2>/dev/null
sia_stop_agent
sia_stop_master
sia_finish
