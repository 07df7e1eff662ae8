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
 *   mount_ttl SECS               mount snapshot TTL, 1..3600, default 5
 *   mount_timeout SECS           statfs deadline, 0.01..60, default 1
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
 *
 * With --listen (the standalone SNMP agent) the file may also hold
 * snmpd.conf's access-control lines (config_is_snmp_keyword()): they are
 * only recorded here, and net-snmp's own parsers read them when the
 * listener starts (transport_listen.c).
 */
#ifndef SIA_CONFIG_H
#define SIA_CONFIG_H

#include <stddef.h>
#include <stdint.h>

#define CONFIG_MAX_SIGNAL 64

struct str_list {
    char **items;
    size_t count;
};

struct config {
    char *agentx_socket;  /* NULL: net-snmp's default */
    char *persistent_dir; /* --listen's engine ID; NULL: net-snmp's */
    unsigned ping_interval_s;
    unsigned cache_ttl_s;
    unsigned mount_ttl_s;
    unsigned mount_timeout_ms;
    size_t args_max;
    /* signals_allowed[n] != 0: signal n may be sent */
    uint8_t signals_allowed[CONFIG_MAX_SIGNAL + 1];
    int signals_enabled; /* a signals_allow line was given */
    struct str_list include_types;
    struct str_list exclude_types;
    struct str_list include_paths;
    struct str_list exclude_paths;
    struct str_list nostatfs_types;
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

#define CONFIG_FILE_NAME "sysinfo-agentx.conf"

/* Finds the configuration file: the first DIR/sysinfo-agentx.conf that
 * exists, DIR taken in order from the colon-separated search_path (pass
 * net-snmp's get_configuration_directory()).  Writes the path to out and
 * returns 0, or returns -1 (out = "") when there is none.  Pure: no
 * net-snmp calls. */
int config_find_default_file(char *out, size_t outlen, const char *search_path);

#endif
