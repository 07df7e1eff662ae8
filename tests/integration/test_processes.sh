#!/usr/bin/env bash
# test_processes.sh - sysinfoProcessTable end to end, through a private
# snmpd master, against what /proc and ps say about the same processes.
#
#   1. rows: processes with hostile names (spaces, '(' and ')', a fake
#      "x) R 1 2 (" stat prefix, a newline, invalid UTF-8, names longer
#      than the kernel's 15-byte comm, a deleted executable) and hostile
#      arguments (spaces, empty arguments, newlines, invalid UTF-8, exactly
#      args_max bytes, one byte more, far more), a zombie, a stopped and a
#      running process, one on a pseudo-terminal, others with split real
#      and effective ids and with a uid no user owns; every column of
#      their rows is compared with /proc/PID/{stat,statm,status,cmdline,
#      exe,cwd,io,fd,cgroup} and with ps;
#   2. walks: the pid set of a bulk walk of sysinfoProcessPpid against
#      /proc before and after, and a bulk walk of the whole table (order,
#      no column 1, a hostile row complete and equal to its GET);
#   3. sysinfo-agentx --dump shows the hostile rows;
#   4. sysinfoProcessSignal end to end: notWritable while disabled; with
#      signals_allow: delivery (USR1 to a process that traps it, TERM),
#      wrongValue, notWritable for pid 1 and the agent, noCreation,
#      wrongType, commitFailed for a process that exited while still in
#      the snapshot, two varbinds in one PDU (all or nothing); the agent's
#      log mentions every attempt.
#
# Strings are compared as bytes: the GETs load no MIB and ask for hex
# (-Ox), the truth is read with od.  As root every column of our
# processes is readable; as another user the zombie's descriptors and I/O
# are not, and the test then expects no instance and the Unknown bits
# (the processes with other ids need root and are left out).  Run by hand:
#     SIA_BUILD=build-e2e bash tests/integration/test_processes.sh
set -euo pipefail
# shellcheck disable=SC2119 # the lib's optional arguments
export LC_ALL=C # names are bytes: no multibyte processing anywhere
# shellcheck source=tests/integration/lib.sh
. "$(dirname "$0")/lib.sh"

sia_need snmpd snmpget snmpset snmpbulkwalk snmptranslate ps od getconf \
    readlink timeout
sia_need_agent
[ -f "$SIA_SRC/mibs/SYSINFO-MIB.txt" ] || sia_skip "no mibs/SYSINFO-MIB.txt"
[ -r /proc/self/stat ] || sia_skip "no /proc"

# ------------------------------------------------------------ OIDs

# Numeric OIDs as the agent serves them (lib.sh reads the arc from
# src/sysinfo_oids.h); the MIB file must agree, and name the columns as
# the header's enum sia_proc_col numbers them (transcribed in COLS).
mib_root=$(sia_translate -On SYSINFO-MIB::sysinfoMIB 2>&1) ||
    sia_die "snmptranslate SYSINFO-MIB::sysinfoMIB: $mib_root"
sia_assert_eq "sysinfoMIB in the MIB file = the arc in src/sysinfo_oids.h" \
    "$SIA_OID_MIB" "$mib_root"
ENTRY=$SIA_OID_PROC_TABLE.1
OID_AGE=$SIA_OID_MIB.1.2.2.0
OID_TTL=$SIA_OID_MIB.1.2.3.0
OID_ARGS_MAX=$SIA_OID_MIB.1.2.4.0

# sysinfoProcessEntry columns: enum sia_proc_col of src/sysinfo_oids.h.
COLS=(- Pid Ppid Name Exe Args ArgsTruncated State Uid Euid Gid Egid User
    StartTime CpuUser CpuSystem Rss Vsz Threads Nice Priority Tty OpenFiles
    ReadBytes WriteBytes Cgroup Children Signal Pgrp Session MinorFaults
    MajorFaults Shared Cwd StartTimeUnix Unknown)
NCOLS=35
bad=0
for c in $(seq 1 $NCOLS); do
    got=$(sia_translate -On "SYSINFO-MIB::sysinfoProcess${COLS[$c]}" 2>&1 || true)
    if [ "$got" != "$mib_root.1.2.1.1.$c" ]; then
        sia_fail "MIB: sysinfoProcess${COLS[$c]}: expected $mib_root.1.2.1.1.$c, got '$got'"
        bad=1
    fi
done
[ "$bad" = 1 ] || sia_ok "MIB: sysinfoProcessPid .. sysinfoProcessUnknown are columns 1 .. $NCOLS"

# Wire type of each column (as snmpget prints it without a MIB; octet
# strings are STRING here whatever their contents).
declare -A COLTYPE
for c in 2 6 7 19 20 27 28 29; do COLTYPE[$c]=INTEGER; done
for c in 8 9 10 11 18 22 26; do COLTYPE[$c]=Gauge32; done
for c in 14 15 16 17 23 24 30 31 32 34; do COLTYPE[$c]=Counter64; done
for c in 3 4 5 12 13 21 25 33 35; do COLTYPE[$c]=STRING; done

# ------------------------------------------------------------ helpers

CLK=$(getconf CLK_TCK)
PAGE=$(getconf PAGESIZE)
BTIME=$(awk '$1 == "btime" { print $2 }' /proc/stat)
IS_ROOT=0
[ "$(id -u)" = 0 ] && IS_ROOT=1

hex() { od -An -v -tx1 | tr -d ' \n'; }
hex_str() { printf '%s' "$1" | hex; }
# hex_argv ARG...: the arguments joined by single spaces, in hex.
hex_argv() {
    local IFS=' '
    printf '%s' "$*" | hex
}
# Shows hex bytes readably in messages: printable ASCII as is, others
# \xNN; long values are cut.
show() {
    local h=$1 out="" b i ch
    for ((i = 0; i < ${#h}; i += 2)); do
        b=$((16#${h:i:2}))
        if [ "$b" -ge 32 ] && [ "$b" -le 126 ] && [ "$b" -ne 92 ]; then
            printf -v ch '%b' "\\x${h:i:2}"
            out+=$ch
        else
            out+="\\x${h:i:2}"
        fi
        if [ ${#out} -gt 160 ]; then
            out+="...($((${#h} / 2)) bytes)"
            break
        fi
    done
    printf '%s' "$out"
}
# assert_bytes WHAT EXPECTED_HEX ACTUAL_HEX: exact byte comparison.
assert_bytes() {
    local i=0
    if [ "$2" = "$3" ]; then
        sia_ok "$1 = '$(show "$3")'"
        return 0
    fi
    while [ "${2:i:2}" = "${3:i:2}" ]; do i=$((i + 2)); done
    sia_fail "$1: expected '$(show "$2")' ($((${#2} / 2)) bytes), got '$(show "$3")' ($((${#3} / 2)) bytes); first difference at byte $((i / 2))"
}
# Escapes bytes (hex) as `sysinfo-agentx --dump` prints them: printable
# ASCII but '\' as is, every other byte as \ooo.
dump_escape() {
    local h=$1 out="" b i ch
    for ((i = 0; i < ${#h}; i += 2)); do
        b=$((16#${h:i:2}))
        if [ "$b" -ge 32 ] && [ "$b" -le 126 ] && [ "$b" -ne 92 ]; then
            printf -v ch '%b' "\\x${h:i:2}"
        else
            printf -v ch '\\%03o' "$b"
        fi
        out+=$ch
    done
    printf '%s' "$out"
}

# raw_get OID...: snmpget without a MIB, numeric OIDs, strings in hex.
raw_get() { SIA_MIBS='' sia_get -On -Ox "$@"; }
raw_set() { SIA_MIBS='' sia_set -On "$@"; }

# parse_vars: net-snmp output (-On -Ox, no MIB) on stdin, one
# "OID|TYPE|VALUE" line per varbind on stdout.  Hex strings run over
# several lines; they become one lowercase hex string without spaces.
# TYPE is STRING for every octet string, NOSUCHOBJECT, NOSUCHINSTANCE or
# ENDOFMIB for the exceptions.
parse_vars() {
    awk '
    function flush() {
        if (oid != "") {
            if (typ == "STRING") { gsub(/[ \t]/, "", val); val = tolower(val) }
            print oid "|" typ "|" val
        }
        oid = ""
    }
    /^\.[0-9]/ {
        flush()
        i = index($0, " = ")
        oid = substr($0, 1, i - 1)
        rest = substr($0, i + 3)
        if (rest == "\"\"") { typ = "STRING"; val = "" }
        else if (rest ~ /^No Such Object/) { typ = "NOSUCHOBJECT"; val = "" }
        else if (rest ~ /^No Such Instance/) { typ = "NOSUCHINSTANCE"; val = "" }
        else if (rest ~ /^No more variables/) { typ = "ENDOFMIB"; val = "" }
        else {
            j = index(rest, ": ")
            typ = substr(rest, 1, j - 1)
            val = substr(rest, j + 2)
            if (typ == "Hex-STRING") typ = "STRING"
        }
        next
    }
    { val = val " " $0 }
    END { flush() }'
}

# get_row PID: GET of columns 1..35 of one row in one PDU.  Fills RT[col]
# (type) and RV[col] (value).  Returns 1 (after a failed check) when the
# GET itself fails.
declare -A RT RV
get_row() {
    local pid=$1 c out oid typ val oids=()
    for c in $(seq 1 $NCOLS); do oids+=("$ENTRY.$c.$pid"); done
    RT=()
    RV=()
    if ! out=$(raw_get "${oids[@]}" 2>&1); then
        sia_fail "GET of the row of pid $pid failed: $out"
        return 1
    fi
    while IFS='|' read -r oid typ val; do
        c=${oid#"$ENTRY".}
        c=${c%%.*}
        RT[$c]=$typ
        RV[$c]=$val
    done < <(printf '%s\n' "$out" | parse_vars)
}

# Single value, raw (no MIB): prints the value, fails on an exception.
raw_value() {
    local out typ val
    out=$(raw_get "$1" 2>&1) || return 1
    IFS='|' read -r _ typ val < <(printf '%s\n' "$out" | parse_vars)
    case "$typ" in NOSUCH* | ENDOFMIB | "") return 1 ;; esac
    printf '%s\n' "$val"
}

# /proc state letter -> sysinfoProcessState
state_enum() {
    case "$1" in
    R) echo 1 ;; S) echo 2 ;; D) echo 3 ;; T) echo 4 ;; t) echo 5 ;;
    Z) echo 6 ;; X | x) echo 7 ;; K) echo 8 ;; W) echo 9 ;; P) echo 10 ;;
    I) echo 11 ;; *) echo 12 ;;
    esac
}

# The command line as the agent must report it: argv joined by single
# spaces (trailing NULs dropped), at most ARGS_MAX bytes.  Prints
# "HEX|TRUTHVALUE".
cmdline_hex() {
    od -An -v -tx1 -w1 "/proc/$1/cmdline" | awk -v max="$ARGS_MAX" '
    NF { b[n++] = $1 }
    END {
        while (n > 0 && b[n - 1] == "00") n--
        out = ""
        for (i = 0; i < n && i < max; i++) out = out (b[i] == "00" ? "20" : b[i])
        print out "|" (n > max ? 1 : 2)
    }'
}

# DateAndTime octets (hex) of an instant in hundredths since the epoch, in
# UTC and cut to tenths, as the MIB describes sysinfoProcessStartTime.
date_and_time_hex() {
    local cs=$1 y mo d h mi s
    read -r y mo d h mi s < <(date -u -d "@$((cs / 100))" '+%Y %m %d %H %M %S')
    printf '%04x%02x%02x%02x%02x%02x%02x2b0000' "$((10#$y))" "$((10#$mo))" \
        "$((10#$d))" "$((10#$h))" "$((10#$mi))" "$((10#$s))" $((cs % 100 / 10))
}

# The cgroup path the agent must report: the unified hierarchy's
# ("0::PATH") when there is one, else the first line's.
cgroup_path() {
    local line first="" rest
    while IFS= read -r line; do
        rest=${line#*:}
        [ -n "$first" ] || first=${rest#*:}
        if [ "${line%%:*}" = 0 ] && [ "${rest%%:*}" = "" ]; then
            printf '%s' "${rest#*:}"
            return
        fi
    done <"/proc/$1/cgroup"
    printf '%s' "$first"
}

user_name() {
    local n
    n=$(getent passwd "$1" | cut -d: -f1 | head -n 1 || true)
    printf '%s' "${n:-$1}"
}

# link_hex PATH: the target of a /proc link in hex; "" when there is none
# (a zombie's exe, a kernel thread's); "missing" when we may not read it
# (another user's process) - the agent cannot either, and must say so.
link_hex() {
    local err
    if err=$(readlink -n "$1" 2>&1 >/dev/null); then
        readlink -n "$1" | hex
    elif [[ $err == *"ermission denied"* ]]; then
        echo missing
    fi
}

# fd_count PID: entries of /proc/PID/fd, "missing" when unreadable.
fd_count() {
    local out
    out=$(ls -A "/proc/$1/fd/" 2>/dev/null) || {
        echo missing
        return 0
    }
    if [ -z "$out" ]; then echo 0; else wc -l <<<"$out"; fi
}

# unknown_hex: sysinfoProcessUnknown as TR says it must be: bit n (BITS
# order: the first octet's most significant bit is bit 0) for every
# column n /proc would not show us.
unknown_hex() {
    local o=(0 0 0 0 0) c out=""
    for c in 4 22 23 24 33; do
        [ "${TR[$c]}" = missing ] || continue
        o[c / 8]=$((o[c / 8] | (0x80 >> (c % 8))))
    done
    for c in 0 1 2 3 4; do out+=$(printf '%02x' "${o[c]}"); done
    printf '%s' "$out"
}

children_of() {
    ps -e -o ppid= | awk -v p="$1" '$1 == p { n++ } END { print n + 0 }'
}

# read_truth PID: what /proc says about PID, keyed by column, into TR.
# Returns 1 when the process is gone.
declare -A TR
read_truth() {
    local pid=$1 stat rest f comm k a b line
    TR=()
    stat=$(cat "/proc/$pid/stat" 2>/dev/null) || return 1
    rest=${stat##*) }
    comm=${stat#*(}
    comm=${comm%) *}
    read -r -a f <<<"$rest" # f[n] is field n+3 of proc(5)
    TR[comm]=$(hex_str "$comm")
    TR[7]=$(state_enum "${f[0]}")
    TR[2]=${f[1]}
    TR[28]=${f[2]}
    TR[29]=${f[3]}
    TR[30]=${f[7]}
    TR[31]=${f[9]}
    TR[14]=$((f[11] * 100 / CLK))
    TR[15]=$((f[12] * 100 / CLK))
    TR[20]=${f[15]}
    TR[19]=${f[16]}
    TR[18]=${f[17]}
    TR[34]=$((BTIME * 100 + f[19] * 100 / CLK))
    read -r a b k _ <"/proc/$pid/statm" || return 1
    TR[17]=$((a * PAGE))
    TR[16]=$((b * PAGE))
    TR[32]=$((k * PAGE))
    while read -r k a b _; do
        case "$k" in
        Uid:) TR[8]=$a TR[9]=$b ;;
        Gid:) TR[10]=$a TR[11]=$b ;;
        esac
    done <"/proc/$pid/status"
    TR[12]=$(hex_str "$(user_name "${TR[8]}")")
    TR[23]=missing TR[24]=missing
    while read -r k a; do
        case "$k" in
        read_bytes:) TR[23]=$a ;;
        write_bytes:) TR[24]=$a ;;
        esac
    done < <(cat "/proc/$pid/io" 2>/dev/null || true)
    TR[22]=$(fd_count "$pid")
    TR[25]=$(cgroup_path "$pid" | hex)
    TR[26]=$(children_of "$pid")
    TR[27]=0
    TR[4]=$(link_hex "/proc/$pid/exe")
    TR[33]=$(link_hex "/proc/$pid/cwd")
    IFS='|' read -r 'TR[5]' 'TR[6]' < <(cmdline_hex "$pid")
    line=$(ps -o tty= -p "$pid" | tr -d ' ' || true)
    [ "$line" = "?" ] && line=""
    TR[21]=$(hex_str "$line")
    TR[35]=$(unknown_hex)
    [ -d "/proc/$pid" ]
}

# ------------------------------------------------------------ checks

# check_row LABEL PID MODE [NAME_HEX [ARGV_HEX]]: every column of PID's row
# against /proc, read before and after the GET.  MODE: "idle" for our
# sleeping test processes (small tolerances for CPU, memory and faults),
# "busy" for one that burns CPU, "self" for the agent (which works while
# we look: loose tolerances, no state).  NAME_HEX: the full name expected
# (default: comm); ARGV_HEX: the arguments we gave it (checked on top of
# /proc's command line).
declare -A T0 T1
check_row() {
    local label=$1 pid=$2 mode=$3 name=${4:-} argv=${5:-} c k what
    what="$label (pid $pid)"
    read_truth "$pid" || {
        sia_fail "$what: gone before the GET"
        return 0
    }
    T0=()
    for k in "${!TR[@]}"; do T0[$k]=${TR[$k]}; done
    get_row "$pid" || return 0
    read_truth "$pid" || {
        sia_fail "$what: gone right after the GET"
        return 0
    }
    T1=()
    for k in "${!TR[@]}"; do T1[$k]=${TR[$k]}; done

    sia_assert_eq "$what column 1 (the index: not-accessible)" NOSUCHOBJECT "${RT[1]:-none}"
    for c in $(seq 2 $NCOLS); do
        if [ "${T0[$c]:-}" = missing ]; then
            # sparse: what we cannot read, the agent (same user) cannot
            sia_assert_eq "$what ${COLS[$c]} (unreadable in /proc)" NOSUCHINSTANCE "${RT[$c]:-none}"
        elif [ "${RT[$c]:-none}" != "${COLTYPE[$c]}" ]; then
            sia_fail "$what ${COLS[$c]} ($c): expected a ${COLTYPE[$c]}, got ${RT[$c]:-none} '${RV[$c]:-}'"
        fi
    done

    # exact: identifiers, strings, states (either read of /proc)
    for c in 2 4 7 8 9 10 11 12 19 20 21 25 27 28 29 33 35; do
        [ "$mode" = self ] && [ "$c" = 7 ] && continue
        [ "${T0[$c]}" = missing ] && continue
        if [ "${COLTYPE[$c]}" = STRING ]; then
            if [ "${RV[$c]:-}" = "${T1[$c]}" ]; then
                assert_bytes "$what ${COLS[$c]}" "${T1[$c]}" "${RV[$c]:-}"
            else
                assert_bytes "$what ${COLS[$c]}" "${T0[$c]}" "${RV[$c]:-}"
            fi
        elif [ "${RV[$c]:-}" = "${T1[$c]}" ]; then
            sia_assert_eq "$what ${COLS[$c]}" "${T1[$c]}" "${RV[$c]:-}"
        else
            sia_assert_eq "$what ${COLS[$c]} (/proc after: ${T1[$c]})" "${T0[$c]}" "${RV[$c]:-}"
        fi
    done
    # the command line: as /proc has it, and as we gave it
    assert_bytes "$what Args (/proc/PID/cmdline joined, at most $ARGS_MAX bytes)" \
        "${T0[5]}" "${RV[5]:-}"
    if [ -n "$argv" ]; then
        [ "${#argv}" -le $((ARGS_MAX * 2)) ] || argv=${argv:0:$((ARGS_MAX * 2))}
        assert_bytes "$what Args (the arguments we gave it)" "$argv" "${RV[5]:-}"
    fi
    sia_assert_eq "$what ArgsTruncated" "${T0[6]}" "${RV[6]:-}"
    # the name: comm, completed when the kernel cut it at 15 bytes
    assert_bytes "$what Name (comm '$(show "${T0[comm]}")')" "${name:-${T0[comm]}}" "${RV[3]:-}"
    # start time: btime + starttime; /proc/stat's btime may move by a
    # second between reads, hence the tolerance
    sia_assert_near "$what StartTimeUnix (btime $BTIME + starttime, cs)" \
        "${T0[34]}" 100 "${RV[34]:-}"
    if sia_is_int "${RV[34]:-}"; then
        assert_bytes "$what StartTime (DateAndTime of StartTimeUnix ${RV[34]})" \
            "$(date_and_time_hex "${RV[34]}")" "${RV[13]:-}"
    fi
    # values that move between the snapshot and our reads
    case $mode in
    idle | busy)
        if [ "$mode" = idle ]; then
            range "$what" 14 2 2
            range "$what" 15 2 2
        else
            range "$what" 14 300 0
            range "$what" 15 300 0
        fi
        range "$what" 30 16 0
        range "$what" 31 2 0
        range "$what" 17 0 0
        rel "$what" 16 5 262144
        rel "$what" 32 5 262144
        for c in 18 22 23 24 26; do range "$what" $c 0 0; done
        ;;
    self)
        range "$what" 14 300 0
        range "$what" 15 300 0
        range "$what" 30 20000 0
        range "$what" 31 100 0
        rel "$what" 17 25 16777216
        rel "$what" 16 25 4194304
        rel "$what" 32 25 4194304
        range "$what" 18 2 2
        range "$what" 22 4 4
        range "$what" 23 1048576 0
        range "$what" 24 1048576 0
        range "$what" 26 1 1
        ;;
    esac
    check_ps "$what" "$pid" "$mode"
}

# range WHAT COL BELOW ABOVE: RV[COL] in [min(T0,T1) - BELOW, max + ABOVE]
range() {
    local c=$2 lo hi
    [ "${T0[$c]}" = missing ] && return 0 # checked: no instance
    if ! sia_is_int "${T0[$c]}" || ! sia_is_int "${T1[$c]}"; then
        sia_fail "$1 ${COLS[$c]}: /proc has no value ('${T0[$c]}'), the agent says '${RV[$c]:-}'"
        return 0
    fi
    lo=${T0[$c]} hi=${T1[$c]}
    [ "$lo" -le "$hi" ] || {
        lo=${T1[$c]}
        hi=${T0[$c]}
    }
    sia_assert_range "$1 ${COLS[$c]} (/proc: ${T0[$c]} then ${T1[$c]})" \
        $((lo - $3)) $((hi + $4)) "${RV[$c]:-}"
}

# rel WHAT COL PERCENT FLOOR: within PERCENT % (at least FLOOR) of /proc
rel() {
    local c=$2 tol
    tol=$((T0[$c] * $3 / 100))
    [ "$tol" -ge "$4" ] || tol=$4
    sia_assert_range "$1 ${COLS[$c]} (/proc: ${T0[$c]} then ${T1[$c]}, +-$tol)" \
        $((T0[$c] - tol)) $((T1[$c] + tol)) "${RV[$c]:-}"
}

# The same row against ps(1): another reader of /proc with its own parser.
check_ps() {
    local what="$1 vs ps" pid=$2 mode=$3 ppid pgid sid ni nlwp st ruid euid rgid egid user
    read -r ppid pgid sid ni nlwp st ruid euid rgid egid user < <(ps -o \
        ppid=,pgid=,sid=,ni=,nlwp=,s=,ruid=,euid=,rgid=,egid=,ruser= -p "$pid") || {
        sia_fail "$what: ps knows no pid $pid"
        return 0
    }
    sia_assert_eq "$what: Ppid" "$ppid" "${RV[2]:-}"
    sia_assert_eq "$what: Pgrp" "$pgid" "${RV[28]:-}"
    sia_assert_eq "$what: Session" "$sid" "${RV[29]:-}"
    [ "$ni" = - ] || sia_assert_eq "$what: Nice" "$ni" "${RV[19]:-}"
    if [ "$mode" != self ]; then
        [ "$st" = Z ] || sia_assert_eq "$what: Threads" "$nlwp" "${RV[18]:-}"
        sia_assert_eq "$what: State ($st)" "$(state_enum "$st")" "${RV[7]:-}"
    fi
    sia_assert_eq "$what: Uid" "$ruid" "${RV[8]:-}"
    sia_assert_eq "$what: Euid" "$euid" "${RV[9]:-}"
    sia_assert_eq "$what: Gid" "$rgid" "${RV[10]:-}"
    sia_assert_eq "$what: Egid" "$egid" "${RV[11]:-}"
    assert_bytes "$what: User" "$(hex_str "$user")" "${RV[12]:-}"
    # start time (ps: local time, whole seconds), sizes (ps: KiB)
    local lstart rss vsz t
    lstart=$(ps -o lstart= -p "$pid" || true)
    t=$(date -d "$lstart" +%s 2>/dev/null || echo "unparsable '$lstart'")
    if sia_is_int "${RV[34]:-}"; then
        sia_assert_near "$what: StartTimeUnix / 100 (ps lstart '$lstart')" \
            "$((RV[34] / 100))" 2 "$t"
    fi
    [ "$mode" = self ] && return 0
    read -r rss vsz < <(ps -o rss=,vsz= -p "$pid") || return 0
    sia_assert_eq "$what: Vsz / 1024 (ps vsz)" "$vsz" "$((${RV[17]:-0} / 1024))"
    sia_assert_near "$what: Rss / 1024 (ps rss)" "$rss" 256 "$((${RV[16]:-0} / 1024))"
}

# wait_rows SECS PID...: until every PID has a row (a Ppid instance).
wait_rows() {
    local secs=$1 deadline p missing oids out
    shift
    deadline=$(($(sia_now_ms) + secs * 1000))
    while :; do
        oids=()
        for p in "$@"; do oids+=("$ENTRY.2.$p"); done
        out=$(raw_get "${oids[@]}" 2>&1 | parse_vars) || true
        missing=$(printf '%s\n' "$out" | awk -F'|' '$2 != "INTEGER" { sub(/.*\./, "", $1); print $1 }' | tr '\n' ' ')
        [ -z "$missing" ] && [ -n "$out" ] && return 0
        if [ "$(sia_now_ms)" -ge "$deadline" ]; then
            sia_fail "pids not in the table after ${secs}s: ${missing:-(no answer)}"
            return 1
        fi
        sleep 0.2
    done
}

# wait_state PID LETTER SECS
wait_state() {
    local deadline=$(($(sia_now_ms) + $3 * 1000)) s
    while :; do
        s=$(sed 's/.*) //' "/proc/$1/stat" 2>/dev/null | cut -c1 || true)
        [ "$s" = "$2" ] && return 0
        [ "$(sia_now_ms)" -lt "$deadline" ] || {
            sia_fail "pid $1 not in state $2 after $3 s (state '$s')"
            return 1
        }
        sleep 0.05
    done
}

# The only child of PID (waits for it to appear).
child_of() {
    local c deadline=$(($(sia_now_ms) + 5000))
    while :; do
        c=$(ps -o pid= --ppid "$1" | tr -d ' ' | head -n 1 || true)
        [ -n "$c" ] && {
            echo "$c"
            return 0
        }
        [ "$(sia_now_ms)" -lt "$deadline" ] || return 1
        sleep 0.05
    done
}

# spawn KEY [command...]: runs a process in the background, tracked.
declare -A PID NAME_HEX ARGV_HEX
spawn() {
    local key=$1
    shift
    "$@" </dev/null >>"$SIA_TMP/procs.out" 2>&1 &
    PID[$key]=$!
    sia_track "${PID[$key]}"
}

# ------------------------------------------------------------ processes

sia_start_master unix
CONF1=$SIA_TMP/sysinfo-agentx.conf
printf 'cache_ttl 1\n' >"$CONF1"
sia_start_agent -c "$CONF1"
AGENT1=$SIA_AGENT_PID

sia_assert_eq "sysinfoProcessSnapshotTtl (cache_ttl 1)" 1 "$(raw_value "$OID_TTL" || echo none)"
ARGS_MAX=$(raw_value "$OID_ARGS_MAX" || echo none)
sia_assert_eq "sysinfoProcessArgsMax (default)" 4096 "$ARGS_MAX"
sia_is_int "$ARGS_MAX" || sia_die "no sysinfoProcessArgsMax"

# A working directory and executables under a hostile directory name.
# Other users' processes below must reach their executables.
chmod 711 "$SIA_TMP"
W=$SIA_TMP/w
HD=$W/$'hd ir) (\n\xfe'
mkdir -p "$HD"
chmod 755 "$W" "$HD"
SLEEP=$(command -v sleep)
BASH_BIN=$(command -v bash)

# name key -> file name of a copy of sleep, run as "$HD/name" 100000
declare -A NAMES=(
    [space]='sp ace (x)'
    [fakestat]='x) R 1 2 (y'
    [newline]=$'new\nline'
    [badutf8]=$'bad\xff\xfe\xc3\x28'
    [long]='a-process-name-longer-than-15-bytes'
    [longhostile]=$'long (x)\n\xff) name beyond fifteen bytes'
)
for key in "${!NAMES[@]}"; do
    path=$HD/${NAMES[$key]}
    cp "$SLEEP" "$path"
    spawn "$key" "$path" 100000
    NAME_HEX[$key]=$(hex_str "${NAMES[$key]}")
    ARGV_HEX[$key]=$(hex_argv "$path" 100000)
done

# Long names whose argv[0] says nothing: the name must come from the
# executable's file name; also after the file was deleted (the exe link
# then ends in " (deleted)", which is no part of the name).
for key in exelong exedeleted; do
    case $key in
    exelong) n='exe-named-long-but-argv0-short' ;;
    exedeleted) n='deleted-exe-with-a-long-name' ;;
    esac
    cp "$SLEEP" "$HD/$n"
    # shellcheck disable=SC2016 # $0 is the inner shell's
    spawn "$key" bash -c 'exec -a short "$0" 100000' "$HD/$n"
    NAME_HEX[$key]=$(hex_str "$n")
    ARGV_HEX[$key]=$(hex_argv short 100000)
done

# Command lines at the args_max edge: exactly args_max bytes (not cut),
# one more (cut), far more (cut).  sleep adds up "0000...0" as 0 s.
AP=$W/args-edge
cp "$SLEEP" "$AP"
zeros() { printf '%*s' "$1" '' | tr ' ' 0; }
fill=$((ARGS_MAX - ${#AP} - 8)) # path + " 100000 " + zeros = ARGS_MAX
spawn args_exact "$AP" 100000 "$(zeros "$fill")"
spawn args_over "$AP" 100000 "$(zeros $((fill + 1)))"
spawn args_long "$AP" 100000 "$(zeros $((ARGS_MAX + 2000)))"
ARGV_HEX[args_exact]=$(hex_argv "$AP" 100000 "$(zeros "$fill")")
ARGV_HEX[args_over]=$(hex_argv "$AP" 100000 "$(zeros $((fill + 1)))")
ARGV_HEX[args_long]=$(hex_argv "$AP" 100000 "$(zeros $((ARGS_MAX + 2000)))")

# The main hostile process: a copy of bash with a long hostile name, in
# the hostile directory, at nice 7, with hostile arguments (spaces, empty
# ones, invalid UTF-8, a newline); it burns some CPU, writes 64 KiB, holds
# three more descriptors and two children, and records SIGUSR1.
HNAME=$'hostile (bash)\n\xff-copy with a long name'
HPATH=$HD/$HNAME
cp "$BASH_BIN" "$HPATH"
# shellcheck disable=SC2016 # expanded by the hostile shell
HSCRIPT='i=0; while [ "$i" -lt 100000 ]; do i=$((i + 1)); done
printf "%65536s" x >"$SIA_W/h.data"
exec 3<"$SIA_W/h.data" 4>>"$SIA_W/h.log" 5</dev/null
trap "echo USR1 >>\"\$SIA_W/h.usr1\"" USR1
trap "kill \$(jobs -p) 2>/dev/null; exit 143" TERM
"$SIA_SLEEP" 100000 & "$SIA_SLEEP" 100000 &
echo ready >"$SIA_W/h.ready"
while :; do wait; done'
BASE_NICE=$(ps -o ni= -p $$ | tr -d ' ')
H_NICE=$((BASE_NICE + 7 > 19 ? 19 : BASE_NICE + 7))
HARGS=(-c "$HSCRIPT" 'arg0 (x)' 'a b' '' 'c' $'\xff\xfe' $'nl\ninside' '' '  ')
(cd "$HD" && SIA_W=$W SIA_SLEEP=$SLEEP exec nice -n 7 "$HPATH" "${HARGS[@]}") \
    </dev/null >>"$SIA_TMP/procs.out" 2>&1 &
PID[hostile]=$!
sia_track "${PID[hostile]}"
NAME_HEX[hostile]=$(hex_str "$HNAME")
ARGV_HEX[hostile]=$(hex_argv "$HPATH" "${HARGS[@]}")

# A zombie: its parent (sh, then exec'd into a sleep copy) never reaps.
cp "$SLEEP" "$W/zombie-parent"
# shellcheck disable=SC2016 # $0 is the inner shell's
spawn zparent sh -c 'true & exec "$0" 100000' "$W/zombie-parent"
ARGV_HEX[zparent]=$(hex_argv "$W/zombie-parent" 100000)

# Stopped, and running (a busy loop: always R).
cp "$SLEEP" "$W/stopped-proc"
spawn stopped "$W/stopped-proc" 100000
ARGV_HEX[stopped]=$(hex_argv "$W/stopped-proc" 100000)
cp "$BASH_BIN" "$W/spinner"
spawn spinner "$W/spinner" -c 'while :; do :; done'
ARGV_HEX[spinner]=$(hex_argv "$W/spinner" -c 'while :; do :; done')

# On a pseudo-terminal (script(1) gives its child a controlling pts).
if command -v script >/dev/null; then
    cp "$SLEEP" "$W/on-a-tty"
    spawn ttyparent script -qfc "exec '$W/on-a-tty' 100000" /dev/null
fi

# Split real and effective ids, and a uid no user database knows.
if [ "$IS_ROOT" = 1 ] && command -v setpriv >/dev/null; then
    cp "$SLEEP" "$W/ids-proc"
    spawn ids setpriv --ruid 65534 --euid 1 --rgid 65534 --egid 2 \
        --clear-groups "$W/ids-proc" 100000
    ARGV_HEX[ids]=$(hex_argv "$W/ids-proc" 100000)
    nouser=54321
    while getent passwd "$nouser" >/dev/null; do nouser=$((nouser + 1)); done
    spawn nouser setpriv --reuid "$nouser" --regid "$nouser" --clear-groups \
        "$W/ids-proc" 100000
    ARGV_HEX[nouser]=$(hex_argv "$W/ids-proc" 100000)
else
    sia_log "not root or no setpriv: no processes with other ids"
fi

# Let them settle: the hostile shell's children, the zombie, the stop.
deadline=$(($(sia_now_ms) + 10000))
until [ -s "$W/h.ready" ]; do
    [ "$(sia_now_ms)" -lt "$deadline" ] || sia_die "the hostile shell did not start"
    sleep 0.05
done
for c in $(ps -o pid= --ppid "${PID[hostile]}"); do sia_track "$c"; done
ZOMBIE=$(child_of "${PID[zparent]}") || sia_die "no child of the zombie parent"
wait_state "$ZOMBIE" Z 5 || true
kill -STOP "${PID[stopped]}"
wait_state "${PID[stopped]}" T 5 || true
if [ -n "${PID[ttyparent]:-}" ]; then
    if PID[tty]=$(child_of "${PID[ttyparent]}"); then
        sia_track "${PID[tty]}"
        ARGV_HEX[tty]=$(hex_argv "$W/on-a-tty" 100000)
    else
        sia_fail "script(1) started no child"
    fi
fi
# (once the process runs it: exec -a goes through bash first)
deadline=$(($(sia_now_ms) + 5000))
until [ "$(readlink "/proc/${PID[exedeleted]}/exe" 2>/dev/null || true)" = "$HD/deleted-exe-with-a-long-name" ]; do
    [ "$(sia_now_ms)" -lt "$deadline" ] || sia_die "exedeleted never ran its executable"
    sleep 0.05
done
rm -f "$HD/deleted-exe-with-a-long-name"

all=("${PID[@]}" "$ZOMBIE")
wait_rows 15 "${all[@]}" || true

# ------------------------------------------------------------ rows

KEYS=(space fakestat newline badutf8 long longhostile exelong exedeleted
    args_exact args_over args_long hostile zparent stopped spinner tty ids
    nouser)
for key in "${KEYS[@]}"; do
    [ -n "${PID[$key]:-}" ] || continue
    mode=idle
    [ "$key" = spinner ] && mode=busy
    check_row "$key" "${PID[$key]}" "$mode" "${NAME_HEX[$key]:-}" "${ARGV_HEX[$key]:-}"
    case $key in
    hostile)
        sia_assert_eq "hostile: Children (the two sleeps)" 2 "${RV[26]:-}"
        sia_assert_eq "hostile: Nice (nice -n 7 from $BASE_NICE)" "$H_NICE" "${RV[19]:-}"
        sia_assert_eq "hostile: Priority (20 + nice)" $((20 + H_NICE)) "${RV[20]:-}"
        assert_bytes "hostile: Cwd (the hostile directory)" "$(hex_str "$HD")" "${RV[33]:-}"
        assert_bytes "hostile: Exe" "$(hex_str "$HPATH")" "${RV[4]:-}"
        sia_assert_range "hostile: OpenFiles (0-2, 3-5 at least)" 6 64 "${RV[22]:-}"
        sia_assert_range "hostile: CpuUser (it counted to 100000)" 1 100000 "${RV[14]:-}"
        ;;
    args_exact) sia_assert_eq "args_exact: ArgsTruncated" 2 "${RV[6]:-}" ;;
    args_over | args_long)
        sia_assert_eq "$key: ArgsTruncated" 1 "${RV[6]:-}"
        sia_assert_eq "$key: Args length (bytes)" "$ARGS_MAX" $((${#RV[5]} / 2))
        ;;
    zparent) sia_assert_eq "zombie parent: Children (the zombie)" 1 "${RV[26]:-}" ;;
    stopped) sia_assert_eq "stopped: State" 4 "${RV[7]:-}" ;;
    spinner) sia_assert_eq "spinner: State" 1 "${RV[7]:-}" ;;
    tty) sia_assert_match "tty: Tty" '^pts/[0-9]+$' "$(show "${RV[21]:-}")" ;;
    exedeleted)
        sia_assert_match "exedeleted: Exe" ' \(deleted\)$' "$(show "${RV[4]:-}")"
        ;;
    ids)
        sia_assert_eq "ids: Uid/Euid/Gid/Egid" "65534 1 65534 2" \
            "${RV[8]:-} ${RV[9]:-} ${RV[10]:-} ${RV[11]:-}"
        assert_bytes "ids: User (of the real uid)" "$(hex_str "$(user_name 65534)")" "${RV[12]:-}"
        ;;
    nouser) assert_bytes "nouser: User (no name: the uid)" "$(hex_str "$nouser")" "${RV[12]:-}" ;;
    esac
done

check_row zombie "$ZOMBIE" idle
sia_assert_eq "zombie: State" 6 "${RV[7]:-}"
sia_assert_eq "zombie: Ppid" "${PID[zparent]}" "${RV[2]:-}"
sia_assert_eq "zombie: Args (zero-length for zombies)" "" "${RV[5]:-}"

# The agent itself: busy, multi-threaded.
check_row agent "$AGENT1" self

# ------------------------------------------------------------ walks

list_pids() {
    local d
    for d in /proc/[0-9]*; do echo "${d#/proc/}"; done | sort
}

# Waits until the snapshot answering was started after $1 (ms).
wait_fresh_snapshot() {
    local since=$1 age deadline=$(($(sia_now_ms) + 15000))
    while :; do
        age=$(raw_value "$OID_AGE" || echo none)
        if sia_is_int "$age" && [ $(($(sia_now_ms) - age * 10)) -gt $((since + 20)) ]; then
            return 0
        fi
        [ "$(sia_now_ms)" -lt "$deadline" ] || {
            sia_fail "no snapshot newer than the /proc listing within 15 s (age '$age')"
            return 1
        }
        sleep 0.1
    done
}

before=$(list_pids)
t_before=$(sia_now_ms)
wait_fresh_snapshot "$t_before" || true
walk=$(SIA_MIBS='' sia_bulkwalk -On -Cr50 "$ENTRY.2" 2>&1) || sia_fail "bulk walk of sysinfoProcessPpid: $walk"
after=$(list_pids)
walked=$(printf '%s\n' "$walk" | parse_vars | awk -F'|' '$2 == "INTEGER" { sub(/.*\./, "", $1); print $1 }' | sort)
both=$(comm -12 <(printf '%s\n' "$before") <(printf '%s\n' "$after"))
missing=$(comm -23 <(printf '%s\n' "$both") <(printf '%s\n' "$walked") | tr '\n' ' ')
sia_assert_eq "pids in /proc before and after the walk but not in it" "" "$missing"
extra=""
for p in $(comm -23 <(printf '%s\n' "$walked") <(sort -u <(printf '%s\n%s\n' "$before" "$after"))); do
    [ -d "/proc/$p" ] && extra+="$p "
done
sia_assert_eq "pids walked, in neither /proc listing, and alive now" "" "$extra"
sia_assert_range "rows walked ($(echo "$both" | wc -w) pids in both listings)" \
    "$(echo "$both" | wc -w)" 1000000 "$(echo "$walked" | wc -w)"
for key in "${KEYS[@]}"; do
    [ -n "${PID[$key]:-}" ] || continue
    got=$(printf '%s\n' "$walk" | parse_vars | awk -F'|' -v o="$ENTRY.2.${PID[$key]}" '$1 == o { print $3 }')
    read_truth "${PID[$key]}" || true
    sia_assert_eq "walk: Ppid of $key" "${TR[2]:-gone}" "$got"
done

# The whole table: ordered, no column 1, nothing past column 35, and the
# hostile row complete and as its GET said.
H=${PID[hostile]}
get_row "$H" || true
declare -A GET_H
for k in "${!RV[@]}"; do GET_H[$k]=${RV[$k]}; done
tw_out=$(SIA_MIBS='' sia_bulkwalk -On -Ox -Cr50 "$SIA_OID_PROC_TABLE" 2>&1) ||
    sia_fail "bulk walk of sysinfoProcessTable: ${tw_out:0:300}"
printf '%s\n' "$tw_out" | parse_vars >"$SIA_TMP/table.walk"
sia_assert_range "whole-table walk: varbinds" 100 10000000 "$(wc -l <"$SIA_TMP/table.walk")"
bad=$(awk -F'|' -v e="$ENTRY." '
    index($1, e) != 1 { print "outside: " $1; next }
    { s = substr($1, length(e) + 1); split(s, p, ".")
      if (p[1] < 2 || p[1] > 35 || (3 in p)) print "bad column/index: " $1
      key = p[1] * 4294967296 + p[2]
      if (NR > 1 && key <= prev) print "out of order: " $1
      prev = key }' "$SIA_TMP/table.walk" | head -n 5)
sia_assert_eq "whole-table walk: columns 2..35, one index, ascending" "" "$bad"
cols_h=$(awk -F'|' -v s=".$H" -v e="$ENTRY." 'substr($1, length($1) - length(s) + 1) == s {
    x = substr($1, length(e) + 1); sub(/\..*/, "", x); printf "%s ", x }' "$SIA_TMP/table.walk")
sia_assert_eq "whole-table walk: columns of the hostile row" "$(seq -s ' ' 2 $NCOLS) " "$cols_h"
for c in 2 3 4 5 6 8 9 10 11 12 13 19 20 21 25 28 29 33 34 35; do
    got=$(awk -F'|' -v o="$ENTRY.$c.$H" '$1 == o { print $3 }' "$SIA_TMP/table.walk")
    if [ "${COLTYPE[$c]}" = STRING ]; then
        assert_bytes "whole-table walk = GET: hostile ${COLS[$c]}" "${GET_H[$c]:-}" "$got"
    else
        sia_assert_eq "whole-table walk = GET: hostile ${COLS[$c]}" "${GET_H[$c]:-}" "$got"
    fi
done

# ------------------------------------------------------------ --dump

# (-k: a sanitizer build's leak check at exit can wait for ever on a thread
# stuck in statfs of a hung mount, and TERM does not end it)
dump_status=0
timeout -k 5 60 env LC_ALL=C "$SIA_AGENT_BIN" -c "$CONF1" --dump \
    >"$SIA_TMP/dump.txt" 2>"$SIA_TMP/dump.out" || dump_status=$?
if [ "$dump_status" = 0 ]; then
    for key in hostile longhostile newline badutf8 fakestat; do
        line=$(awk -v p="${PID[$key]}" '$1 == p' "$SIA_TMP/dump.txt")
        n=$(dump_escape "${NAME_HEX[$key]}")
        a=$(dump_escape "${ARGV_HEX[$key]}")
        if [ -n "$line" ] && [[ $line == *" $n "* ]] && [[ $line == *" $a" ]]; then
            sia_ok "--dump: $key row with name '$n' and its arguments"
        else
            sia_fail "--dump: $key (pid ${PID[$key]}): expected a line with name '$n' and args '${a:0:120}', got '${line:-(no line)}'"
        fi
    done
    line=$(awk -v p="$ZOMBIE" '$1 == p { print $2, $4 }' "$SIA_TMP/dump.txt")
    sia_assert_eq "--dump: zombie row (PPID S)" "${PID[zparent]} 6" "$line"
else
    sia_fail "sysinfo-agentx --dump failed (status $dump_status): $(head -c 300 "$SIA_TMP/dump.out")"
fi

# ------------------------------------------------------------ signals

LOG_MARK=0
log_mark() { LOG_MARK=$(stat -c %s "$SIA_AGENT_LOG" 2>/dev/null || echo 0); }
# log_expect WHAT ERE: a line written since log_mark matches (waits 3 s).
log_expect() {
    local deadline=$(($(sia_now_ms) + 3000)) new
    while :; do
        new=$(tail -c +$((LOG_MARK + 1)) "$SIA_AGENT_LOG" 2>/dev/null || true)
        if grep -Eq -- "$2" <<<"$new"; then
            sia_ok "agent log: $1: $(grep -E -- "$2" <<<"$new" | head -n 1)"
            return 0
        fi
        [ "$(sia_now_ms)" -lt "$deadline" ] || break
        sleep 0.1
    done
    sia_fail "agent log: $1: no line matching /$2/ among: ${new:-(nothing new)}"
}

# try_set WHAT EXPECTED_ERROR OID TYPE VALUE: snmpset, compare the error
# (noError when it succeeds).
try_set() {
    local what=$1 want=$2 out got
    shift 2
    log_mark
    if out=$(raw_set "$@" 2>&1); then
        got=noError
    else
        got=$(sed -n 's/^Reason: \([A-Za-z]*\).*/\1/p' <<<"$out" | head -n 1)
        got=${got:-"no answer: $out"}
    fi
    sia_assert_eq "$what: snmpset" "$want" "$got"
}

alive_check() {
    if sia_alive "$2"; then
        sia_ok "$1: still running"
    else
        sia_fail "$1: not running any more"
    fi
}

SIG=$ENTRY.27
USR1=$(kill -l USR1)
TERM=$(kill -l TERM)
KILL=$(kill -l KILL)
CONT=$(kill -l CONT)

# Signals disabled (no signals_allow): notWritable, nothing delivered.
try_set "USR1 to the hostile shell, signals disabled" notWritable "$SIG.$H" i "$USR1"
log_expect "USR1 attempt while disabled" "signal $USR1 to pid $H([^0-9].*)?not writable"
sleep 1
if [ -e "$W/h.usr1" ]; then
    sia_fail "the hostile shell got SIGUSR1 while signals are disabled"
else
    sia_ok "no SIGUSR1 delivered while signals are disabled"
fi
sia_stop_agent

# Signals allowed.  CONT is allowed too, only to ask for pid 1 with a
# signal that would do no harm should the agent wrongly send it.  A long
# TTL keeps the snapshot still: a process can exit and stay in it.
CONF2=$SIA_TMP/signals.conf
# The processes here run as root, a system user: named in signals_users
# (test_signal_policy.sh tests the default refusal).
printf 'cache_ttl 60\nsignals_allow TERM USR1 CONT\nsignals_users root\n' >"$CONF2"
cp "$SLEEP" "$W/sig-term"
spawn sigterm "$W/sig-term" 100000
cp "$SLEEP" "$W/sig-gone"
spawn siggone "$W/sig-gone" 100000
sia_start_agent -c "$CONF2"
AGENT2=$SIA_AGENT_PID
wait_rows 15 "$H" "${PID[sigterm]}" "${PID[siggone]}" || true

try_set "USR1 to the hostile shell" noError "$SIG.$H" i "$USR1"
log_expect "USR1 sent" "signal $USR1 to pid $H([^0-9].*)?sent"
deadline=$(($(sia_now_ms) + 5000))
until grep -q USR1 "$W/h.usr1" 2>/dev/null || [ "$(sia_now_ms)" -ge "$deadline" ]; do sleep 0.1; done
sia_assert_eq "the hostile shell's USR1 trap ran" USR1 "$(cat "$W/h.usr1" 2>/dev/null || echo nothing)"
alive_check "the hostile shell, after USR1" "$H"

try_set "KILL (not in signals_allow) to the hostile shell" wrongValue "$SIG.$H" i "$KILL"
log_expect "KILL refused" "signal $KILL to pid $H([^0-9].*)?not allowed"
try_set "CONT to pid 1" notWritable "$SIG.1" i "$CONT"
log_expect "pid 1 refused" "signal $CONT to pid 1([^0-9].*)?not writable"
try_set "USR1 to the agent itself" notWritable "$SIG.$AGENT2" i "$USR1"
log_expect "agent's own pid refused" "signal $USR1 to pid $AGENT2([^0-9].*)?not writable"
alive_check "the agent, after a USR1 to itself" "$AGENT2"
miss=$(($(cat /proc/sys/kernel/pid_max) - 1))
while [ -e "/proc/$miss" ]; do miss=$((miss - 1)); done
sia_assert_eq "pid $miss has no row" NOSUCHINSTANCE \
    "$(raw_get "$ENTRY.2.$miss" | parse_vars | cut -d'|' -f2)"
try_set "TERM to pid $miss (no such process)" noCreation "$SIG.$miss" i "$TERM"
log_expect "missing pid refused" "signal $TERM to pid $miss([^0-9].*)?no such process"
try_set "a string to the hostile shell's signal" wrongType "$SIG.$H" s TERM
log_expect "string refused" "pid $H([^0-9].*)?wrong type"
try_set "a string to the hostile shell's Name" notWritable "$ENTRY.3.$H" s x
alive_check "the hostile shell, after refused requests" "$H"

# Several varbinds in one PDU: a SET is all or nothing.  An allowed USR1
# beside a TERM to a missing pid: noCreation, and no USR1 either.
rm -f "$W/h.usr1"
try_set "one PDU: USR1 to the hostile shell, TERM to pid $miss" noCreation \
    "$SIG.$H" i "$USR1" "$SIG.$miss" i "$TERM"
sleep 1
if [ -e "$W/h.usr1" ]; then
    sia_fail "the hostile shell got SIGUSR1 from a SET that failed"
else
    sia_ok "no SIGUSR1 from the SET that failed"
fi
# Both allowed: both sent.
try_set "one PDU: USR1 to the hostile shell, TERM to sig-term" noError \
    "$SIG.$H" i "$USR1" "$SIG.${PID[sigterm]}" i "$TERM"
log_expect "TERM sent" "signal $TERM to pid ${PID[sigterm]}([^0-9].*)?sent"
log_expect "USR1 sent in the same PDU" "signal $USR1 to pid $H([^0-9].*)?sent"
if sia_wait_exit "${PID[sigterm]}" 5; then
    sia_assert_eq "sig-term's exit status (128 + TERM)" $((128 + TERM)) "$SIA_EXIT_STATUS"
else
    sia_fail "sig-term still runs 5 s after the TERM"
fi
deadline=$(($(sia_now_ms) + 5000))
until grep -q USR1 "$W/h.usr1" 2>/dev/null || [ "$(sia_now_ms)" -ge "$deadline" ]; do sleep 0.1; done
sia_assert_eq "the hostile shell's USR1 trap ran again" USR1 "$(cat "$W/h.usr1" 2>/dev/null || echo nothing)"

# Exited (and reaped) but still in the snapshot: the row is there, the
# kill fails.
G=${PID[siggone]}
kill -KILL "$G"
sia_wait_exit "$G" 5 || true
if [ -d "/proc/$G" ]; then sia_fail "pid $G still exists after SIGKILL and wait"; fi
sia_assert_eq "sig-gone (exited) still has a row in the snapshot" INTEGER \
    "$(raw_get "$ENTRY.2.$G" | parse_vars | cut -d'|' -f2)"
try_set "USR1 to sig-gone, exited but in the snapshot" commitFailed "$SIG.$G" i "$USR1"
log_expect "exited process" "signal $USR1 to pid $G([^0-9].*)?(no such process|fail|gone)"

sia_stop_agent
sia_stop_master

# Everything we started, by pid (the hostile shell's and script's children
# are tracked too); the lib's exit trap would TERM them one by one, and the
# stopped one would hold it up.
for p in "${SIA_PIDS[@]}"; do
    sia_kill "$p" KILL 2 2>/dev/null # not bash's "Killed" notices
done
sia_finish
