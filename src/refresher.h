/*
 * refresher.h - background scans and the hand-off to the main thread.
 *
 * One worker thread per source of registry.c (processes with the system
 * group, mounts...), so a hung filesystem never delays the process table.
 * Each builds a complete snapshot (struct source.build), parks it in its
 * mailbox and writes one byte to `wake_fd` so the main loop wakes; the
 * main thread takes the snapshot between two requests and frees the one
 * it replaces.  A request therefore never waits on /proc or statfs, and
 * every PDU is answered from one scan.
 *
 * Scans repeat so that a served snapshot is never older than the TTL
 * (source.ttl_s): the next scan starts early by as long as the previous
 * one took.  A scan that produces nothing parks its reason instead (the
 * main thread logs it) and is retried with back-off: 1 s, doubling up to
 * 60 s, back to the TTL after a success.  Workers make no net-snmp calls.
 */
#ifndef SIA_REFRESHER_H
#define SIA_REFRESHER_H

#include "cfgref.h"
#include "msglist.h"

#include <stddef.h>

struct refresher;
struct source;
struct collector_options;

/* Back-off after a failed scan. */
#define REFRESHER_BACKOFF_MIN_MS 1000u
#define REFRESHER_BACKOFF_MAX_MS 60000u

/* Starts one worker per source (sources[0..n), which must outlive the
 * refresher).  Takes a reference to cfg.  Returns NULL with a reason in
 * err when a thread cannot be started. */
struct refresher *refresher_start(const struct source *const *sources, size_t n,
                                  struct cfgref *cfg,
                                  const struct collector_options *collector,
                                  int wake_fd, char *err, size_t errlen);
/* Stops and joins the workers, frees what is parked.  NULL is fine. */
void refresher_stop(struct refresher *r);

/* New configuration for the next scans (takes a reference). */
void refresher_set_config(struct refresher *r, struct cfgref *cfg);

/* Source i's newest finished snapshot, or NULL when none arrived since
 * the last call; the caller owns it.  Failure reports parked since the
 * last call are moved into *failures (the caller frees them). */
void *refresher_take(struct refresher *r, size_t i, struct msglist *failures);

/* The wait before the scan after a failed one: twice the previous wait
 * (prev_ms 0: the first failure), within the limits above. */
unsigned refresher_backoff_ms(unsigned prev_ms);

#endif
