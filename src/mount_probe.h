/*
 * mount_probe.h - statfs of many mount points under one deadline, off the
 * calling thread, surviving filesystems that never answer.
 *
 * OS-neutral: pthreads and the collector API only.
 *
 * Each probe is a job run by its own detached thread.  A job is shared by
 * that thread and the prober, and reference counted: whichever lets go
 * last frees it.  A job still running at the deadline reports timeout and
 * is remembered by its path; while it stays stuck, later runs report
 * timeout for that path again without starting another thread on it, so a
 * hung NFS server costs one blocked thread, not one per refresh.  When the
 * stuck call finally returns, the next run probes the path afresh.
 *
 * The late answer of a stuck call is thrown away, never reported: it
 * describes a filesystem that just took longer than the deadline to
 * answer, and showing it as "ok" would hide that; one more statfs on a
 * filesystem that has recovered is cheap.
 *
 * Freeing the prober never waits for stuck threads: each one keeps its
 * job (and the small shared block it signals through) alive and frees
 * them when its call returns.  Nothing a thread touches points back into
 * the prober.  The ops->ctx given to mount_prober_new must therefore
 * outlive every thread the prober started (static data, or NULL).
 *
 * A prober is used by one thread at a time.
 */
#ifndef SIA_MOUNT_PROBE_H
#define SIA_MOUNT_PROBE_H

#include "collector.h"

#include <stddef.h>
#include <stdint.h>

#define MOUNT_PROBE_DEFAULT_TIMEOUT_MS 1000u

/* The call a job makes; collector_fs_usage() unless a test injects one. */
struct mount_probe_ops {
    enum col_status (*fs_usage)(void *ctx, const char *path,
                                struct fs_usage *out, int *err_no);
    void *ctx;
};

struct mount_probe_result {
    int status;            /* enum sia_mount_status: OK, TIMEOUT, ERROR */
    struct fs_usage usage; /* all zero unless status is SIA_MOUNT_OK */
    int err_no;            /* ERROR: the call's errno; TIMEOUT: ETIMEDOUT */
    uint64_t mono_ms;      /* CLOCK_MONOTONIC ms when status was known */
    uint8_t still_stuck;   /* TIMEOUT of a call started by an earlier run */
};

struct mount_prober;

/* timeout_ms: the deadline of one run (0: the default, 1000 ms).
 * ops NULL: collector_fs_usage.  Returns NULL when out of memory. */
struct mount_prober *mount_prober_new(unsigned timeout_ms,
                                      const struct mount_probe_ops *ops);

/* Accepts NULL.  Stuck threads are left to free their own jobs. */
void mount_prober_free(struct mount_prober *p);

/*
 * Probes paths[0..n-1] concurrently and fills results[0..n-1].  Returns
 * within the prober's timeout (plus thread start-up) whatever the
 * filesystems do: the deadline is taken once, before the first thread
 * starts.  A probe that cannot be started (no memory, no thread) reports
 * SIA_MOUNT_ERROR with its errno (ENOMEM, EAGAIN).  Returns COL_OK, or
 * COL_ERR_NOMEM (nothing probed, results untouched) when the run's own
 * bookkeeping cannot be allocated, or COL_ERR_INVAL on bad arguments.
 */
enum col_status mount_prober_run(struct mount_prober *p,
                                 const char *const *paths, size_t n,
                                 struct mount_probe_result *results);

/* Calls of this prober still running after their run's deadline. */
size_t mount_prober_stuck(struct mount_prober *p);

/* Probe threads alive in this process, including those left behind by
 * freed probers: a count of threads blocked in hung filesystems. */
size_t mount_probe_threads_alive(void);

#endif
