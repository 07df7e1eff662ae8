/*
 * cmdline_read.h - reading every process's command line without letting
 * one stuck process stall the scan (the "ps hangs" case).
 *
 * To copy a process's arguments the kernel takes that process's mmap
 * lock.  When the lock is held for long - a thread faulting on a file of
 * a hung NFS or FUSE mount holds it for reading while another thread
 * queues for writing - every reader of /proc/PID/cmdline blocks with it,
 * and no signal but SIGKILL ends the wait.  Of the files the collector
 * reads, only cmdline does this (stat, statm, status, io, cgroup and the
 * exe/cwd links do not take the lock on current kernels; see
 * tests/integration/test_ps_hang.sh).
 *
 * So the command lines of a scan are read by a helper thread, with a
 * deadline on progress: a read that has not finished after
 * CMDR_STALL_MS, while the helper is waiting in the kernel (not merely
 * runnable on a busy machine), costs that field only (unknown); the
 * thread is left behind and a fresh one reads the rest.  The stuck pid is
 * remembered until its read returns, so later scans skip it instead of leaving
 * one more thread behind every time; at most CMDR_MAX_STUCK threads are ever
 * left behind, and a scan waits for at most CMDR_STALLS_PER_SCAN stalls.
 */
#ifndef SIA_CMDLINE_READ_H
#define SIA_CMDLINE_READ_H

#include <stddef.h>
#include <stdint.h>

#define CMDR_STALL_MS        300
#define CMDR_STALLS_PER_SCAN 3
#define CMDR_MAX_STUCK       16

struct cmdr_job {
    int32_t pid; /* in */
    char *data;  /* out: malloc'd, NUL-terminated (caller frees); or NULL */
    size_t len;
    int cut; /* more than `max` bytes were there */
    int err; /* errno when data is NULL; ETIMEDOUT: stuck, not read */
};

struct cmdr_batch;
struct cmdr_stuck; /* the pids whose read is stuck: one per collector */

struct cmdr_stuck *cmdr_stuck_new(void);
/* Drops the collector's reference (left-behind threads hold their own). */
void cmdr_stuck_put(struct cmdr_stuck *s);
/* How many reads are stuck right now (for tests and logs). */
size_t cmdr_stuck_count(struct cmdr_stuck *s);

/* One scan's reads, started early so that they run beside the scanner's
 * own reads of the other files (on its own core when there is one).
 * The fields are cmdline_read.c's. */
struct cmdr_scan {
    struct cmdr_stuck *stuck;
    int root_fd;
    int procfs;
    struct cmdr_job *jobs;
    size_t n, max;
    struct cmdr_batch *running;
};

/* Starts reading root_fd/PID/cmdline, at most max bytes, for every job
 * (procfs: root_fd is on procfs, so no file type checks).  jobs must stay
 * put until cmdr_end. */
void cmdr_begin(struct cmdr_scan *sc, struct cmdr_stuck *s, int root_fd,
                int procfs, struct cmdr_job *jobs, size_t n, size_t max);
/* Waits, under the stall rules above, until every job has its result. */
void cmdr_end(struct cmdr_scan *sc);

#endif
