# shellcheck shell=bash
# shellcheck disable=SC2034
#
# tests/integration/trap_lib.sh - a trap sink for the private master:
# Debian's snmptrapd on a random loopback port, logging one line per
# notification, and helpers that read them.  Source after lib.sh.
#
#   sia_start_trap_sink   start snmptrapd; sets SIA_TRAP_PORT,
#                         SIA_TRAP_LOG, SIA_TRAP_PID and
#                         SIA_MASTER_EXTRA_CONF (the trap2sink line for
#                         the master): call before sia_start_master
#   sia_trap_count        number of notifications received so far
#   sia_wait_trap OID AFTER SECS
#                         waits for a notification whose snmpTrapOID is
#                         OID (numeric) among those received after the
#                         first AFTER ones; prints its line; fails after
#                         SECS seconds
#   sia_trap_varbind LINE OID
#                         the value of varbind OID (numeric) in a line,
#                         as "TYPE: value"; fails when absent
#   sia_trap_oids LINE    the varbind OIDs of a line, one per line
#
# Each received notification is one line of $SIA_TRAP_LOG:
#   TRAP<TAB>OID = TYPE: value<TAB>OID = TYPE: value...
# with numeric OIDs and numeric enumerations (-On -Oe), values as
# net-snmp prints them.

SIA_OID_TRAP_OID=.1.3.6.1.6.3.1.1.4.1.0 # snmpTrapOID.0

sia_start_trap_sink() {
    local try conf
    sia_need snmptrapd
    conf=$SIA_TMP/snmptrapd.conf
    SIA_TRAP_LOG=$SIA_TMP/traps.out
    : >"$SIA_TRAP_LOG"
    # One line per notification; no access control for a loopback sink.
    printf '%s\n' 'disableAuthorization yes' \
        'format2 TRAP\t%v\n' >"$conf"
    for try in 1 2 3; do
        SIA_TRAP_PORT=$(sia_free_port) || sia_die "no free port found"
        snmptrapd -f -C -c "$conf" -X -n -On -Oe -M "$SIA_MIBDIRS" -m '' \
            -Lf "$SIA_TRAP_LOG" -p "$SIA_TMP/snmptrapd.pid" \
            "udp:127.0.0.1:$SIA_TRAP_PORT" >>"$SIA_TMP/snmptrapd.log" 2>&1 &
        SIA_TRAP_PID=$!
        sia_track "$SIA_TRAP_PID"
        local deadline=$(($(sia_now_ms) + 5000))
        while [ "$(sia_now_ms)" -lt "$deadline" ]; do
            sia_alive "$SIA_TRAP_PID" || break
            if [ -n "$(ss -Hlun "sport = :$SIA_TRAP_PORT")" ]; then
                SIA_MASTER_EXTRA_CONF="trap2sink udp:127.0.0.1:$SIA_TRAP_PORT public"
                sia_log "trap sink pid $SIA_TRAP_PID on udp:127.0.0.1:$SIA_TRAP_PORT"
                return 0
            fi
            sleep 0.1
        done
        sia_kill "$SIA_TRAP_PID" KILL 1
    done
    sia_die "could not start snmptrapd"
}

sia_trap_count() {
    grep -c '^TRAP' "$SIA_TRAP_LOG" || true
}

sia_wait_trap() {
    local oid=$1 after=$2 secs=$3 line
    local deadline=$(($(sia_now_ms) + secs * 1000))
    while :; do
        line=$(grep '^TRAP' "$SIA_TRAP_LOG" | tail -n +"$((after + 1))" |
            grep -F -m1 "$SIA_OID_TRAP_OID = OID: $oid	" || true)
        if [ -z "$line" ]; then # the OID may end the line
            line=$(grep '^TRAP' "$SIA_TRAP_LOG" | tail -n +"$((after + 1))" |
                grep -m1 -E "$(sia_ere "$SIA_OID_TRAP_OID = OID: $oid")\$" || true)
        fi
        if [ -n "$line" ]; then
            printf '%s\n' "$line"
            return 0
        fi
        [ "$(sia_now_ms)" -lt "$deadline" ] || return 1
        sleep 0.1
    done
}

# An ERE matching the string literally.
sia_ere() {
    printf '%s' "$1" | sed 's/[][\.*^$+?(){}|/]/\\&/g'
}

# The varbinds of a line, one per array element (split on tabs only: no
# word splitting or globbing of the values).
sia_trap_split() {
    IFS=$'\t' read -r -a SIA_TRAP_VBS <<<"$1"
}

sia_trap_varbind() {
    local vb
    sia_trap_split "$1"
    for vb in "${SIA_TRAP_VBS[@]}"; do
        if [ "${vb%% = *}" = "$2" ]; then
            printf '%s\n' "${vb#* = }"
            return 0
        fi
    done
    return 1
}

sia_trap_oids() {
    local vb
    sia_trap_split "$1"
    for vb in "${SIA_TRAP_VBS[@]}"; do
        [ "$vb" = TRAP ] || printf '%s\n' "${vb%% = *}"
    done
}
