#!/usr/bin/env bash
# test_nms_nagios.sh - packaging/nagios/ against the real tools: Debian's
# nagios4 accepts the object configuration (`nagios4 -v` on a temp main
# configuration with Debian's stock templates), and every check_snmp
# command, taken from the file and expanded as Nagios would, gives OK,
# WARNING, CRITICAL and UNKNOWN (exit codes 0..3) against the live agent
# through a private master:
#   - a tmpfs of known usage (used percent, available bytes, status ok);
#   - a tmpfs hidden under a second one (status notQueried: WARNING);
#   - tests/tools/hangfs, a FUSE filesystem whose daemon is stopped (status
#     timeout: CRITICAL; its available bytes: UNKNOWN, the agent has none);
#   - a mount index with no row, and the agent gone (UNKNOWN).
# It mounts, so it runs in a private mount namespace (root, unshare(1),
# /dev/fuse; exits 77 otherwise).
set -euo pipefail

# shellcheck source=tests/integration/nms_lib.sh
. "$(dirname "$0")/nms_lib.sh"
nms_enter_namespace "$0" "$@"
# shellcheck source=tests/integration/lib.sh
. "$(dirname "$0")/lib.sh"
nms_setup

PLUGINS=/usr/lib/nagios/plugins
sia_need snmpd snmpget snmpwalk nagios4
[ -x "$PLUGINS/check_snmp" ] || sia_skip "no $PLUGINS/check_snmp (monitoring-plugins-standard)"
sia_need_agent

NAGIOS_DIR=$SIA_SRC/packaging/nagios
COMMANDS=$NAGIOS_DIR/sysinfo-agentx-commands.cfg
EXAMPLE=$NAGIOS_DIR/sysinfo-agentx-example.cfg

# ------------------------------------------------------------ nagios4 -v

# nagios_verify CFG_FILE...: nagios4 -v on a temp main configuration with
# Debian's stock objects and the given files; prints its output.
nagios_verify() {
    local d=$SIA_TMP/nagios f
    mkdir -p "$d/spool"
    {
        printf 'log_file=%s/nagios.log\n' "$d"
        for f in commands contacts timeperiods templates; do
            printf 'cfg_file=/etc/nagios4/objects/%s.cfg\n' "$f"
        done
        for f in "$@"; do printf 'cfg_file=%s\n' "$f"; done
        printf 'resource_file=/etc/nagios4/resource.cfg\n'
        printf '%s=%s/%s\n' object_cache_file "$d" objects.cache \
            precached_object_file "$d" objects.precache status_file "$d" status.dat \
            command_file "$d" nagios.cmd lock_file "$d" nagios.pid temp_file "$d" nagios.tmp \
            check_result_path "$d" spool state_retention_file "$d" retention.dat \
            temp_path "$d" ""
        # as Debian's nagios.cfg; root: the temp directory is private
        printf '%s\n' 'illegal_macro_output_chars=`~$&|'"'"'"<>' \
            nagios_user=root nagios_group=root
    } >"$d/nagios.cfg"
    nagios4 -v "$d/nagios.cfg" 2>&1
}
out=$(nagios_verify "$COMMANDS" "$EXAMPLE") && rc=0 || rc=$?
if [ "$rc" = 0 ] && grep -q 'Total Errors: *0' <<<"$out" &&
    grep -q 'Total Warnings: *0' <<<"$out"; then
    sia_ok "nagios4 -v accepts the commands and the example ($(grep -o 'Checked [0-9]* services' <<<"$out"), $(grep -o 'Checked [0-9]* commands' <<<"$out"))"
else
    sia_fail "nagios4 -v (exit $rc): $(grep -iE 'error|warning' <<<"$out" | head -5)"
fi
# It is a real check: without the commands the example is refused.
out=$(nagios_verify "$EXAMPLE") && rc=0 || rc=$?
[ "$rc" != 0 ] && grep -q 'check_sysinfo' <<<"$out" &&
    sia_ok "nagios4 -v refuses the example without the commands file (exit $rc)" ||
    sia_fail "nagios4 -v without the commands file: exit $rc"

# ------------------------------------------------------------ commands

# command_line NAME: the command_line of a command in the commands file.
command_line() {
    awk -v n="$1" '
        $1 == "command_name" { cur = $2 }
        $1 == "command_line" && cur == n { sub(/^[ \t]*command_line[ \t]+/, ""); print; exit }' "$COMMANDS"
}

# run_check EXPECTED_EXIT COMMAND [ARG...]: expands the command as Nagios
# does ($USER1$, host address and custom variables, $ARGn$), runs it with
# /bin/sh, checks the exit code and the state word of the output.
declare -A STATE_WORD=([0]=OK [1]=WARNING [2]=CRITICAL [3]=UNKNOWN)
declare -A RAN=() # command -> exit codes seen
run_check() {
    local want=$1 name=$2 line i rc out
    shift 2
    line=$(command_line "$name")
    [ -n "$line" ] || { sia_fail "no command $name in $COMMANDS"; return 0; }
    line=${line//\$USER1\$/$PLUGINS}
    line=${line//\$HOSTADDRESS\$/127.0.0.1}
    line=${line//\$_HOSTSNMP_PORT\$/$SIA_MASTER_PORT}
    line=${line//\$_HOSTSNMP_COMMUNITY\$/public}
    for ((i = 1; i <= $#; i++)); do
        line=${line//\$ARG$i\$/${!i}}
    done
    [[ $line != *'$'* ]] || { sia_fail "$name: unexpanded macro in: $line"; return 0; }
    out=$(timeout 30 sh -c "$line" 2>&1) && rc=0 || rc=$?
    local args=$*
    RAN[$name]="${RAN[$name]:-}$rc"
    if [ "$rc" = "$want" ] && { [ "$want" = 3 ] || [[ $out == *"${STATE_WORD[$want]}"* ]]; }; then
        sia_ok "$name!${args// /!} -> exit $rc: $out"
    else
        sia_fail "$name!${args// /!}: expected exit $want (${STATE_WORD[$want]}), got $rc: $out"
    fi
}

# ------------------------------------------------------------ filesystems

nms_mount_tmpfs "$SIA_TMP/fs" 8m
head -c $((5 * 1024 * 1024)) /dev/zero >"$SIA_TMP/fs/data"
nms_mount_tmpfs "$SIA_TMP/stack" 4m
nms_mount_tmpfs "$SIA_TMP/stack" 4m
nms_mount_tmpfs "$SIA_TMP/fs2" 8m
head -c $((4 * 1024 * 1024)) /dev/zero >"$SIA_TMP/fs2/data"
# Processes for a watch: one, then two (too many), then none (too few).
cp "$(command -v sleep)" "$SIA_TMP/nagsleeper"
"$SIA_TMP/nagsleeper" 600 &
WPID1=$!
sia_track "$WPID1"
HANG_DIR=$SIA_TMP/hang
nms_start_hangfs "$HANG_DIR"

CONF=$SIA_TMP/agent.conf
printf 'mount_ttl 1\nmount_timeout 1\ncache_ttl 1\nmount_include_path %s/*\n%s\n%s %s/fs %s\n%s %s/fs2 %s\n' "$SIA_TMP" \
    'watch sleeper name ^nagsleeper$ min 1 max 1' \
    threshold "$SIA_TMP" 'used 50% 70%' threshold "$SIA_TMP" 'used 20% 40%' >"$CONF"
sia_start_master unix
sia_start_agent -c "$CONF"
M=$SIA_OID_MOUNT_TABLE.1

FS=$(nms_index_of "$SIA_TMP/fs" 1)
LOWER=$(nms_index_of "$SIA_TMP/stack" 4)
HANG=$(nms_index_of "$HANG_DIR" 1)
[ -n "$FS" ] && [ -n "$LOWER" ] && [ -n "$HANG" ] ||
    sia_die "mount rows not found: fs '$FS', hidden '$LOWER', hangfs '$HANG'"
sia_log "rows: tmpfs $FS, hidden tmpfs $LOWER, hangfs $HANG"

used=$(sia_value "$M.12.$FS")
avail=$(sia_value "$M.10.$FS")
sia_assert_range "used percent of the 8 MiB tmpfs holding 5 MiB" 62 64 "$used"
MIB=$((1024 * 1024))

run_check 0 check_sysinfo_agent
run_check 0 check_sysinfo_fs_used "$FS" 80 90
run_check 1 check_sysinfo_fs_used "$FS" 50 90
run_check 2 check_sysinfo_fs_used "$FS" 40 50
run_check 3 check_sysinfo_fs_used 12345 80 90
run_check 0 check_sysinfo_fs_free "$FS" $MIB $((MIB / 2))
run_check 1 check_sysinfo_fs_free "$FS" $((4 * MIB)) $MIB
run_check 2 check_sysinfo_fs_free "$FS" $((8 * MIB)) $((4 * MIB))
run_check 0 check_sysinfo_fs_status "$FS"
run_check 1 check_sysinfo_fs_status "$LOWER"
run_check 3 check_sysinfo_fs_status 12345
uptime=$(sia_value "$SIA_OID_SYSTEM.3.0")
run_check 0 check_sysinfo_uptime 1 1
run_check 1 check_sysinfo_uptime $((uptime + 1000000000)) 1
run_check 2 check_sysinfo_uptime $((uptime + 2000000000)) $((uptime + 1000000000))
run_check 0 check_sysinfo_load5 100000 200000
FS2=$(nms_index_of "$SIA_TMP/fs2" 1)
run_check 1 check_sysinfo_fs_threshold "$FS"
run_check 2 check_sysinfo_fs_threshold "$FS2"
run_check 3 check_sysinfo_fs_threshold "$LOWER"
# wait_watch STATUS: until the watch shows STATUS (cache_ttl 1).
WNAME=$(printf sleeper | od -An -tu1 | xargs | tr ' ' '.')
wait_watch() {
    local st
    for _ in $(seq 1 50); do
        st=$(sia_value "$SIA_OID_MIB.1.4.1.1.10.$WNAME" 2>/dev/null || true)
        [ "$st" = "$1" ] && return 0
        sleep 0.2
    done
    sia_fail "watch sleeper: status $st, expected $1"
}
wait_watch 1
run_check 0 check_sysinfo_watch "$WNAME"
"$SIA_TMP/nagsleeper" 600 &
WPID2=$!
sia_track "$WPID2"
wait_watch 3
run_check 2 check_sysinfo_watch "$WNAME"
kill "$WPID1" "$WPID2"
sia_wait_exit "$WPID1" 5 || true
sia_wait_exit "$WPID2" 5 || true
wait_watch 2
run_check 2 check_sysinfo_watch "$WNAME"
run_check 3 check_sysinfo_watch "$(printf nosuchwatch | od -An -tu1 | xargs | tr ' ' '.')"
sia_log "available bytes $avail, uptime $uptime"

# The FUSE daemon stops: the agent's statfs times out (mount_timeout 1 s).
nms_hang_stop
t0=$(sia_now_ms)
st=
for _ in $(seq 1 100); do
    st=$(sia_value "$M.17.$HANG" 2>/dev/null || true)
    [ "$st" = 2 ] && break
    sleep 0.1
done
sia_assert_eq "hangfs row status after SIGSTOP ($(($(sia_now_ms) - t0)) ms)" 2 "$st"
run_check 2 check_sysinfo_fs_status "$HANG"
run_check 3 check_sysinfo_fs_free "$HANG" $MIB $((MIB / 2))
run_check 0 check_sysinfo_fs_status "$FS"
nms_hang_release

sia_stop_agent
run_check 3 check_sysinfo_agent
run_check 3 check_sysinfo_uptime 1 1
# No master at all: UNKNOWN after snmpget's timeout (6 s), not CRITICAL.
sia_stop_master
run_check 3 check_sysinfo_agent

# Every command of the file was run, and each gave the outcomes it can give.
for name in $(awk '$1 == "command_name" { print $2 }' "$COMMANDS"); do
    seen=$(grep -o . <<<"${RAN[$name]:-}" | sort -u | tr -d '\n')
    case "$name" in
    check_sysinfo_agent) want=03 ;;
    check_sysinfo_load5) want=0 ;; # the load moves: OK with wide margins only
    check_sysinfo_watch) want=023 ;; # invalidPattern/unknown: see the commands
    check_sysinfo_fs_threshold) want=123 ;;
    *) want=0123 ;;
    esac
    sia_assert_eq "exit codes seen for $name" "$want" "$seen"
done

sia_finish
