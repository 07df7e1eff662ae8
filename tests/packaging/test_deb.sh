#!/usr/bin/env bash
# test_deb.sh - the Debian package, built, installed and purged on this
# machine:
#   - scripts/build-deb.sh builds it and lintian is clean (overrides aside);
#   - `dpkg -i`: the files where they belong (and no others), the binary
#     built with Debian's hardening flags (hardening-check), the example
#     configuration registered as a conffile, the system user and group;
#   - the installed unit passes `systemd-analyze verify` (binary and man
#     pages now installed) and rates 2.0 or lower;
#   - the INSTALLED binary runs as systemd would run it - as
#     _sysinfo-agentx, with only the unit's ambient capabilities, no new
#     privileges, NOTIFY_SOCKET, its own network namespace, / read-only
#     (seccomp and the other settings need systemd) - against a private
#     master configured with
#     the package's snmpd.conf snippet (its agentXPerms let the group in):
#     READY=1, answers, root's processes fully readable;
#   - `dpkg --purge` leaves none of its files.  The system user stays, as
#     Debian does for system users (postrm); this test removes it
#     afterwards if it created it, so the machine is left as it was.
# A failure anywhere purges the package (EXIT trap).  Needs root; skipped
# when the package was installed before (a real installation is not
# touched).  Runs serialised with other copies of itself (flock).
set -u -o pipefail
# shellcheck source=tests/integration/lib.sh
. "$(dirname "$0")/../integration/lib.sh"

sia_need dpkg dpkg-buildpackage dh lintian snmpd snmpget setpriv flock \
    systemd-analyze man hardening-check
[ "$(id -u)" = 0 ] || sia_skip "needs root (dpkg -i)"
PKG=sysinfo-agentx
USER_NAME=_sysinfo-agentx
LISTEN=$SIA_BUILD/tests/notify_listen

installed() {
    [ "$(dpkg-query -W -f='${db:Status-Status}' "$PKG" 2>/dev/null)" = installed ]
}

exec 7>&2 # deb_cleanup reports here, wherever the trap fires
exec 9>/run/lock/sia-test_deb.lock
flock -w 600 9 || sia_die "another test_deb.sh holds /run/lock/sia-test_deb.lock"
# A run that was killed before its cleanup left this marker (and the
# package, and perhaps the user it created): finish that cleanup now.
MARKER=/run/lock/sia-test_deb.installed
if [ -f "$MARKER" ]; then
    sia_log "an earlier run left $PKG installed; purging it"
    dpkg --purge "$PKG" >/dev/null 2>&1 || true
    grep -qx 'user_created' "$MARKER" && userdel "$USER_NAME" 2>/dev/null
    rm -f "$MARKER"
fi
installed && sia_skip "$PKG is installed on this machine; not touching it"
user_existed=0
getent passwd "$USER_NAME" >/dev/null && user_existed=1

# dpkg_retry LOG ARGS...: dpkg ARGS, output to LOG, retried while another
# dpkg/apt holds the lock.  (Not redirected from outside: an EXIT trap
# that runs meanwhile would write into LOG.)
dpkg_retry() {
    local log=$1 i
    shift
    for i in $(seq 1 60); do
        dpkg "$@" >"$log" 2>&1 && return 0
        grep -qi 'lock' "$log" || return 1
        sleep 2
    done
    return 1
}

deb_cleanup() {
    local i
    for ((i = ${#SIA_PIDS[@]} - 1; i >= 0; i--)); do
        sia_kill "${SIA_PIDS[$i]}" TERM 5
    done
    if installed || dpkg-query -W "$PKG" >/dev/null 2>&1; then
        if dpkg_retry "$SIA_TMP/purge-on-exit.log" --purge "$PKG"; then
            echo "test_deb: purged $PKG on exit" >&7
        else
            echo "test_deb: dpkg --purge $PKG FAILED on exit:" >&7
            cat "$SIA_TMP/purge-on-exit.log" >&7
        fi
    fi
    if [ "$user_existed" = 0 ] && getent passwd "$USER_NAME" >/dev/null; then
        userdel "$USER_NAME" 2>/dev/null || true
        getent group "$USER_NAME" >/dev/null && groupdel "$USER_NAME" 2>/dev/null
    fi
    installed || rm -f "$MARKER"
    return 0
}
trap 'st=$?; deb_cleanup; (exit $st); sia_cleanup' EXIT

# --- build + lintian
t0=$(sia_now_ms)
if bash "$SIA_SRC/scripts/build-deb.sh" "$SIA_TMP/deb" >"$SIA_TMP/build-deb.out" 2>&1; then
    sia_ok "package built, lintian clean ($(tail -n 1 "$SIA_TMP/build-deb.out"))"
else
    cat "$SIA_TMP/build-deb.out"
    sia_die "scripts/build-deb.sh failed"
fi
sia_log "build and lintian took $(($(sia_now_ms) - t0)) ms"
deb=$(ls "$SIA_TMP"/deb/${PKG}_*_*.deb)
version=$(dpkg-deb -f "$deb" Version)

# --- install
if [ "$user_existed" = 0 ]; then echo user_created; else echo user_kept; fi >"$MARKER"
dpkg_retry "$SIA_TMP/install.log" -i "$deb" ||
    { cat "$SIA_TMP/install.log"; sia_die "dpkg -i failed"; }
installed && sia_ok "dpkg -i $(basename "$deb"): installed" || sia_die "not installed after dpkg -i"

expected_files='/etc/snmp/sysinfo-agentx.conf
/lib/systemd/system/sysinfo-agentx.service
/usr/sbin/sysinfo-agentx
/usr/share/doc/sysinfo-agentx/README.md.gz
/usr/share/doc/sysinfo-agentx/changelog.gz
/usr/share/doc/sysinfo-agentx/copyright
/usr/share/doc/sysinfo-agentx/snmpd.conf.snippet
/usr/share/lintian/overrides/sysinfo-agentx
/usr/share/man/man5/sysinfo-agentx.conf.5.gz
/usr/share/man/man8/sysinfo-agentx.8.gz
/usr/share/snmp/mibs/SYSINFO-MIB.txt
/usr/share/sysinfo-agentx/nagios/sysinfo-agentx-commands.cfg
/usr/share/sysinfo-agentx/nagios/sysinfo-agentx-example.cfg
/usr/share/sysinfo-agentx/prometheus/snmp.yml
/usr/share/sysinfo-agentx/prometheus/sysinfo-alerts.yml
/usr/share/sysinfo-agentx/zabbix/sysinfo-agentx-zabbix6.yaml'
files=$(dpkg -L "$PKG" | while read -r f; do [ -d "$f" ] || echo "$f"; done | sort)
sia_assert_eq "files of the package" "$expected_files" "$files"
missing=$(while read -r f; do [ -e "$f" ] || echo "$f"; done <<<"$files")
sia_assert_eq "files missing after installation" "" "$missing"
sia_assert_eq "the binary's mode" "755 root" "$(stat -c '%a %U' /usr/sbin/sysinfo-agentx)"
# Debian's hardening flags (DEB_BUILD_MAINT_OPTIONS=hardening=+all)
hc=$(hardening-check /usr/sbin/sysinfo-agentx 2>&1)
for feature in "Position Independent Executable" "Stack protected" \
    "Fortify Source functions" "Read-only relocations" "Immediate binding"; do
    sia_assert_match "hardening-check: $feature" '^yes' \
        "$(sed -n "s/^ *$feature: //p" <<<"$hc")"
done
sia_assert_eq "/usr/sbin/sysinfo-agentx --version" "sysinfo-agentx $version" \
    "$(/usr/sbin/sysinfo-agentx --version)"
cmp -s /etc/snmp/sysinfo-agentx.conf "$SIA_SRC/packaging/sysinfo-agentx.conf" &&
    sia_ok "/etc/snmp/sysinfo-agentx.conf is packaging/sysinfo-agentx.conf" ||
    sia_fail "/etc/snmp/sysinfo-agentx.conf differs from packaging/sysinfo-agentx.conf"
conffiles=$(dpkg-query -W -f='${Conffiles}' "$PKG" | sed 's/^ *//')
sia_assert_eq "registered conffiles" \
    "/etc/snmp/sysinfo-agentx.conf $(md5sum </etc/snmp/sysinfo-agentx.conf | cut -d' ' -f1)" \
    "$conffiles"
sia_assert_match "man -w sysinfo-agentx" '^/usr/share/man/man8/sysinfo-agentx\.8\.gz$' \
    "$(man -w sysinfo-agentx 2>&1)"
sia_assert_match "man -w 5 sysinfo-agentx.conf" '^/usr/share/man/man5/sysinfo-agentx\.conf\.5\.gz$' \
    "$(man -w 5 sysinfo-agentx.conf 2>&1)"
sia_assert_eq "snmptranslate finds the installed MIB" .1.3.6.1.4.1.8072.9999.9999.7337.1.2.1 \
    "$(snmptranslate -M "$(dirname "$(ls -d /usr/lib/erlang/lib/snmp-*/mibs | head -n 1)")/mibs:/usr/share/snmp/mibs" \
        -m SYSINFO-MIB -On SYSINFO-MIB::sysinfoProcessTable 2>&1)"

# --- the system user
IFS=: read -r _ _ uid gid _ home shell < <(getent passwd "$USER_NAME")
sia_assert_range "uid of $USER_NAME (a system uid)" 100 999 "${uid:-}"
sia_assert_eq "group of $USER_NAME" "$USER_NAME" "$(getent group "${gid:-x}" | cut -d: -f1)"
sia_assert_eq "home and shell of $USER_NAME" "/nonexistent /usr/sbin/nologin" "${home:-} ${shell:-}"

# --- the installed unit
UNIT=/lib/systemd/system/sysinfo-agentx.service
out=$(systemd-analyze verify "$UNIT" 2>&1)
sia_assert_eq "systemd-analyze verify $UNIT (with man pages)" "" "$out"
score=$(systemd-analyze security --offline=yes "$UNIT" 2>&1 |
    sed -n 's/.*Overall exposure level for [^:]*: \([0-9.]*\) .*/\1/p')
if systemd-analyze security --offline=yes --threshold=20 "$UNIT" >/dev/null 2>&1; then
    sia_ok "installed unit: exposure $score (2.0 or lower)"
else
    sia_fail "installed unit: exposure $score, above 2.0"
fi

# --- the installed binary, run as the unit runs it, against a private
# master configured with the snippet's lines (socket path aside)
SNIPPET=/usr/share/doc/sysinfo-agentx/snmpd.conf.snippet
chmod 711 "$SIA_TMP"
SIA_MASTER_PORT=$(sia_free_port) || sia_die "no free port"
SIA_AGENTX=unix:$SIA_TMP/agentx/master
SIA_MASTER_CONF=$SIA_TMP/snmpd.conf
SIA_MASTER_LOG=$SIA_TMP/master.log
{
    echo "# private master for $SIA_NAME, with $SNIPPET"
    sed "s|^agentXSocket .*|agentXSocket $SIA_AGENTX|" "$SNIPPET"
    echo "rocommunity public 127.0.0.1"
} >"$SIA_MASTER_CONF"
grep -q "^agentXPerms .* $USER_NAME\$" "$SIA_MASTER_CONF" ||
    sia_fail "the snippet's agentXPerms does not name the group $USER_NAME"
sia_launch_master || sia_die "the private master did not start"
sia_assert_eq "AgentX socket: mode, owner, group (from the snippet)" \
    "660 root $USER_NAME" "$(stat -c '%a %U %G' "$SIA_TMP/agentx/master")"

SIA_AGENT_BIN=/usr/sbin/sysinfo-agentx
: >"$SIA_TMP/agent.log"
chown "$USER_NAME" "$SIA_TMP/agent.log"
caps=+dac_read_search,+sys_ptrace # AmbientCapabilities= of the unit
wrapper=(setpriv --reuid="$USER_NAME" --regid="$USER_NAME" --init-groups
    --inh-caps="$caps" --ambient-caps="$caps" --bounding-set=-all,"$caps"
    --no-new-privs)
if [ -x "$LISTEN" ]; then
    "$LISTEN" "$SIA_TMP/notify.sock" >"$SIA_TMP/notify.out" 2>&1 &
    sia_track $!
    for _ in $(seq 1 50); do [ -S "$SIA_TMP/notify.sock" ] && break; sleep 0.1; done
    chmod 666 "$SIA_TMP/notify.sock"
    wrapper=(env "NOTIFY_SOCKET=$SIA_TMP/notify.sock" "${wrapper[@]}")
fi
# Part of the sandbox, as far as it goes without systemd: a private
# network namespace (PrivateNetwork=: AgentX and sd_notify go through
# unix sockets in the file system) and the root file system read-only
# (ProtectSystem=; the test's directory stays writable for the log).
sandbox=(unshare --net --mount --propagation slave sh -c
    'mount --bind "$1" "$1" && mount -o remount,bind,ro / && shift && exec "$@"'
    sh "$SIA_TMP")
if "${sandbox[@]}" true 2>/dev/null; then
    wrapper=("${sandbox[@]}" "${wrapper[@]}")
    sandboxed=1
else
    sia_log "cannot make namespaces here: running without the namespace part"
    sandboxed=0
fi
SIA_AGENT_WRAPPER=("${wrapper[@]}")
sia_start_agent -c /etc/snmp/sysinfo-agentx.conf
agent=$SIA_AGENT_PID
sia_assert_eq "the agent runs as" "$USER_NAME" "$(ps -o user:32= -p "$agent")"
if [ "$sandboxed" = 1 ]; then
    [ "$(readlink "/proc/$agent/ns/net")" != "$(readlink /proc/self/ns/net)" ] &&
        sia_ok "the agent has a network namespace of its own" ||
        sia_fail "the agent shares the test's network namespace"
    sia_assert_match "/ as the agent sees it" '^ro,' \
        "$(awk '$5 == "/" { print $6; exit }' "/proc/$agent/mountinfo")"
fi
sia_assert_eq "its capabilities (effective)" 0000000000080004 \
    "$(sed -n 's/^CapEff:\t//p' "/proc/$agent/status")"
sia_assert_eq "sysinfoAgentVersion.0" "$version" "$(sia_value "$SIA_OID_AGENT_VERSION")"
if [ -x "$LISTEN" ]; then
    sia_assert_eq "READY=1 from the installed agent" 1 \
        "$(awk -v p="$agent" '$2 == p && $3 ~ /^READY=1/' "$SIA_TMP/notify.out" | wc -l)"
fi
# root's processes are readable with the unit's capabilities: exe (4),
# I/O (23, 24), cwd (33) of the master, which runs as root
master=$SIA_MASTER_PID
sia_assert_eq "exe of root's pid $master" "$(readlink "/proc/$master/exe")" \
    "$(sia_value -On "$SIA_OID_PROC_TABLE.1.4.$master")"
sia_assert_eq "cwd of root's pid $master" "$(readlink "/proc/$master/cwd")" \
    "$(sia_value -On "$SIA_OID_PROC_TABLE.1.33.$master")"
for c in 23 24; do
    sia_assert_match "column $c (I/O bytes) of root's pid $master" '^[0-9]+$' \
        "$(sia_value -On "$SIA_OID_PROC_TABLE.1.$c.$master" 2>&1)"
done
if [ "$sandboxed" = 1 ]; then
    # The packaged configuration says mount_namespace init: the mount
    # table is pid 1's, not the sandbox's (where / is a read-only bind).
    host_ro=$(awk '$5 == "/" { split($6, o, ","); print (o[1] == "ro") ? 1 : 2; exit }' /proc/1/mountinfo)
    sia_assert_eq "sysinfoMountReadOnly of / in the sandbox (the host's, 1 true 2 false)" \
        "$host_ro" "$(sia_value -On "$SIA_OID_MOUNT_TABLE.1.6.705468254" 2>&1)"
fi
sia_stop_agent
sia_stop_master

# --- purge
dpkg_retry "$SIA_TMP/purge.log" --purge "$PKG" ||
    { cat "$SIA_TMP/purge.log"; sia_die "dpkg --purge failed"; }
sia_assert_eq "dpkg status after --purge" "not-installed" \
    "$(dpkg-query -W -f='${db:Status-Status}' "$PKG" 2>/dev/null || echo not-installed)"
left=$(while read -r f; do [ -e "$f" ] && echo "$f"; done <<<"$files")
sia_assert_eq "files left after --purge" "" "$left"
left=$(ls -d /etc/snmp/sysinfo-agentx.conf* /usr/share/doc/sysinfo-agentx \
    /var/lib/systemd/deb-systemd-helper-enabled/*sysinfo-agentx* 2>/dev/null)
sia_assert_eq "configuration, docs, systemd state left after --purge" "" "$left"
if getent passwd "$USER_NAME" >/dev/null; then
    sia_ok "$USER_NAME kept after --purge (Debian's policy for system users)"
else
    sia_fail "$USER_NAME was removed by --purge (postrm should keep it)"
fi
deb_cleanup
if [ "$user_existed" = 0 ]; then
    getent passwd "$USER_NAME" >/dev/null &&
        sia_fail "could not remove the test's $USER_NAME" ||
        sia_ok "$USER_NAME (created by this test) removed again"
fi
sia_finish
