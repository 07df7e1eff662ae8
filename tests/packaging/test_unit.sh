#!/usr/bin/env bash
# test_unit.sh - the systemd unit (build/packaging/sysinfo-agentx.service,
# from packaging/sysinfo-agentx.service.in), checked offline, as this test
# machine may not run systemd:
#   - `systemd-analyze verify` says nothing (a copy whose ExecStart is the
#     binary just built, man pages not looked up: test_deb.sh verifies the
#     installed unit with both);
#   - `systemd-analyze security --offline=yes` rates it 2.0 or lower, and
#     the items it still counts are exactly the ones the unit and the
#     README explain (a new one fails the test until it is explained);
#   - what the issue asks of it: Type=notify with a watchdog, after snmpd
#     but not bound to it, the sandbox settings.
set -u -o pipefail
# shellcheck source=tests/integration/lib.sh
. "$(dirname "$0")/../integration/lib.sh"

sia_need_agent
sia_need systemd-analyze
UNIT_IN=$SIA_BUILD/packaging/sysinfo-agentx.service
[ -f "$UNIT_IN" ] || sia_die "no $UNIT_IN (configure the build first)"
UNIT=$SIA_TMP/sysinfo-agentx.service
sed "s|^ExecStart=[^ ]*|ExecStart=$SIA_AGENT_BIN|" "$UNIT_IN" >"$UNIT"

out=$(systemd-analyze verify --man=no "$UNIT" 2>&1)
rc=$?
sia_assert_eq "systemd-analyze verify: exit status" 0 "$rc"
sia_assert_eq "systemd-analyze verify: output" "" "$out"

report=$(systemd-analyze security --offline=yes "$UNIT" 2>&1)
score=$(sed -n 's/.*Overall exposure level for [^:]*: \([0-9.]*\) .*/\1/p' <<<"$report")
sia_log "systemd-analyze security --offline=yes: exposure $score"
sia_assert_match "exposure score" '^[0-9]+\.[0-9]$' "$score"
if systemd-analyze security --offline=yes --threshold=20 "$UNIT" >/dev/null 2>&1; then
    sia_ok "exposure $score is 2.0 or lower (--threshold=20)"
else
    sia_fail "exposure $score is above 2.0"
fi
# The items still counted, each explained in the unit's comments and the
# README ("The systemd unit").
explained='AmbientCapabilities=
CapabilityBoundingSet=~CAP_(DAC_*|FOWNER|IPC_OWNER)
CapabilityBoundingSet=~CAP_SYS_PTRACE
DeviceAllow=
PrivateDevices=
PrivateUsers=
ProcSubset=
ProtectHome=
ProtectProc=
RestrictAddressFamilies=~AF_UNIX
RootDirectory=/RootImage='
counted=$(grep '✗' <<<"$report" | awk '{ print $2 }' | sort)
if [ "$counted" = "$(sort <<<"$explained")" ]; then
    sia_ok "the $(wc -l <<<"$counted") items still counted are the explained ones"
else
    sia_fail "items counted by systemd-analyze security differ from the explained list:"
    diff <(sort <<<"$explained") <(printf '%s\n' "$counted")
fi

directive() { # directive NAME: its values, one line each
    sed -n "s/^$1=//p" "$UNIT_IN"
}
sia_assert_eq "Type" notify "$(directive Type)"
sia_assert_eq "NotifyAccess" main "$(directive NotifyAccess)"
sia_assert_match "WatchdogSec" '^[0-9]+s$' "$(directive WatchdogSec)"
sia_assert_eq "After" snmpd.service "$(directive After)"
sia_assert_eq "Wants" snmpd.service "$(directive Wants)"
sia_assert_eq "Requires/BindsTo/PartOf (would stop with snmpd)" "" \
    "$(directive Requires)$(directive BindsTo)$(directive PartOf)"
sia_assert_eq "User" _sysinfo-agentx "$(directive User)"
sia_assert_eq "AmbientCapabilities" "CAP_DAC_READ_SEARCH CAP_SYS_PTRACE" \
    "$(directive AmbientCapabilities)"
sia_assert_eq "CapabilityBoundingSet" "CAP_DAC_READ_SEARCH CAP_SYS_PTRACE" \
    "$(directive CapabilityBoundingSet)"
for d in ProtectSystem=strict ProtectHome=read-only PrivateTmp=yes \
    NoNewPrivileges=yes RestrictAddressFamilies=AF_UNIX \
    SystemCallFilter=@system-service MemoryDenyWriteExecute=yes \
    ProtectKernelTunables=yes ProtectKernelModules=yes ProtectKernelLogs=yes \
    ProtectControlGroups=yes RestrictNamespaces=yes LockPersonality=yes; do
    if grep -qx "$d" "$UNIT_IN"; then
        sia_ok "$d"
    else
        sia_fail "the unit lacks $d"
    fi
done
sia_finish
