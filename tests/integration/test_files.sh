#!/usr/bin/env bash
# test_files.sh - the files the daemon touches (issue 11, "Files"):
#   - the pid file is not opened through a symlink (defect 2);
#   - a second copy with the same pid file stops without touching the
#     running copy's pid file (defect 3), also when only the master would
#     have refused it (a second pid file);
#   - relative -c, -p and --proc-root still work after daemonizing: a
#     SIGHUP reload finds the file, the pid file is removed at exit
#     (defect 4);
#   - a FIFO as the configuration file is refused at once, not waited on
#     (defect 8).
set -u -o pipefail
# shellcheck source=tests/integration/lib.sh
. "$(dirname "$0")/lib.sh"

sia_need snmpd snmpget timeout
sia_need_agent

# --- a FIFO as the configuration file
mkfifo "$SIA_TMP/fifo.conf"
out=$(timeout 10 "$SIA_AGENT_BIN" --check-config -c "$SIA_TMP/fifo.conf" 2>&1)
rc=$?
sia_assert_eq "--check-config on a FIFO: exit status" 1 "$rc"
sia_assert_match "--check-config on a FIFO: message" "fifo.conf: not a regular file" "$out"
out=$(timeout 10 "$SIA_AGENT_BIN" --dump --proc-root "$SIA_SRC/tests/fixtures/linux/procs" -c "$SIA_TMP/fifo.conf" 2>&1)
sia_assert_eq "--dump with a FIFO configuration: exit status" 1 "$?"

sia_start_master unix

# --- pid file through a symlink
echo "precious" >"$SIA_TMP/victim"
ln -s "$SIA_TMP/victim" "$SIA_TMP/link.pid"
sia_run_agent "$SIA_TMP/symlink.log" -p "$SIA_TMP/link.pid"
if sia_wait_exit "$SIA_LAST_PID" 15; then
    sia_assert_eq "agent with a symlinked pid file: exit status" 1 "$SIA_EXIT_STATUS"
else
    sia_kill "$SIA_LAST_PID"
    sia_fail "agent with a symlinked pid file kept running"
fi
sia_assert_eq "symlink target untouched" precious "$(cat "$SIA_TMP/victim")"
sia_assert_match "log says why" "symbolic link" "$(cat "$SIA_TMP/symlink.log" "$SIA_TMP/symlink.out")"

# --- a second copy with the same pid file, then with another one
pidf=$SIA_TMP/agent.pid
sia_start_agent -p "$pidf"
first=$SIA_AGENT_PID
sia_assert_eq "pid file holds the first copy's pid" "$first" "$(cat "$pidf")"
sia_run_agent "$SIA_TMP/second.log" -p "$pidf"
if sia_wait_exit "$SIA_LAST_PID" 15; then
    sia_assert_eq "second copy (same pid file): exit status" 1 "$SIA_EXIT_STATUS"
else
    sia_kill "$SIA_LAST_PID"
    sia_fail "second copy with the same pid file kept running"
fi
sia_assert_match "second copy says the file is locked" "locked by a running copy \\(pid $first\\)" \
    "$(cat "$SIA_TMP/second.log")"
sia_assert_eq "pid file still there with the first copy's pid" "$first" "$(cat "$pidf" 2>/dev/null)"
sia_run_agent "$SIA_TMP/third.log" -p "$SIA_TMP/third.pid"
if sia_wait_exit "$SIA_LAST_PID" 30; then
    sia_assert_eq "third copy (refused by the master): exit status" 1 "$SIA_EXIT_STATUS"
else
    sia_kill "$SIA_LAST_PID"
    sia_fail "third copy kept running"
fi
sia_assert_eq "first copy's pid file untouched" "$first" "$(cat "$pidf" 2>/dev/null)"
[ -e "$SIA_TMP/third.pid" ] && sia_fail "refused copy left its pid file" ||
    sia_ok "refused copy removed its own pid file"
sia_stop_agent "$first"
[ -e "$pidf" ] && sia_fail "pid file left after a clean stop" ||
    sia_ok "pid file removed at a clean stop"

# --- relative paths, daemonized (no -f)
mkdir -p "$SIA_TMP/rel"
printf 'cache_ttl 5\n' >"$SIA_TMP/rel/rel.conf"
cp -r "$SIA_SRC/tests/fixtures/linux/procs" "$SIA_TMP/rel/procs"
(cd "$SIA_TMP/rel" && "$SIA_AGENT_BIN" -x "$SIA_AGENTX" -Lf daemon.log \
    -c rel.conf -p rel.pid --proc-root procs >daemon.out 2>&1)
sia_assert_eq "daemonizing start: exit status of the parent" 0 "$?"
dpid=
for _ in $(seq 1 100); do
    dpid=$(cat "$SIA_TMP/rel/rel.pid" 2>/dev/null) && [ -n "$dpid" ] && break
    sleep 0.1
done
[ -n "$dpid" ] || sia_die "daemon wrote no pid file at rel/rel.pid"
sia_track "$dpid"
sia_wait_agent 20 "" || sia_fail "daemonized agent does not answer"
# The fixture tree's 11 processes (as test_proc_root.sh counts them):
# the proc root was found after the chdir("/").
sia_assert_eq "daemon reads the relative --proc-root" 11 \
    "$(sia_value "$SIA_OID_SYSTEM.14.0")"
printf 'cache_ttl 7\n' >"$SIA_TMP/rel/rel.conf"
kill -HUP "$dpid"
for _ in $(seq 1 50); do
    grep -q "configuration reloaded" "$SIA_TMP/rel/daemon.log" && break
    sleep 0.1
done
sia_assert_match "SIGHUP reload of a relative -c" "configuration reloaded from $SIA_TMP/rel/rel.conf" \
    "$(grep -E 'reload' "$SIA_TMP/rel/daemon.log")"
kill -TERM "$dpid"
for _ in $(seq 1 50); do
    sia_alive "$dpid" || break
    sleep 0.1
done
sia_alive "$dpid" && sia_fail "daemon still running after SIGTERM" || sia_untrack "$dpid"
[ -e "$SIA_TMP/rel/rel.pid" ] && sia_fail "relative pid file left after exit" ||
    sia_ok "relative pid file removed at exit"
sia_stop_master
sia_finish
