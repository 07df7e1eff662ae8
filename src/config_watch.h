/*
 * config_watch.h - the configuration lines of process watches, filesystem
 * thresholds and notifications, parsed into plain structs (struct
 * cfg_alerts, a member of struct config).
 *
 *   watch NAME TARGET PATTERN [OPTION VALUE]...
 *       NAME     1..32 of [A-Za-z0-9._-], unique: the row's index
 *       TARGET   name | args | exe: what PATTERN is matched against
 *       PATTERN  POSIX extended regular expression (regcomp REG_EXTENDED)
 *       user USER            effective user, by name or number
 *       parent PID           parent process id
 *       cgroup PATH          the cgroup PATH or one below it
 *       min N, max N         expected count (0..1000000), each optional
 *       notify_interval SECS this watch's minimum notification interval
 *
 *   threshold WHERE [OPTION VALUE...]...
 *       WHERE    /exact/mount/point, a glob ("/mnt/disk?"), or type:FSTYPE
 *       used WARN CRIT       used space percent ("80%", "92.5%"; "-": none)
 *       avail WARN CRIT      minimum available bytes ("10G", "512M"...)
 *       inodes WARN CRIT     used inode percent
 *       hysteresis PCT       clear distance, percentage points (default 2)
 *       timeout critical|unknown   a statfs timeout counts as critical?
 *       error critical|unknown     a statfs error counts as critical?
 *       notify_interval SECS
 *
 *   notify_interval SECS     default minimum interval between two
 *                            notifications about one object (default 60)
 *
 * Every error is a one-line reason; config.c prefixes FILE:LINE.
 */
#ifndef SIA_CONFIG_WATCH_H
#define SIA_CONFIG_WATCH_H

#include <stddef.h>
#include <stdint.h>

#define CFG_WATCH_NAME_MAX          32
#define CFG_WATCH_COUNT_MAX         1000000u
#define CFG_NOTIFY_INTERVAL_MAX     86400u
#define CFG_NOTIFY_INTERVAL_DEFAULT 60u
#define CFG_HYSTERESIS_DEFAULT      200u /* hundredths of a percentage point */
#define CFG_LEVEL_NONE              UINT64_MAX /* a level that is not set */

struct cfg_watch {
    char name[CFG_WATCH_NAME_MAX + 1];
    int target;    /* enum sia_watch_target */
    char *pattern; /* owned; compiled with REG_EXTENDED at load time */
    int has_user;
    uint32_t uid; /* effective uid */
    int has_parent;
    int32_t parent;
    char *cgroup; /* owned; NULL: any */
    int has_min, has_max;
    uint32_t min, max;
    int has_notify_interval;
    unsigned notify_interval_s;
    size_t line; /* where it was defined */
};

enum cfg_threshold_kind {
    CFG_THR_PATH = 1, /* exact mount point */
    CFG_THR_GLOB = 2, /* fnmatch(3) pattern on the mount point */
    CFG_THR_TYPE = 3, /* filesystem type */
};

/* A warning and a critical level; CFG_LEVEL_NONE when not set. */
struct cfg_level {
    uint64_t warning;
    uint64_t critical;
};

struct cfg_threshold {
    int kind;              /* enum cfg_threshold_kind */
    char *match;           /* owned: the path, glob or type (without "type:") */
    struct cfg_level used; /* hundredths of a percent; higher is worse */
    struct cfg_level avail;  /* bytes; lower is worse */
    struct cfg_level inodes; /* hundredths of a percent; higher is worse */
    uint32_t hysteresis;     /* hundredths of a percentage point */
    uint8_t timeout_critical;
    uint8_t error_critical;
    int has_notify_interval;
    unsigned notify_interval_s;
    size_t line;
};

struct cfg_alerts {
    struct cfg_watch *watches; /* in file order */
    size_t watch_count;
    struct cfg_threshold *thresholds; /* in file order */
    size_t threshold_count;
    unsigned notify_interval_s; /* default per-object minimum interval */
};

void cfg_alerts_defaults(struct cfg_alerts *a);

/* 1 when s is a valid watch name: 1..CFG_WATCH_NAME_MAX of [A-Za-z0-9._-]. */
int cfg_watch_name_ok(const char *s);
/* Frees and resets to the defaults. */
void cfg_alerts_free(struct cfg_alerts *a);

/* Applies one configuration line (argv[0] is the keyword) that was read
 * at line `lineno`.  Returns 1 when argv[0] is not one of this module's
 * keywords (nothing done), 0 when applied, -1 with a one-line reason
 * (no FILE:LINE prefix) in `reason`. */
int cfg_alerts_apply(struct cfg_alerts *a, size_t lineno, char *const *argv,
                     size_t argc, char *reason, size_t reasonlen);

/* The threshold rule that applies to a mount, or NULL: an exact mount
 * point before a glob before a type; among equals the first in the
 * file. */
const struct cfg_threshold *cfg_threshold_find(const struct cfg_alerts *a,
                                               const char *mount_point,
                                               const char *fstype);

/* The minimum notification interval of a watch or a threshold line (its
 * own, else the default); `own_set`/`own` are the line's fields. */
unsigned cfg_notify_interval(const struct cfg_alerts *a, int own_set,
                             unsigned own);

#endif
