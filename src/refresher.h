/*
 * refresher.h - background scans and the hand-off to the main thread.
 *
 * Two worker threads, one for processes (with the system group) and one
 * for mounts, so a hung filesystem never delays the process table.  Each
 * builds a complete snapshot, parks it in a mailbox and writes one byte to
 * `wake_fd` so the main loop wakes; the main thread takes the snapshot
 * between two requests and frees the one it replaces.  A request therefore
 * never waits on /proc or statfs, and every PDU is answered from one scan.
 *
 * Scans repeat so that a served snapshot is never older than the TTL
 * (cache_ttl / mount_ttl): the next scan starts early by as long as the
 * previous one took.  Workers make no net-snmp calls.
 */
#ifndef SIA_REFRESHER_H
#define SIA_REFRESHER_H

#include "cfgref.h"

struct refresher;
struct proc_snapshot;
struct mount_snapshot;

/* Starts both workers.  Takes a reference to cfg.  Returns NULL with a
 * reason in err when a thread or the collector cannot be started. */
struct refresher *refresher_start(struct cfgref *cfg, const char *proc_root,
                                  int wake_fd, char *err, size_t errlen);
/* Stops and joins the workers, frees what is parked.  NULL is fine. */
void refresher_stop(struct refresher *r);

/* New configuration for the next scans (takes a reference). */
void refresher_set_config(struct refresher *r, struct cfgref *cfg);

/* The newest finished snapshots, or NULL when none arrived since the last
 * call.  The caller owns what it gets. */
struct proc_snapshot *refresher_take_procs(struct refresher *r);
struct mount_snapshot *refresher_take_mounts(struct refresher *r);

#endif
