/*
 * mount_thresholds.h - the threshold rules applied to a mount snapshot
 * on the mount worker, with each mount's hysteresis state carried from
 * one snapshot to the next (struct threshold_memory, the worker's).
 */
#ifndef SIA_MOUNT_THRESHOLDS_H
#define SIA_MOUNT_THRESHOLDS_H

#include "config_watch.h"
#include "mount_snapshot.h"

struct threshold_memory;

struct threshold_memory *threshold_memory_new(void);    /* NULL: no memory */
void threshold_memory_free(struct threshold_memory *m); /* accepts NULL */

/* Sets every row's `threshold` (NULL when no rule applies) and forgets
 * the state of mounts that are gone or lost their rule.  Call before the
 * skip arrays are built.  Returns -1 when out of memory. */
int mount_thresholds_apply(struct mount_snapshot *s, const struct cfg_alerts *a,
                           struct threshold_memory *m);

#endif
