#!/usr/bin/env bash
# test_privacy.sh - the issue's example end to end (issue 11, defect 5):
# a root process started as `mysql ... -pS3cr3t --password=Hunter2` is
# served with both secrets replaced by <redacted> (the default), and with
# `hide_exe root` its executable is <hidden> while its working directory
# is still served.
set -u -o pipefail
# shellcheck source=tests/integration/lib.sh
. "$(dirname "$0")/lib.sh"

sia_need snmpd snmpget bash
sia_need_agent

ARGS=$SIA_OID_PROC_TABLE.1.5
EXE=$SIA_OID_PROC_TABLE.1.4
CWD=$SIA_OID_PROC_TABLE.1.33

# A bash called "mysql" that keeps the secret-looking arguments in its
# command line ("; :" keeps bash from exec'ing sleep in its place).
cp "$(command -v bash)" "$SIA_TMP/mysql"
(cd "$SIA_TMP" && exec "$SIA_TMP/mysql" -c 'sleep 1000; :' -pS3cr3t --password=Hunter2) \
    </dev/null >/dev/null 2>&1 &
P=$!
sia_track "$P"
printf 'cache_ttl 1\nhide_exe root\n' >"$SIA_TMP/agent.conf"
sia_start_master unix
sia_start_agent -c "$SIA_TMP/agent.conf"
for _ in $(seq 1 50); do
    sia_value "$ARGS.$P" >/dev/null 2>&1 && break
    sleep 0.1
done
raw=$(tr '\0' ' ' <"/proc/$P/cmdline")
sia_assert_match "the kernel's command line holds the secrets" "S3cr3t.*Hunter2" "$raw"
sia_assert_eq "served command line" \
    "$SIA_TMP/mysql -c sleep 1000; : -p<redacted> --password=<redacted>" \
    "$(sia_value "$ARGS.$P")"
if [ "$(id -u)" = 0 ]; then
    sia_assert_eq "root's executable with hide_exe root" "<hidden>" "$(sia_value "$EXE.$P")"
else
    sia_log "not root: hide_exe root does not apply to this process"
fi
sia_assert_eq "working directory still served" "$SIA_TMP" "$(sia_value "$CWD.$P")"
out=$(timeout 20 "$SIA_AGENT_BIN" --dump -c "$SIA_TMP/agent.conf" 2>&1)
if grep -q "Hunter2\|S3cr3t" <<<"$out"; then
    sia_fail "--dump shows the secrets"
else
    sia_ok "--dump shows no secret"
fi
sia_stop_agent
sia_stop_master
sia_finish
