/*
 * config.h - sysinfo-agentx.conf: parsed into a plain struct, no globals.
 *
 * File format: one directive per line, `keyword value...`, '#' starts a
 * comment, blank lines ignored.  Any unknown keyword or bad value is an
 * error reported as "FILE:LINE: reason"; the daemon refuses to start on it
 * (and keeps its old configuration on SIGHUP).
 *
 *   agentx_socket ADDRESS        master address (-x overrides)
 *   agentx_ping_interval SECS    1..3600, default 2
 *   persistent_dir DIR           with --listen: where the SNMPv3 engine
 *                                ID and boot count are kept (default:
 *                                net-snmp's, SNMP_PERSISTENT_DIR)
 *   cache_ttl SECS               process snapshot TTL, 1..3600, default 5
 *   scan_interval SECS           background scans for sources that need
 *                                them (watches), 0..86400, 0: only on
 *                                demand, default 60
 *   scan_wait SECS               how long a request that found a stale
 *                                snapshot waits for a fresh one, 0.01..5,
 *                                default 0.5
 *   mount_ttl SECS               mount snapshot TTL, 1..3600, default 5
 *   mount_timeout SECS           statfs deadline, 0.01..60, default 1
 *   mount_namespace self|init    whose mount table: the agent's own
 *                                (default) or init's (the host's, when
 *                                the agent runs in a sandbox)
 *   args_max BYTES               64..65535, default 4096 (the MIB's
 *                                OCTET STRING limit)
 *   signals_allow SIG...         enables sysinfoProcessSignal for these
 *                                signals (names TERM/SIGTERM or numbers)
 *   mount_include_type TYPE...   show only these types (and override the
 *                                default pseudo-filesystem exclusion)
 *   mount_exclude_type TYPE...   hide these types
 *   mount_include_path GLOB...   show only mount points matching
 *   mount_exclude_path GLOB...   hide mount points matching
 *   mount_nostatfs_type TYPE...  list but never statfs (autofs always)
 *   watch, threshold, notify_interval: see config_watch.h
 *   signals_names GLOB...        only processes with these names may be
 *                                signalled
 *   signals_users USER...        only these users' processes (default:
 *                                any user above signals_system_uid_max)
 *   signals_system_uid_max UID   highest system uid, default 999
 *   args_redact on|off           redact secrets in arguments (default on)
 *   args_redact_pattern ERE...   more secrets: the first group (or the
 *                                whole match) becomes <redacted>
 *   hide_args all|USER...        arguments shown as <hidden>
 *   hide_cwd all|USER...         working directory shown as <hidden>
 *   hide_exe all|USER...         executable shown as <hidden>
 *   agentuser NAME, agentgroup NAME  drop to this user/group after
 *                                start-up (snmpd.conf's own names)
 *   capabilities NAME...|none    kept after the drop: dac_read_search,
 *                                sys_ptrace (default: both), kill (also
 *                                kept whenever signals_allow is set)
 *
 * With --listen (the standalone SNMP agent) the file may also hold
 * snmpd.conf's access-control lines (config_is_snmp_keyword()): they are
 * only recorded here, and net-snmp's own parsers read them when the
 * listener starts (transport_listen.c).
 */
#ifndef SIA_CONFIG_H
#define SIA_CONFIG_H

#include "config_watch.h"

#include <stddef.h>
#include <stdint.h>

#define CONFIG_MAX_SIGNAL 64

struct str_list {
    char **items;
    size_t count;
};

/* Users named in the configuration, resolved to uids at load time. */
struct uid_list {
    uint32_t *uids;
    size_t count;
    int all; /* the word "all" was given: every user */
};

int uid_list_has(const struct uid_list *l, uint32_t uid);

#define CONFIG_SYS_UID_MAX 999 /* Debian's SYS_UID_MAX (login.defs) */

struct config {
    char *agentx_socket;  /* NULL: net-snmp's default */
    char *persistent_dir; /* --listen's engine ID; NULL: net-snmp's */
    unsigned ping_interval_s;
    unsigned cache_ttl_s;
    unsigned mount_ttl_s;
    unsigned mount_timeout_ms;
    int mount_table; /* mount_namespace self|init: enum col_mount_table */
    unsigned scan_interval_s; /* background scans; 0: only on demand */
    unsigned scan_wait_ms;    /* a stale request's wait for a fresh scan */
    size_t args_max;
    /* signals_allowed[n] != 0: signal n may be sent */
    uint8_t signals_allowed[CONFIG_MAX_SIGNAL + 1];
    int signals_enabled; /* a signals_allow line was given */
    struct str_list include_types;
    struct str_list exclude_types;
    struct str_list include_paths;
    struct str_list exclude_paths;
    struct str_list nostatfs_types;
    struct cfg_alerts alerts; /* watch, threshold, notify_interval */
    /* Which processes may be signalled (signal_policy.h). */
    struct str_list signal_names; /* signals_names GLOB... */
    struct uid_list signal_users; /* signals_users USER... */
    uint32_t sys_uid_max;         /* signals_system_uid_max */
    /* What the process table shows (privacy.h). */
    int args_redact;                 /* args_redact on|off (default on) */
    struct str_list redact_patterns; /* args_redact_pattern ERE... */
    struct uid_list hide_args;       /* hide_args all|USER... */
    struct uid_list hide_cwd;
    struct uid_list hide_exe;
    /* Privileges (privdrop.h); -u/-g override. */
    char *run_user;     /* user NAME */
    char *run_group;    /* group NAME */
    unsigned keep_caps; /* capabilities NAME...|none (privileges.h bits) */
    /* snmpd.conf lines for the listener, as written (keyword first) */
    struct str_list snmp_lines;
    size_t snmp_first_lineno; /* line of snmp_lines.items[0], 0: none */
};

/* Fills *cfg with the defaults.  Never fails. */
void config_defaults(struct config *cfg);
void config_free(struct config *cfg);

/* Parses one file into *cfg (which must hold defaults or an earlier
 * load).  On error returns -1 and writes "FILE:LINE: reason" to err.
 *
 * A load replaces the whole configuration: the file is parsed on top of
 * fresh defaults, not on top of *cfg, so a SIGHUP reload that drops a
 * signal or a path from the file really drops it.  The load is atomic: on
 * error *cfg is left exactly as it was. */
int config_load_file(struct config *cfg, const char *path, char *err,
                     size_t errlen);

/* Parses text as if it were a file called `name` (for tests). */
int config_load_string(struct config *cfg, const char *name, const char *text,
                       char *err, size_t errlen);

/* Is keyword one of snmpd.conf's that the listener hands to net-snmp
 * (rocommunity, rwcommunity, rouser, createUser, view...)? */
int config_is_snmp_keyword(const char *keyword);

/* The snmpd.conf lines are for the standalone listener only: without it
 * (listening == 0) a file holding one is refused with "FILE:LINE: reason".
 * Returns 0 or -1. */
int config_check_mode(const struct config *cfg, int listening, const char *path,
                      char *err, size_t errlen);

/* Is s one of l's items? */
int str_list_has(const struct str_list *l, const char *s);
/* Same items in the same order? */
int str_list_equal(const struct str_list *a, const struct str_list *b);

/* A value as error messages show it: double-quoted, control bytes and
 * quotes escaped, cut with "..." to fit CONFIG_QUOTE_MAX bytes. */
#define CONFIG_QUOTE_MAX 96
const char *config_quote(char buf[CONFIG_QUOTE_MAX], const char *v);

#define CONFIG_FILE_NAME "sysinfo-agentx.conf"

/* Finds the configuration file: the first DIR/sysinfo-agentx.conf that
 * exists, DIR taken in order from the colon-separated search_path (pass
 * net-snmp's get_configuration_directory()).  Writes the path to out and
 * returns 0, or returns -1 (out = "") when there is none.  Pure: no
 * net-snmp calls. */
int config_find_default_file(char *out, size_t outlen, const char *search_path);

#endif
