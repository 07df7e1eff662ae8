/*
 * threshold.h - a mount's usage judged against its threshold rule, with
 * hysteresis.  Pure: the caller passes the row's status and usage and
 * keeps a small per-mount state between evaluations.
 *
 * Measures (each only when the rule sets a level for it):
 *   used    used space percent as df computes Use%: used / (used +
 *           avail), used = size - free, in hundredths, rounded up;
 *           unknown when used + avail is 0
 *   avail   bytes available to ordinary users (lower is worse)
 *   inodes  used inode percent, (inodes - free) / inodes, rounded up;
 *           unknown when the filesystem has no inode count (0)
 *
 * Levels and hysteresis: "used" is warning from the warning level up and
 * critical from the critical level up; once reached, a level holds until
 * the value is back below the level minus the hysteresis (percentage
 * points).  For "avail", critical below the critical size, warning below
 * the warning size, and a level holds until avail is back at the size
 * plus the hysteresis percent of the filesystem's size.  So a disk
 * moving between 90.0% and 90.1% around a 90% level does not flap.
 *
 * The status is the worst level of the known measures.  When the mount's
 * usage is not known (status timeout, error, notQueried), the status is
 * critical if the rule counts that status as critical, else unknown;
 * the per-measure state is kept, so hysteresis survives a blip.
 */
#ifndef SIA_THRESHOLD_H
#define SIA_THRESHOLD_H

#include "collector.h"
#include "config_watch.h"

#include <stddef.h>
#include <stdint.h>

#define THRESHOLD_MESSAGE_MAX 256 /* with the NUL */

enum threshold_measure_index {
    THR_USED = 0,
    THR_AVAIL = 1,
    THR_INODES = 2,
    THR_MEASURES = 3,
};

/* Kept by the caller per mount, zeroed before the first evaluation. */
struct threshold_state {
    uint8_t level[THR_MEASURES]; /* enum sia_threshold_status, 0: none */
};

struct threshold_input {
    const char *mount_point; /* bytes, for the message */
    size_t mount_point_len;
    int mount_status;      /* enum sia_mount_status */
    struct fs_usage usage; /* meaningful when mount_status is OK */
};

struct threshold_measure {
    int configured;    /* the rule sets a level for it */
    int known;         /* value could be computed */
    uint64_t value;    /* hundredths of a percent, or bytes */
    int level;         /* enum sia_threshold_status (OK when clear) */
    uint64_t limit;    /* the level reached; when OK the first level ahead */
    uint64_t clear_at; /* where the reached level clears; 0 when OK */
};

struct threshold_result {
    int status;  /* enum sia_threshold_status */
    int measure; /* enum sia_threshold_measure that decided the status;
                    for ok the first configured known one; 0 if none */
    struct threshold_measure m[THR_MEASURES];
    char message[THRESHOLD_MESSAGE_MAX];
};

void threshold_evaluate(const struct cfg_threshold *rule,
                        const struct threshold_input *in,
                        struct threshold_state *st,
                        struct threshold_result *out);

/* The sysinfoThresholdMeasure, Value and Level varbinds of the
 * notification for a change from `prev` to `now`: for a rise, the
 * measure that decided `now` and the level it reached; for a fall, the
 * measure that decided `prev`, its value now and the point past which
 * it cleared, in the measure's unit (bytes for avail).  Timeout and
 * error measures carry 0 and 0. */
void threshold_notification_values(const struct threshold_result *prev,
                                   const struct threshold_result *now,
                                   int *measure, uint64_t *value,
                                   uint64_t *level);

/* Hundredths of a percent of part / whole, rounded up; whole > 0. */
uint64_t threshold_percent(uint64_t part, uint64_t whole);

#endif
