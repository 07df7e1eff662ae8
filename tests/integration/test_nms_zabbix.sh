#!/usr/bin/env bash
# test_nms_zabbix.sh - packaging/zabbix/ against a real Zabbix 6.0 (Debian's
# zabbix-server-pgsql and zabbix-frontend-php, tests/integration/zabbix_lib.sh):
# the template is imported through the API (configuration.import), a host
# with an SNMP interface on the private master is linked to it, and
#   - discovery creates the items it should and no others: the filesystem
#     rules skip a mount hidden under another (notQueried: no usage) and a
#     bind mount (sysinfoMountDuplicateOf != 0); the process rule finds only
#     the process named by the host's macro;
#   - every item gets a value, equal to what snmpget reads from the agent,
#     and none is "not supported";
#   - the FUSE filesystem's daemon is stopped: the agent reports timeout and
#     the trigger "does not answer (timeout)" fires (problem.get).
# "Check now" (task.create type 6) polls without waiting for intervals.
# It runs in private mount and PID namespaces (root): mounts of its own, and
# the agent sees only this test's processes.  Labels nms;zabbix:
# `ctest -LE zabbix` skips it.
set -euo pipefail
# shellcheck source=tests/integration/nms_lib.sh
. "$(dirname "$0")/nms_lib.sh"
NMS_PID_NAMESPACE=1 nms_enter_namespace "$0" "$@"
# shellcheck source=tests/integration/lib.sh
. "$(dirname "$0")/lib.sh"
# shellcheck source=tests/integration/zabbix_lib.sh
. "$(dirname "$0")/zabbix_lib.sh"
nms_setup
sia_need snmpd snmpget snmpwalk
sia_need_agent
zbx_need

TEMPLATE_FILE=$SIA_SRC/packaging/zabbix/sysinfo-agentx-zabbix6.yaml
TEMPLATE=$(awk '/^      template: / { sub(/^      template: /, ""); gsub(/\x27/, ""); print; exit }' "$TEMPLATE_FILE")
DEADLINE_S=${SIA_ZABBIX_DEADLINE:-180} # for discovery and values
T0=$(sia_now_ms)
phase() {
    sia_log "--- $* (t=$((($(sia_now_ms) - T0) / 1000)) s)"
}

# ------------------------------------------------------------ fixtures

nms_mount_tmpfs "$SIA_TMP/fs" 8m
head -c $((5 * 1024 * 1024)) /dev/zero >"$SIA_TMP/fs/data"
mkdir -p "$SIA_TMP/bind"
mount --bind "$SIA_TMP/fs" "$SIA_TMP/bind" || sia_die "bind mount failed"
NMS_MOUNTS+=("$SIA_TMP/bind")
nms_mount_tmpfs "$SIA_TMP/stack" 4m
nms_mount_tmpfs "$SIA_TMP/stack" 4m
nms_start_hangfs "$SIA_TMP/hang"

# A process with a name of its own, for the process discovery.
PROC_NAME=siazbxproc
cp "$(command -v sleep)" "$SIA_TMP/$PROC_NAME"
"$SIA_TMP/$PROC_NAME" 900 &
PROC_PID=$!
sia_track "$PROC_PID"

# A watch on that process, a threshold on the tmpfs (63 % used: warning).
printf 'mount_ttl 1\nmount_timeout 1\ncache_ttl 1\nmount_include_path %s/*\n%s\n%s %s/fs %s\n' "$SIA_TMP" \
    "watch zbxwatch name ^$PROC_NAME\$ min 1" threshold "$SIA_TMP" 'used 50% 70%' >"$SIA_TMP/agent.conf"
WATCH_IDX=$(printf zbxwatch | od -An -tu1 | xargs | tr ' ' '.')
sia_start_master unix
sia_start_agent -c "$SIA_TMP/agent.conf"

M=$SIA_OID_MOUNT_TABLE.1
FS=$(nms_index_of "$SIA_TMP/fs" 1)
BIND=$(nms_index_of "$SIA_TMP/bind" 1)
LOWER=$(nms_index_of "$SIA_TMP/stack" 4)
UPPER=$(nms_index_of "$SIA_TMP/stack" 1)
HANG=$(nms_index_of "$SIA_TMP/hang" 1)
[ -n "$FS" ] && [ -n "$BIND" ] && [ -n "$LOWER" ] && [ -n "$UPPER" ] && [ -n "$HANG" ] ||
    sia_die "mount rows: fs '$FS' bind '$BIND' hidden '$LOWER' upper '$UPPER' hangfs '$HANG'"
sia_assert_eq "sysinfoMountDuplicateOf of the bind mount" "$FS" "$(sia_value "$M.23.$BIND")"

# ------------------------------------------------------------ Zabbix

phase "starting Zabbix"
zbx_start
sia_log "started: $(zbx_timing)"

phase "importing $TEMPLATE_FILE"
src=$(jq -Rs . <"$TEMPLATE_FILE")
rules='{"groups": {"createMissing": true},
        "templates": {"createMissing": true, "updateExisting": true},
        "items": {"createMissing": true, "updateExisting": true},
        "discoveryRules": {"createMissing": true, "updateExisting": true},
        "triggers": {"createMissing": true, "updateExisting": true},
        "valueMaps": {"createMissing": true, "updateExisting": true}}'
out=$(zbx_api configuration.import "{\"format\": \"yaml\", \"source\": $src, \"rules\": $rules}") ||
    sia_die "configuration.import refused the template"
sia_assert_eq "configuration.import" true "$out"
tpl=$(zbx_api template.get "{\"output\": [\"templateid\"], \"filter\": {\"host\": \"$TEMPLATE\"},
    \"selectItems\": \"count\", \"selectDiscoveries\": \"count\", \"selectTriggers\": \"count\"}")
TEMPLATE_ID=$(jq -r '.[0].templateid' <<<"$tpl")
[ "$TEMPLATE_ID" != null ] || sia_die "template '$TEMPLATE' not found after the import"
sia_ok "template '$TEMPLATE': $(jq -r '.[0] | "\(.items) items, \(.discoveries) discovery rules, \(.triggers) triggers"' <<<"$tpl")"

host=$(zbx_api host.create "$(jq -cn --arg port "$SIA_MASTER_PORT" --arg tpl "$TEMPLATE_ID" \
    --arg re "^$PROC_NAME\$" '{
        host: "sia-test", groups: [{groupid: "2"}], templates: [{templateid: $tpl}],
        interfaces: [{type: 2, main: 1, useip: 1, ip: "127.0.0.1", dns: "", port: $port,
                      details: {version: 2, bulk: 1, community: "public"}}],
        macros: [{macro: "{$SYSINFO.PROC.NAME.MATCHES}", value: $re}]}')") ||
    sia_die "host.create failed"
HOST_ID=$(jq -r '.hostids[0]' <<<"$host")
sia_log "host sia-test id $HOST_ID, SNMP interface 127.0.0.1:$SIA_MASTER_PORT"

# check_now ITEMID...: "Check now" for items and discovery rules.
check_now() {
    [ $# -gt 0 ] || return 0
    local tasks
    tasks=$(printf '%s\n' "$@" | jq -R '{type: 6, request: {itemid: .}}' | jq -sc .)
    zbx_api task.create "$tasks" >/dev/null || true
}
items() {
    zbx_api item.get "{\"hostids\": \"$HOST_ID\", \"output\": [\"itemid\", \"key_\", \"lastvalue\", \"lastclock\", \"state\", \"error\", \"flags\"]}"
}

# The items discovery must create (the rest must not exist).
EXPECTED=(sysinfo.uptime sysinfo.boottime sysinfo.load1 sysinfo.load5 sysinfo.load15
    sysinfo.cpu.count sysinfo.proc.count sysinfo.thread.count sysinfo.proc.snapshot.age
    sysinfo.sysname sysinfo.hostname sysinfo.release sysinfo.machine sysinfo.agent.version)
for idx in "$FS" "$UPPER" "$HANG"; do
    for k in total used free avail pused inode.pused readonly status status.text; do
        EXPECTED+=("sysinfo.fs.$k[$idx]")
    done
done
for k in state cpu.user cpu.system rss threads read write; do
    EXPECTED+=("sysinfo.proc.$k[$PROC_PID]")
done
for k in status message count rss cpu threads openfiles; do
    EXPECTED+=("sysinfo.watch.$k[$WATCH_IDX]")
done
EXPECTED+=("sysinfo.fs.threshold[$FS]" "sysinfo.fs.threshold.message[$FS]")

WANT_JSON=$(printf '%s\n' "${EXPECTED[@]}" | jq -R . | jq -sc .)

phase "discovery and first values (deadline ${DEADLINE_S} s)"
rule_ids=$(zbx_api discoveryrule.get "{\"hostids\": \"$HOST_ID\", \"output\": [\"itemid\"]}" | jq -r '.[].itemid')
# shellcheck disable=SC2086
check_now $rule_ids
last_rules=$(sia_now_ms)
deadline=$(($(sia_now_ms) + DEADLINE_S * 1000))
missing=("${EXPECTED[@]}")
while :; do
    sleep 2
    cur=$(items)
    # Items without a value yet: poll them now (change-per-second items
    # need two polls).
    mapfile -t pending < <(jq -r '.[] | select(.lastclock == "0") | .itemid' <<<"$cur")
    check_now "${pending[@]}"
    mapfile -t missing < <(jq -r --argjson want "$WANT_JSON" \
        '$want - [.[] | select(.lastclock != "0") | .key_] | .[]' <<<"$cur")
    [ ${#missing[@]} -gt 0 ] || break
    [ "$(sia_now_ms)" -lt "$deadline" ] || break
    # Discovery again every 15 s, should a rule have run before the
    # server's configuration cache had the host.
    if [ $(($(sia_now_ms) - last_rules)) -ge 15000 ]; then
        # shellcheck disable=SC2086
        check_now $rule_ids
        last_rules=$(sia_now_ms)
    fi
done
if [ ${#missing[@]} -eq 0 ]; then
    sia_ok "all ${#EXPECTED[@]} expected items discovered and holding values after $((($(sia_now_ms) - T0) / 1000)) s"
else
    sia_fail "${#missing[@]} items without a value after ${DEADLINE_S} s: ${missing[*]}"
    jq -r '.[] | select(.lastclock == "0" or .state != "0") | "  \(.key_) state \(.state) \(.error)"' <<<"$cur"
fi

# Nothing else was created, nothing is "not supported".
extra=$(jq -r --argjson want "$WANT_JSON" \
    '[.[].key_] - $want | .[]' <<<"$cur")
sia_assert_eq "items beyond the expected ones (hidden mount $LOWER, bind mount $BIND, other processes)" "" "$extra"
unsupported=$(jq -r '.[] | select(.state != "0") | "\(.key_): \(.error)"' <<<"$cur")
sia_assert_eq "items not supported" "" "$unsupported"

# Units, value types and value maps as the template means them.
meta=$(zbx_api item.get "{\"hostids\": \"$HOST_ID\", \"output\": [\"key_\", \"units\", \"value_type\"], \"selectValueMap\": [\"name\"]}")
attr() {
    jq -r --arg k "$1" '.[] | select(.key_ == $k) | "\(.units)|\(.value_type)|\(if (.valuemap | type) == "object" then .valuemap.name else "" end)"' <<<"$meta"
}
sia_assert_eq "units|value type (0 float, 3 unsigned)|value map of sysinfo.uptime" "uptime|0|" "$(attr sysinfo.uptime)"
sia_assert_eq "units|type|map of sysinfo.boottime" "unixtime|3|" "$(attr sysinfo.boottime)"
sia_assert_eq "units|type|map of sysinfo.fs.total (64-bit, unsigned)" "B|3|" "$(attr "sysinfo.fs.total[$FS]")"
sia_assert_eq "units|type|map of sysinfo.fs.status" "|3|SYSINFO-MIB::sysinfoMountStatus" "$(attr "sysinfo.fs.status[$FS]")"
sia_assert_eq "units|type|map of sysinfo.proc.state" "|3|SYSINFO-MIB::sysinfoProcessState" "$(attr "sysinfo.proc.state[$PROC_PID]")"
sia_assert_eq "units|type|map of sysinfo.proc.cpu.user (change per second)" "%|0|" "$(attr "sysinfo.proc.cpu.user[$PROC_PID]")"
ntrig=$(zbx_api trigger.get "{\"hostids\": \"$HOST_ID\", \"countOutput\": true}" | jq -r .)
# 3 host triggers, per usage filesystem 3 (space x2, inodes), per status
# filesystem 2, 1 per watch, 2 per threshold filesystem: 3 + 9 + 6 + 1 + 2
sia_assert_eq "triggers on the host (template and discovered)" 21 "$ntrig"

# ------------------------------------------------------------ values

value() {
    jq -r --arg k "$1" '.[] | select(.key_ == $k) | .lastvalue' <<<"$cur"
}
S=$SIA_OID_SYSTEM
P=$SIA_OID_PROC_TABLE.1
sia_assert_eq "sysinfo.cpu.count" "$(sia_value "$S.10.0")" "$(value sysinfo.cpu.count)"
sia_assert_eq "sysinfo.boottime" "$(sia_value "$S.2.0")" "$(value sysinfo.boottime)"
sia_assert_eq "sysinfo.hostname" "$(sia_value "$S.5.0")" "$(value sysinfo.hostname)"
sia_assert_eq "sysinfo.agent.version" "$(sia_value "$S.16.0")" "$(value sysinfo.agent.version)"
up=$(value sysinfo.uptime)
sia_assert_near "sysinfo.uptime (s, x0.01 of hundredths)" $(($(sia_value "$S.3.0") / 100)) $((DEADLINE_S + 30)) "${up%.*}"
load=$(value sysinfo.load1)
sia_assert_match "sysinfo.load1 is the MIB's value / 100" '^[0-9]+(\.[0-9]+)?$' "$load"
for idx in "$FS" "$UPPER"; do
    for c in 8:total 9:free 10:avail 11:used 12:pused 15:inode.pused 6:readonly 17:status; do
        sia_assert_eq "sysinfo.fs.${c#*:}[$idx]" "$(sia_value "$M.${c%%:*}.$idx")" \
            "$(value "sysinfo.fs.${c#*:}[$idx]")"
    done
done
sia_assert_eq "sysinfo.fs.pused of the 8 MiB tmpfs holding 5 MiB" 63 "$(value "sysinfo.fs.pused[$FS]")"
sia_assert_eq "sysinfo.fs.total of the 8 MiB tmpfs (bytes)" $((8 * 1024 * 1024)) "$(value "sysinfo.fs.total[$FS]")"
for c in 16:rss 18:threads; do
    sia_assert_eq "sysinfo.proc.${c#*:}[$PROC_PID]" "$(sia_value "$P.${c%%:*}.$PROC_PID")" \
        "$(value "sysinfo.proc.${c#*:}[$PROC_PID]")"
done
sia_assert_eq "sysinfo.proc.state of the sleeping process (2 sleeping)" 2 "$(value "sysinfo.proc.state[$PROC_PID]")"
sia_assert_eq "sysinfo.watch.count[zbxwatch]" 1 "$(value "sysinfo.watch.count[$WATCH_IDX]")"
sia_assert_eq "sysinfo.watch.status[zbxwatch] (1 ok)" 1 "$(value "sysinfo.watch.status[$WATCH_IDX]")"
sia_assert_eq "sysinfo.watch.rss[zbxwatch] vs snmpget" "$(sia_value "$SIA_OID_MIB.1.4.1.1.15.$WATCH_IDX")" \
    "$(value "sysinfo.watch.rss[$WATCH_IDX]")"
sia_assert_eq "sysinfo.fs.threshold of the tmpfs (2 warning)" 2 "$(value "sysinfo.fs.threshold[$FS]")"
sia_assert_eq "sysinfo.fs.threshold.message vs snmpget" "$(sia_value "$M.25.$FS")" \
    "$(value "sysinfo.fs.threshold.message[$FS]")"
wname=$(zbx_api item.get "{\"hostids\": \"$HOST_ID\", \"search\": {\"key_\": \"sysinfo.watch.status\"}, \"output\": [\"name\"]}" | jq -r '.[0].name')
sia_assert_eq "watch item name ({#WATCHNAME} decoded from the IMPLIED index)" "Watch [zbxwatch]: Status" "$wname"
cpu=$(value "sysinfo.proc.cpu.user[$PROC_PID]")
sia_assert_match "sysinfo.proc.cpu.user (Counter64, change per second) of a sleeping process" '^0(\.0+)?$' "$cpu"

# ------------------------------------------------------------ trigger

phase "stopping the FUSE daemon: $SIA_TMP/hang times out"
nms_hang_stop
st=
for _ in $(seq 1 100); do
    st=$(sia_value "$M.17.$HANG" 2>/dev/null || true)
    [ "$st" = 2 ] && break
    sleep 0.1
done
sia_assert_eq "agent: sysinfoMountStatus of the stopped FUSE filesystem" 2 "$st"
status_item=$(jq -r --arg k "sysinfo.fs.status[$HANG]" '.[] | select(.key_ == $k) | .itemid' <<<"$cur")
t1=$(sia_now_ms)
problem=
while [ $(($(sia_now_ms) - t1)) -lt 60000 ]; do
    check_now "$status_item"
    sleep 2
    problem=$(zbx_api problem.get "{\"hostids\": \"$HOST_ID\", \"output\": [\"name\", \"severity\"]}" |
        jq -r '.[] | "\(.name) (severity \(.severity))"')
    grep -q 'does not answer' <<<"$problem" && break
done
sia_assert_match "problem after the FUSE daemon stopped ($((($(sia_now_ms) - t1) / 1000)) s)" \
    "^FS \[$SIA_TMP/hang\]: does not answer \(timeout\) \(severity 4\)$" \
    "$(grep 'does not answer' <<<"$problem" || true)"
nms_hang_release


phase "killing the watched process $PROC_PID"
problems() {
    zbx_api problem.get "{\"hostids\": \"$HOST_ID\", \"output\": [\"name\", \"severity\"]}" |
        jq -r '.[] | "\(.name) (severity \(.severity))"'
}
sia_assert_match "threshold problem present" "FS \[$SIA_TMP/fs\]: past its warning threshold \(severity 2\)" "$(problems)"
kill "$PROC_PID"
sia_wait_exit "$PROC_PID" 5 || true
watch_item=$(jq -r --arg k "sysinfo.watch.status[$WATCH_IDX]" '.[] | select(.key_ == $k) | .itemid' <<<"$cur")
t1=$(sia_now_ms)
problem=
while [ $(($(sia_now_ms) - t1)) -lt 60000 ]; do
    check_now "$watch_item"
    sleep 2
    problem=$(problems)
    grep -q 'Watch \[zbxwatch\]' <<<"$problem" && break
done
sia_assert_eq "problem after the watched process was killed ($((($(sia_now_ms) - t1) / 1000)) s)" \
    "Watch [zbxwatch] is not ok (severity 4)" "$(grep 'Watch' <<<"$problem" || true)"

sia_log "Zabbix test: $((($(sia_now_ms) - T0) / 1000)) s in all ($(zbx_timing))"
sia_finish
