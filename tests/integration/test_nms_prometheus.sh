#!/usr/bin/env bash
# test_nms_prometheus.sh - packaging/prometheus/ against the real tools:
# Debian's prometheus-snmp-exporter (0.21) loads snmp.yml, scrapes the agent
# through a private master, and its metrics carry the names, types, labels
# and values the agent serves (compared with snmpget); every metric's name
# is the MIB object at its OID; the alerting rules pass `promtool check
# rules` and fire as expected on synthetic series (`promtool test rules`).
#
# It runs in private mount and PID namespaces (root): the agent sees only
# this test's processes, so a process with an invalid UTF-8 name from a
# test running in parallel cannot fail a scrape (see snmp.yml: the test
# makes one itself and checks what happens).
set -euo pipefail
# shellcheck source=tests/integration/nms_lib.sh
. "$(dirname "$0")/nms_lib.sh"
NMS_PID_NAMESPACE=1 nms_enter_namespace "$0" "$@"
# shellcheck source=tests/integration/lib.sh
. "$(dirname "$0")/lib.sh"
nms_setup

sia_need snmpd snmpget snmptranslate curl prometheus-snmp-exporter promtool
sia_need_agent

PROM_DIR=$SIA_SRC/packaging/prometheus
SNMP_YML=$PROM_DIR/snmp.yml
RULES=$PROM_DIR/sysinfo-alerts.yml
MODULE=sysinfo
PMODULE=sysinfo_processes

# ------------------------------------------------------------ static checks

out=$(prometheus-snmp-exporter --dry-run --config.file="$SNMP_YML" 2>&1) &&
    sia_ok "snmp_exporter 0.21 parses snmp.yml" ||
    sia_fail "snmp_exporter --dry-run: $out"

# name/oid/type of every metric, from the YAML (one metric = name, oid, type
# lines in this order, as the file is written).
mapfile -t METRICS < <(awk '
    /^  - name: / { n = $3 }
    /^    oid: / && n != "" { o = $2 }
    /^    type: / && n != "" { print n, o, $2; n = "" }' "$SNMP_YML")
[ "${#METRICS[@]}" -ge 40 ] || sia_fail "only ${#METRICS[@]} metrics parsed from snmp.yml"
bad=0
for m in "${METRICS[@]}"; do
    read -r name oid type <<<"$m"
    mib_oid=$(sia_translate -On "SYSINFO-MIB::$name" 2>/dev/null || echo "?")
    syntax=$(awk -v n="$name" '$1 == n && $2 == "OBJECT-TYPE" { f = 1 }
        f && $1 == "SYNTAX" { print $2; exit }' "$SIA_SRC/mibs/SYSINFO-MIB.txt")
    want=gauge
    case "$syntax" in
    Counter64 | Counter32) want=counter ;;
    OCTET) want=DisplayString ;;
    esac
    if [ "$mib_oid" != ".$oid" ] || [ "$type" != "$want" ]; then
        sia_fail "metric $name: oid $oid type $type; the MIB says $mib_oid, SYNTAX $syntax (type $want)"
        bad=$((bad + 1))
    fi
done
[ "$bad" = 0 ] && sia_ok "${#METRICS[@]} metrics: each named after the MIB object at its OID, counter exactly for Counter64, gauge for SysinfoGauge64"

out=$(promtool check rules "$RULES" 2>&1) && sia_ok "promtool check rules: $(tail -n 1 <<<"$out" | xargs)" ||
    sia_fail "promtool check rules: $out"
mkdir -p "$SIA_TMP/rules"
cp "$RULES" "$SIA_SRC/tests/integration/nms/sysinfo-alerts.test.yml" "$SIA_TMP/rules/"
out=$(cd "$SIA_TMP/rules" && promtool test rules sysinfo-alerts.test.yml 2>&1) &&
    sia_ok "promtool test rules: the alerts fire (and stay quiet) as expected" ||
    sia_fail "promtool test rules: $out"

# ------------------------------------------------------------ live scrape

# A process of our own with stable values (name, user, parent, state),
# started before the agent so that its first snapshot has it (scrapes in a
# row count as one walk, which keeps its snapshot up to 30 s).
sleep 600 &
SLEEP_PID=$!
sia_track "$SLEEP_PID"

# A mount hidden under another (notQueried: no usage samples).
nms_mount_tmpfs "$SIA_TMP/stack" 4m
nms_mount_tmpfs "$SIA_TMP/stack" 4m
# A watch on the sleep process (ok; by its arguments, as this script's own
# short `sleep 0.1` waits are named sleep too and a scan may catch one)
# and one that finds nothing (tooFew); a threshold on / that it does not
# reach (ok).
printf 'cache_ttl 1\nmount_include_path / %s/*\n%s\n%s\n%s\n' "$SIA_TMP" \
    'watch sleepers args "^sleep 600$" min 1' 'watch missing name ^no-such-process$ min 1' \
    'threshold / used 99% 100%' >"$SIA_TMP/agent.conf"
sia_start_master unix
sia_start_agent -c "$SIA_TMP/agent.conf"

EXPORTER_PORT=$(sia_free_port) || sia_die "no free port"
prometheus-snmp-exporter --config.file="$SNMP_YML" \
    --web.listen-address="127.0.0.1:$EXPORTER_PORT" --log.level=warn \
    >"$SIA_TMP/exporter.log" 2>&1 &
EXPORTER_PID=$!
sia_track "$EXPORTER_PID"
for _ in $(seq 1 100); do
    curl -sf "http://127.0.0.1:$EXPORTER_PORT/metrics" >/dev/null && break
    sia_alive "$EXPORTER_PID" || sia_die "the exporter exited (see exporter.log)"
    sleep 0.1
done

# scrape MODULE FILE: prints the HTTP status.
scrape() {
    curl -s -o "$2" -w '%{http_code}' \
        "http://127.0.0.1:$EXPORTER_PORT/snmp?module=$1&target=127.0.0.1:$SIA_MASTER_PORT" || true
}
SCRAPE=$SIA_TMP/scrape.txt
t0=$(sia_now_ms)
code=$(scrape "$MODULE" "$SIA_TMP/sys.txt")
[ "$code" = 200 ] || sia_die "scrape of $MODULE: HTTP $code: $(head -c 600 "$SIA_TMP/sys.txt")"
code=$(scrape "$PMODULE" "$SIA_TMP/proc.txt")
[ "$code" = 200 ] || sia_die "scrape of $PMODULE: HTTP $code: $(head -c 600 "$SIA_TMP/proc.txt")"
sia_log "scrapes: $(wc -l <"$SIA_TMP/sys.txt") + $(wc -l <"$SIA_TMP/proc.txt") lines, $(($(sia_now_ms) - t0)) ms"
cat "$SIA_TMP/sys.txt" "$SIA_TMP/proc.txt" >"$SCRAPE"
grep -q '^sysinfoProcess[A-Z][a-zA-Z]*{' "$SIA_TMP/sys.txt" &&
    sia_fail "module $MODULE has process rows" || sia_ok "module $MODULE has no process rows"
grep -q '^sysinfoMount[A-Z][a-zA-Z]*{' "$SIA_TMP/proc.txt" &&
    sia_fail "module $PMODULE has mount rows" || sia_ok "module $PMODULE has no mount rows"

# sample NAME LABEL-REGEX: the value of the one sample matching, as an integer
sample() {
    local lines
    lines=$(grep -E "^$1\{([^}]*,)?$2(,[^}]*)?\} " "$SCRAPE" || true)
    [ "$(grep -c . <<<"$lines")" = 1 ] || {
        echo "(${lines:+several}${lines:-none})"
        return 0
    }
    awk '{ printf "%.0f\n", $NF }' <<<"$lines"
}
scalar() {
    grep -E "^$1 " "$SCRAPE" | awk '{ printf "%.0f\n", $NF }'
}

sia_assert_eq "snmp_scrape_pdus_returned > 0 (both modules)" "1 1" \
    "$(awk '/^snmp_scrape_pdus_returned / { print ($2 > 0) }' "$SCRAPE" | xargs)"
grep -q "^# TYPE sysinfoProcessCpuUser counter" "$SCRAPE" &&
    sia_ok "sysinfoProcessCpuUser is a counter" || sia_fail "sysinfoProcessCpuUser is not a counter"
grep -q "^# TYPE sysinfoMountSize gauge" "$SCRAPE" &&
    sia_ok "sysinfoMountSize (64-bit) is a gauge" || sia_fail "sysinfoMountSize is not a gauge"
grep -q "^# TYPE sysinfoProcessReadBytes counter" "$SCRAPE" &&
    sia_ok "sysinfoProcessReadBytes is a counter" || sia_fail "sysinfoProcessReadBytes is not a counter"

# System group: constants against snmpget and the host.
S=$SIA_OID_SYSTEM
sia_assert_eq "sysinfoCpuCount" "$(sia_value "$S.10.0")" "$(scalar sysinfoCpuCount)"
sia_assert_eq "sysinfoBootTimeUnix" "$(sia_value "$S.2.0")" "$(scalar sysinfoBootTimeUnix)"
up_agent=$(sia_value "$S.3.0")
sia_assert_near "sysinfoUptime (hundredths) vs snmpget" "$up_agent" 3000 "$(scalar sysinfoUptime)"
sia_assert_match "sysinfoHostName info label" "^sysinfoHostName\{sysinfoHostName=\"$(hostname)\"\} 1$" \
    "$(grep '^sysinfoHostName{' "$SCRAPE")"
sia_assert_match "sysinfoAgentVersion info label" "^sysinfoAgentVersion\{sysinfoAgentVersion=\"$(sia_value "$S.16.0")\"\} 1$" \
    "$(grep '^sysinfoAgentVersion{' "$SCRAPE")"
sia_assert_range "sysinfoProcessCount" 2 1000000 "$(scalar sysinfoProcessCount)"

# Process rows: labels from lookups, values against snmpget.
P=$SIA_OID_PROC_TABLE.1
me=$(id -un)
line=$(grep -E "^sysinfoProcessPpid\{[^}]*pid=\"$SLEEP_PID\"" "$SCRAPE" || true)
sia_assert_match "sleep process labels" \
    "^sysinfoProcessPpid\{name=\"sleep\",pid=\"$SLEEP_PID\",user=\"$me\"\} $$\$" "$line"
sia_assert_eq "sysinfoProcessState of sleep (2 sleeping)" 2 "$(sample sysinfoProcessState "pid=\"$SLEEP_PID\"")"
for col in 16:sysinfoProcessRss 17:sysinfoProcessVsz 18:sysinfoProcessThreads 34:sysinfoProcessStartTimeUnix; do
    sia_assert_eq "${col#*:} of sleep vs snmpget" "$(sia_value "$P.${col%%:*}.$SLEEP_PID")" \
        "$(sample "${col#*:}" "pid=\"$SLEEP_PID\"")"
done
n_rows=$(grep -c '^sysinfoProcessVsz{' "$SCRAPE")
sia_assert_near "process rows in the scrape vs sysinfoProcessCount" "$(scalar sysinfoProcessCount)" 2 "$n_rows"
# CPU of pid 1 (ours or the container's init): the counter as snmpget sees it
# (moves slowly; one scan apart at most).
cpu_agent=$(sia_value "$P.14.1")
sia_assert_near "sysinfoProcessCpuUser of pid 1" "$cpu_agent" 100 "$(sample sysinfoProcessCpuUser 'pid="1"')"

# Mount rows: "/" (index 705468254 is the FNV-1a of "/").
M=$SIA_OID_MOUNT_TABLE.1
ROOT=705468254
root_fstype=$(sia_value "$M.4.$ROOT")
root_dev=$(sia_value "$M.3.$ROOT")
line=$(grep -E "^sysinfoMountSize\{[^}]*mount_index=\"$ROOT\"" "$SCRAPE" || true)
sia_assert_match "/ labels" \
    "^sysinfoMountSize\{device=\"$root_dev\",fstype=\"$root_fstype\",mount_index=\"$ROOT\",mountpoint=\"/\"\} " "$line"
sia_assert_eq "sysinfoMountSize of / vs snmpget" "$(sia_value "$M.8.$ROOT")" \
    "$(sample sysinfoMountSize "mount_index=\"$ROOT\"")"
sia_assert_eq "sysinfoMountStatus of / (1 ok)" 1 "$(sample sysinfoMountStatus "mount_index=\"$ROOT\"")"
sia_assert_eq "sysinfoMountDuplicateOf of /" "$(sia_value "$M.23.$ROOT")" \
    "$(sample sysinfoMountDuplicateOf "mount_index=\"$ROOT\"")"
n_mounts=$(sia_walk -On "$M.2" | grep -c .)
sia_assert_eq "mount rows (sysinfoMountStatus samples) vs a walk of sysinfoMountPoint" \
    "$n_mounts" "$(grep -c '^sysinfoMountStatus{' "$SCRAPE")"
# Watches (IMPLIED name index -> the watch label) and the threshold status.
W=$SIA_OID_MIB.1.4.1.1
wname() { printf '%s' "$1" | od -An -tu1 | xargs | tr ' ' '.'; }
for w in sleepers missing; do
    for col in 9:sysinfoWatchCount 10:sysinfoWatchStatus 7:sysinfoWatchMin; do
        sia_assert_eq "${col#*:}{watch=\"$w\"} vs snmpget" "$(sia_value "$W.${col%%:*}.$(wname "$w")")" \
            "$(sample "${col#*:}" "watch=\"$w\"")"
    done
done
sia_assert_eq "sysinfoWatchStatus of the watch that finds nothing (2 tooFew)" 2 "$(sample sysinfoWatchStatus 'watch="missing"')"
sia_assert_eq "sysinfoWatchCount of the sleep watch" 1 "$(sample sysinfoWatchCount 'watch="sleepers"')"
grep -q "^# TYPE sysinfoWatchCpu counter" "$SCRAPE" &&
    sia_ok "sysinfoWatchCpu is a counter" || sia_fail "sysinfoWatchCpu is not a counter"
sia_assert_eq "sysinfoMountThresholdStatus of / vs snmpget" "$(sia_value "$M.24.$ROOT")" \
    "$(sample sysinfoMountThresholdStatus "mount_index=\"$ROOT\"")"

# A mount that is not ok has a status but no usage samples.
missing=$(awk '/^sysinfoMountStatus\{/ && $NF != 1' "$SCRAPE" | grep -o 'mount_index="[0-9]*"' || true)
for idx in $missing; do
    if grep -q "^sysinfoMountSize{.*$idx" "$SCRAPE"; then
        sia_fail "mount $idx is not ok but has a sysinfoMountSize sample"
    fi
done
sia_ok "mounts that are not ok have no usage samples ($(wc -w <<<"$missing") such)"

# A process named with bytes that are not UTF-8: snmp_exporter 0.21 fails
# the process module's scrape (HTTP 500), the other module still works.
BAD_NAME=$'bad\xff\xfe'
cp "$(command -v sleep)" "$SIA_TMP/$BAD_NAME"
"$SIA_TMP/$BAD_NAME" 600 &
BAD_PID=$!
sia_track "$BAD_PID"
for _ in $(seq 1 50); do
    sia_get -On "$P.3.$BAD_PID" 2>/dev/null | grep -q STRING && break
    sleep 0.2
done
sleep 1.2 # no walk in progress: the next one reads the newest snapshot
code=$(scrape "$PMODULE" "$SIA_TMP/bad.txt")
sia_assert_eq "$PMODULE with a process named 'bad\\xff\\xfe': HTTP status (exporter 0.21 refuses the label)" 500 "$code"
grep -q 'not valid UTF-8' "$SIA_TMP/bad.txt" && sia_ok "the exporter says why: label value not valid UTF-8" ||
    sia_fail "HTTP $code without the UTF-8 reason: $(head -c 300 "$SIA_TMP/bad.txt")"
code=$(scrape "$MODULE" "$SIA_TMP/sys2.txt")
sia_assert_eq "$MODULE meanwhile: HTTP status" 200 "$code"
kill -s TERM "$BAD_PID"
sia_wait_exit "$BAD_PID" 5 || sia_fail "pid $BAD_PID did not end"
sleep 2.5 # cache_ttl 1: a snapshot without it
code=$(scrape "$PMODULE" "$SIA_TMP/proc2.txt")
sia_assert_eq "$PMODULE once that process is gone: HTTP status" 200 "$code"

sia_finish
