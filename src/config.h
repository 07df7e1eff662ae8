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
    char *agentx_socket; /* NULL: net-snmp's default */
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

/* Is s one of l's items? */
int str_list_has(const struct str_list *l, const char *s);

#define CONFIG_FILE_NAME "sysinfo-agentx.conf"

/* Finds the configuration file: the first DIR/sysinfo-agentx.conf that
 * exists, DIR taken in order from the colon-separated search_path (pass
 * net-snmp's get_configuration_directory()).  Writes the path to out and
 * returns 0, or returns -1 (out = "") when there is none.  Pure: no
 * net-snmp calls. */
int config_find_default_file(char *out, size_t outlen, const char *search_path);

#endif
