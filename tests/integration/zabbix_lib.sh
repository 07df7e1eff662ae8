# shellcheck shell=bash
# Variables set here are read by the tests that source this file (SC2034).
# shellcheck disable=SC2034
#
# tests/integration/zabbix_lib.sh - a throw-away Zabbix 6.0 (Debian's
# zabbix-server-pgsql and zabbix-frontend-php) for test_nms_zabbix.sh,
# sourced after lib.sh.  Everything runs on loopback from $SIA_TMP and is
# stopped by pid (lib.sh's cleanup):
#   - PostgreSQL 15: a cluster copied from a cache under the build directory
#     ($SIA_BUILD/zabbix-cache: initdb and the Zabbix schema loaded once, by
#     zbx_db_cache, under a lock; about 20 s the first time), run as the
#     postgres user (it refuses root), fsync off, on a random port;
#   - zabbix_server in the foreground (AllowRoot), config cache refreshed
#     every second, on a random ListenPort (it must be 1024-32767);
#   - the frontend's JSON-RPC API from a temp copy of /usr/share/zabbix
#     (its configuration path, fixed in CConfigFile.php, pointed at a temp
#     zabbix.conf.php), served by `php -S`.
#
# Public API:
#   zbx_need                   skip (77) unless the packages are installed
#   zbx_start                  all of the above; sets ZBX_API (URL),
#                              ZBX_AUTH (session of Admin)
#   zbx_api METHOD PARAMS_JSON the "result" of a call (jq -c), or fails
#                              printing the error
#   zbx_timing                 one line: how long each part took to start

ZBX_SHARE=/usr/share/zabbix-server-pgsql
ZBX_FRONTEND=/usr/share/zabbix
ZBX_PGBIN=
ZBX_PG_PORT=
ZBX_PG_PID=
ZBX_SERVER_PID=
ZBX_SERVER_PORT=
ZBX_PHP_PID=
ZBX_API=
ZBX_AUTH=
ZBX_TIMES=()

zbx_need() {
    sia_need zabbix_server php psql jq curl setpriv flock
    [ -f "$ZBX_SHARE/schema.sql.gz" ] || [ -f "$ZBX_SHARE/schema.sql" ] ||
        sia_skip "no Zabbix schema in $ZBX_SHARE (zabbix-server-pgsql)"
    [ -f "$ZBX_FRONTEND/api_jsonrpc.php" ] || sia_skip "no $ZBX_FRONTEND (zabbix-frontend-php)"
    ZBX_PGBIN=$(find /usr/lib/postgresql -maxdepth 3 -name initdb -path '*/bin/*' 2>/dev/null |
        sort -V | tail -n 1)
    ZBX_PGBIN=${ZBX_PGBIN%/initdb}
    [ -n "$ZBX_PGBIN" ] || sia_skip "no PostgreSQL server (postgresql)"
    id postgres >/dev/null 2>&1 || sia_skip "no postgres user"
    [ "$(id -u)" = 0 ] || sia_skip "needs root (PostgreSQL runs as the postgres user)"
}

zbx_mark() {
    ZBX_TIMES+=("$1 $(($(sia_now_ms) - $2)) ms")
}

zbx_timing() {
    local IFS=,
    echo "${ZBX_TIMES[*]}"
}

# as_pg CMD...: CMD as the postgres user.  (In the background, call
# setpriv itself, not this function: $! would be a subshell's pid.)
AS_PG=(setpriv --reuid=postgres --regid=postgres --init-groups --)
as_pg() {
    "${AS_PG[@]}" "$@"
}

# zbx_pg_run DATADIR LOG: PostgreSQL on DATADIR, port ZBX_PG_PORT, in the
# background (ZBX_PG_PID); waits until it accepts connections.
zbx_pg_run() {
    local data=$1 log=$2 sock
    sock=$(dirname "$data")/pgsock
    mkdir -p "$sock" && chown postgres: "$sock"
    "${AS_PG[@]}" "$ZBX_PGBIN/postgres" -D "$data" -p "$ZBX_PG_PORT" -k "$sock" \
        -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off \
        -c full_page_writes=off -c shared_buffers=32MB >"$log" 2>&1 &
    ZBX_PG_PID=$!
    sia_track "$ZBX_PG_PID"
    for _ in $(seq 1 300); do
        "$ZBX_PGBIN/pg_isready" -q -U postgres -h 127.0.0.1 -p "$ZBX_PG_PORT" && return 0
        sia_alive "$ZBX_PG_PID" || return 1
        sleep 0.1
    done
    return 1
}

# zbx_pg_stop DATADIR: a clean (fast) shutdown, so that the cluster can be
# copied.
zbx_pg_stop() {
    [ -n "$ZBX_PG_PID" ] || return 0
    as_pg "$ZBX_PGBIN/pg_ctl" stop -D "$1" -m fast -w -t 60 >/dev/null ||
        sia_die "pg_ctl stop failed"
    sia_wait_exit "$ZBX_PG_PID" 30 || sia_die "PostgreSQL pid $ZBX_PG_PID did not stop"
    ZBX_PG_PID=
}

zbx_psql() {
    psql -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$ZBX_PG_PORT" -U postgres "$@"
}

# zbx_sql FILE: runs a schema file (plain or .gz) in one transaction.
zbx_sql() {
    local f=$1
    [ -f "$f" ] || f=$f.gz
    if [[ $f == *.gz ]]; then
        zcat "$f" | zbx_psql -1 -d zabbix -f -
    else
        zbx_psql -1 -d zabbix -f "$f"
    fi
}

# Cache: a stopped cluster with the Zabbix database, keyed by the Zabbix
# and PostgreSQL versions.  Built once (under a lock: ctest may run two
# tests at once), copied by every run.
zbx_db_cache() {
    local zver pver key cache lock t0 build
    zver=$(dpkg-query -W -f='${Version}' zabbix-server-pgsql 2>/dev/null || echo unknown)
    pver=$("$ZBX_PGBIN/postgres" --version | awk '{ print $3 }')
    key="zabbix-$zver-pg-$pver"
    cache=$SIA_BUILD/zabbix-cache
    mkdir -p "$cache"
    ZBX_DB_CACHE=$cache/$key
    lock=$cache/lock
    exec {ZBX_LOCK_FD}>"$lock"
    flock "$ZBX_LOCK_FD"
    if [ ! -f "$ZBX_DB_CACHE/PG_VERSION" ]; then
        sia_log "building the Zabbix database cache $ZBX_DB_CACHE (once)"
        find "$cache" -mindepth 1 -maxdepth 1 -name 'zabbix-*' -exec rm -rf {} + # older versions
        t0=$(sia_now_ms)
        build=$SIA_TMP/pgbuild
        mkdir -p "$build" && chown postgres: "$build"
        as_pg "$ZBX_PGBIN/initdb" -D "$build/data" -U postgres --auth=trust \
            -E UTF8 --locale=C.UTF-8 >"$SIA_TMP/initdb.log" 2>&1 ||
            sia_die "initdb failed: $(tail -n 5 "$SIA_TMP/initdb.log")"
        ZBX_PG_PORT=$(sia_free_port) || sia_die "no free port"
        zbx_pg_run "$build/data" "$SIA_TMP/pg-build.log" ||
            sia_die "PostgreSQL did not start: $(tail -n 5 "$SIA_TMP/pg-build.log")"
        zbx_psql -d postgres -c 'CREATE DATABASE zabbix' || sia_die "createdb failed"
        local f
        for f in schema images data; do
            zbx_sql "$ZBX_SHARE/$f.sql" >"$SIA_TMP/sql-$f.log" 2>&1 ||
                sia_die "loading $f.sql failed: $(tail -n 5 "$SIA_TMP/sql-$f.log")"
        done
        # data.sql's "Zabbix server" host polls an agent on 127.0.0.1:10050.
        zbx_psql -d zabbix -c "UPDATE hosts SET status = 1 WHERE host = 'Zabbix server'" ||
            sia_die "cannot disable the host 'Zabbix server'"
        zbx_pg_stop "$build/data"
        [ ! -e "$build/data/postmaster.pid" ] || sia_die "postmaster.pid left after the shutdown"
        rm -rf "$ZBX_DB_CACHE.tmp"
        cp -a "$build/data" "$ZBX_DB_CACHE.tmp" && mv "$ZBX_DB_CACHE.tmp" "$ZBX_DB_CACHE"
        rm -rf "$build"
        zbx_mark "database cache built" "$t0"
    fi
    flock -u "$ZBX_LOCK_FD"
}

zbx_start_db() {
    local t0
    t0=$(sia_now_ms)
    chmod 711 "$SIA_TMP"
    zbx_db_cache
    mkdir -p "$SIA_TMP/pg"
    cp -a "$ZBX_DB_CACHE" "$SIA_TMP/pg/data"
    chown postgres: "$SIA_TMP/pg"
    ZBX_PG_PORT=$(sia_free_port) || sia_die "no free port"
    zbx_pg_run "$SIA_TMP/pg/data" "$SIA_TMP/postgres.log" ||
        sia_die "PostgreSQL did not start: $(tail -n 5 "$SIA_TMP/postgres.log")"
    zbx_mark "database" "$t0"
}

zbx_start_server() {
    local t0 conf=$SIA_TMP/zabbix_server.conf
    t0=$(sia_now_ms)
    for _ in $(seq 1 50); do
        ZBX_SERVER_PORT=$(sia_free_port)
        [ "$ZBX_SERVER_PORT" -le 32767 ] && break
    done
    mkdir -p "$SIA_TMP/zbxsock"
    cat >"$conf" <<EOF
# zabbix_server for $SIA_NAME (tests/integration/zabbix_lib.sh)
LogFile=$SIA_TMP/zabbix_server.log
LogFileSize=0
DebugLevel=3
PidFile=$SIA_TMP/zabbix_server.pid
SocketDir=$SIA_TMP/zbxsock
DBHost=127.0.0.1
DBPort=$ZBX_PG_PORT
DBName=zabbix
DBUser=postgres
ListenIP=127.0.0.1
ListenPort=$ZBX_SERVER_PORT
AllowRoot=1
CacheUpdateFrequency=1
StartPollers=2
StartPollersUnreachable=1
StartPingers=1
StartDiscoverers=1
StartHTTPPollers=1
StartTrappers=1
StartLLDProcessors=1
HousekeepingFrequency=0
Timeout=4
EOF
    zabbix_server -f -c "$conf" >"$SIA_TMP/zabbix_server.out" 2>&1 &
    ZBX_SERVER_PID=$!
    sia_track "$ZBX_SERVER_PID"
    for _ in $(seq 1 200); do
        grep -q 'server #0 started' "$SIA_TMP/zabbix_server.log" 2>/dev/null && break
        sia_alive "$ZBX_SERVER_PID" ||
            sia_die "zabbix_server exited: $(tail -n 5 "$SIA_TMP/zabbix_server.log" "$SIA_TMP/zabbix_server.out" 2>/dev/null)"
        sleep 0.1
    done
    zbx_mark "server" "$t0"
}

zbx_start_frontend() {
    local t0 web=$SIA_TMP/frontend port
    t0=$(sia_now_ms)
    cp -a "$ZBX_FRONTEND" "$web"
    sed -i "s|const CONFIG_FILE_PATH = '[^']*';|const CONFIG_FILE_PATH = '$SIA_TMP/zabbix.conf.php';|" \
        "$web/include/classes/core/CConfigFile.php"
    grep -q "$SIA_TMP/zabbix.conf.php" "$web/include/classes/core/CConfigFile.php" ||
        sia_die "CConfigFile.php of the frontend copy does not name the temp configuration"
    cat >"$SIA_TMP/zabbix.conf.php" <<EOF
<?php
\$DB['TYPE'] = 'POSTGRESQL';
\$DB['SERVER'] = '127.0.0.1';
\$DB['PORT'] = '$ZBX_PG_PORT';
\$DB['DATABASE'] = 'zabbix';
\$DB['USER'] = 'postgres';
\$DB['PASSWORD'] = '';
\$DB['SCHEMA'] = '';
\$DB['ENCRYPTION'] = false;
\$DB['KEY_FILE'] = '';
\$DB['CERT_FILE'] = '';
\$DB['CA_FILE'] = '';
\$DB['VERIFY_HOST'] = false;
\$DB['CIPHER_LIST'] = '';
\$DB['VAULT_URL'] = '';
\$DB['VAULT_DB_PATH'] = '';
\$DB['VAULT_TOKEN'] = '';
\$DB['DOUBLE_IEEE754'] = true;
\$ZBX_SERVER = '127.0.0.1';
\$ZBX_SERVER_PORT = '$ZBX_SERVER_PORT';
\$ZBX_SERVER_NAME = '$SIA_NAME';
\$IMAGE_FORMAT_DEFAULT = IMAGE_FORMAT_PNG;
EOF
    port=$(sia_free_port) || sia_die "no free port"
    php -S "127.0.0.1:$port" -t "$web" >"$SIA_TMP/php.log" 2>&1 &
    ZBX_PHP_PID=$!
    sia_track "$ZBX_PHP_PID"
    ZBX_API=http://127.0.0.1:$port/api_jsonrpc.php
    local v=
    for _ in $(seq 1 100); do
        v=$(zbx_api apiinfo.version '[]' 2>/dev/null) && break
        sia_alive "$ZBX_PHP_PID" || sia_die "php -S exited: $(tail -n 5 "$SIA_TMP/php.log")"
        sleep 0.1
    done
    [ -n "$v" ] || sia_die "the API does not answer at $ZBX_API"
    ZBX_AUTH=$(zbx_api user.login '{"username": "Admin", "password": "zabbix"}' | jq -r .) ||
        sia_die "user.login failed"
    sia_log "Zabbix API $v at $ZBX_API"
    zbx_mark "frontend" "$t0"
}

ZBX_REQ_ID=0
zbx_api() {
    local method=$1 params=$2 req resp auth=null
    [ -z "$ZBX_AUTH" ] || [ "$method" = apiinfo.version ] || auth="\"$ZBX_AUTH\""
    ZBX_REQ_ID=$((ZBX_REQ_ID + 1))
    req=$(jq -cn --arg m "$method" --argjson p "$params" --argjson a "$auth" --argjson i "$ZBX_REQ_ID" \
        '{jsonrpc: "2.0", method: $m, params: $p, id: $i} + (if $a == null then {} else {auth: $a} end)') ||
        return 1
    resp=$(curl -s --max-time 60 -H 'Content-Type: application/json-rpc' -d "$req" "$ZBX_API") ||
        return 1
    if jq -e 'has("result")' <<<"$resp" >/dev/null 2>&1; then
        jq -c .result <<<"$resp"
    else
        printf '%s: %s\n' "$method" "$(head -c 2000 <<<"$resp")" >&2
        return 1
    fi
}

zbx_start() {
    zbx_start_db
    zbx_start_server
    zbx_start_frontend
}
