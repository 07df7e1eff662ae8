/*
 * mount_snapshot.h - one consistent view of the mount table, with the
 * usage of each filesystem, built off the main thread and immutable once
 * built.  OS-neutral: collector API, config filters and the prober.
 *
 * ROW INDEX (sysinfoMountIndex, also described in SYSINFO-MIB):
 *
 *   index = FNV-1a 32-bit hash of the key, masked to 31 bits, 0 -> 1.
 *   key   = the mount point's bytes (as decoded from mountinfo).
 *
 * So a mount point keeps its index across refreshes, remounts, other
 * mounts coming and going, and agent restarts; it is even the same on
 * every host (/ is always 705468254).
 *
 * Stacked mounts (several mounts on one mount point): in mountinfo order
 * the first has the plain key, the k-th (k >= 2) has the key
 * mount point + "\0" + k in decimal ("/mnt\0" "2").  Only the top (last)
 * one can be reached through the path, so only it is statfs'ed; the ones
 * under it are listed with status notQueried.  Stacks are counted over
 * all mounts, shown or not, so a filter change does not renumber them.
 *
 * Collisions between different keys of one snapshot: a key whose hash no
 * other row shares gets its hash as index, always.  Among keys sharing a
 * hash, the bytewise-smallest key gets the hash; the others, taken in
 * bytewise order, get the next free index by linear probing (+1, wrapping
 * from 2147483647 to 1).  An index therefore changes only while two mount
 * points of the same host collide in 31 bits, and then only for the
 * colliding rows.  That is rare: the chance of any collision among n
 * mount points is about n^2 / 2^32 (1 in 4300 for 1000 mounts).
 *
 * duplicate_of: the index of the first shown row (mountinfo order) with
 * the same device number, 0 for that first row and for rows whose device
 * number is unknown; bind mounts and repeated mounts of one filesystem
 * point at the first, so a sum over rows with duplicate_of == 0 counts
 * each filesystem once.
 *
 * Usage numbers are only meaningful when status is SIA_MOUNT_OK; any
 * other status leaves them zero and they must not be shown.
 */
#ifndef SIA_MOUNT_SNAPSHOT_H
#define SIA_MOUNT_SNAPSHOT_H

#include "collector.h"
#include "config.h"
#include "mount_probe.h"
#include "msglist.h"
#include "threshold.h"
#include "snapshot_hook.h"

#include <stddef.h>
#include <stdint.h>

#define MOUNT_INDEX_MAX 2147483647u

struct mount_entry {
    uint32_t index;          /* see ROW INDEX above */
    struct mount_row row;    /* owned */
    int status;              /* enum sia_mount_status */
    struct fs_usage usage;   /* zero unless status is SIA_MOUNT_OK */
    int err_no;              /* ERROR: errno; TIMEOUT: ETIMEDOUT; else 0 */
    uint64_t status_mono_ms; /* CLOCK_MONOTONIC ms when status was known */
    uint32_t duplicate_of;   /* index of the first row of this device */
    /* The threshold rule's verdict (mount_thresholds.c); NULL when no
     * rule applies.  Owned. */
    struct threshold_result *threshold;
    unsigned notify_interval_s; /* for this mount's notifications */
};

struct mount_snapshot {
    struct mount_entry *rows; /* sorted by index, ascending, unique */
    size_t count;
    uint64_t taken_mono_ms;       /* CLOCK_MONOTONIC, when the build began */
    enum col_status list_status;  /* COL_OK, or why the mount table could
                                     not be read (then count == 0) */
    struct msglist msgs;          /* for the main thread to log */
    struct snapshot_extra sparse; /* the MIB layer's skip arrays (hook) */
};

/*
 * Reads the mount table through c, filters it with cfg (NULL: defaults:
 * no pseudo filesystems, autofs never statfs'ed) and probes the usage of
 * the shown filesystems through p (NULL: every row notQueried), under
 * p's deadline.  A failure to read the mount table is not a failure of
 * the build: it gives an empty snapshot with list_status and a message;
 * so does a prober that cannot run (every row notQueried).  `hook` (may
 * be NULL) derives the skip arrays from the finished snapshot (sparse).
 * Returns NULL only when out of memory.
 */
struct mount_snapshot *mount_snapshot_build(const struct config *cfg,
                                            struct collector *c,
                                            struct mount_prober *p,
                                            const struct snapshot_hook *hook);

/* The same from a mount list already read, without skip arrays; takes
 * the rows of *list (which is left empty, success or not). */
struct mount_snapshot *mount_snapshot_from_list(const struct config *cfg,
                                                struct mount_list *list,
                                                struct mount_prober *p);

/* Accepts NULL. */
void mount_snapshot_free(struct mount_snapshot *s);

/* Row position of index, or (size_t)-1.  O(log n). */
size_t mount_snapshot_find(const struct mount_snapshot *s, uint32_t index);

/* ---------------------------------------------- index scheme, for tests */

/* FNV-1a 32 of key, masked to 31 bits, 0 -> 1. */
uint32_t mount_index_hash(const void *key, size_t len);

struct mount_index_key {
    const char *bytes; /* the key */
    size_t len;
    uint32_t hash;  /* in: 1..MOUNT_INDEX_MAX, normally mount_index_hash() */
    uint32_t index; /* out */
};

/* Gives every key a distinct index by the collision rule above.
 * Returns 0, or -1 when out of memory. */
int mount_index_assign(struct mount_index_key *keys, size_t n);

#endif
