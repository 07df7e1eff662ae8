/*
 * proc_snapshot.h - one consistent scan of the system and its processes.
 *
 * Built by the refresher's worker thread (no net-snmp calls there), then
 * handed to the main thread, which serves every request from it until the
 * next one is swapped in between two requests.  Immutable once built.
 */
#ifndef SIA_PROC_SNAPSHOT_H
#define SIA_PROC_SNAPSHOT_H

#include "collector.h"
#include "msglist.h"
#include "snapshot_hook.h"
#include "usercache.h"
#include "watch.h"

#include <stdint.h>

struct proc_snapshot {
    uint64_t taken_mono_ms; /* CLOCK_MONOTONIC, when the scan started */
    int sys_ok;             /* collector_system succeeded */
    struct sys_info sys;
    int procs_ok;           /* collector_processes succeeded */
    struct proc_list procs; /* sorted by pid */
    char *strings;      /* the rows' strings, interned (proc_compact.h); NULL:
                         * each row owns its own (proc_list_free) */
    const char **users; /* per row: points into user_names */
    char **user_names;  /* owned: one per distinct uid */
    size_t user_name_count;
    uint32_t *children;           /* per row: number of direct children */
    uint64_t thread_total;        /* sum of threads over rows */
    struct snapshot_extra sparse; /* the MIB layer's skip arrays (hook) */
    struct msglist msgs;          /* what the scan wants logged */
    /* The watches judged against these rows (proc_snapshot_watch):
     * set owns the definitions the table's rows point at.  watches_ok
     * is 0 while there is no table (no process data, out of memory). */
    struct watch_set *watch_set;
    struct watch_table watches;
    int watches_ok;
};

/* Scans through c; never fails as a whole: a failing part is marked
 * (sys_ok/procs_ok = 0) and explained in msgs.  `hook` (may be NULL)
 * derives the skip arrays from the finished snapshot (sparse).  Returns
 * NULL only when out of memory. */
struct proc_snapshot *proc_snapshot_build(struct collector *c,
                                          struct usercache *users,
                                          const struct snapshot_hook *hook);
void proc_snapshot_free(struct proc_snapshot *s);

/* An empty snapshot that says why there is no data (the proc root could
 * not be opened): served so the tables stop showing old data.  NULL only
 * when out of memory. */
struct proc_snapshot *proc_snapshot_failed(const char *why);

/* Judges the configured watches against the snapshot's rows, so a watch
 * and a walk of the process table never disagree.  Nothing when the
 * process table could not be read (watches_ok stays 0).  Returns -1
 * only when out of memory. */
int proc_snapshot_watch(struct proc_snapshot *s, const struct cfg_alerts *a);

/* What follows every scan, in the one order the agent and --dump share:
 * the watches are judged on the rows as the kernel gave them (a pattern
 * on arguments must match a redacted secret too), the privacy rules
 * (privacy.h) rewrite the rows, then their strings are packed into one
 * block (proc_compact.h): nothing may rewrite a row after that.  Returns
 * -1 when out of memory (the caller drops the snapshot). */
struct config;
int proc_snapshot_finish(struct proc_snapshot *s, const struct config *cfg);

/* Row position of pid, or (size_t)-1.  O(log n). */
size_t proc_snapshot_find(const struct proc_snapshot *s, int32_t pid);

#endif
