/*
 * mib_process.c - sysinfoProcessTable and the sysinfoProcesses scalars:
 * maps struct proc_row fields to columns through one column table.  No
 * I/O here.
 */
#include "mib_process.h"

#include "alerts.h"
#include "config.h"
#include "mib_view.h"
#include "proc_snapshot.h"
#include "sysinfo_oids.h"
#include "usercache.h"

#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct proc_snapshot *view_procs(const void *ctx)
{
    const struct mib_view *view = ctx;

    return view->procs;
}

static const struct proc_row *row_of(const void *ctx, size_t row)
{
    return &view_procs(ctx)->procs.rows[row];
}

/* One getter per column: the value of a row field. */
#define GETTER(fn, expr)                                                       \
    static int fn(const void *ctx, size_t row, struct mib_value *v)            \
    {                                                                          \
        const struct proc_row *r = row_of(ctx, row);                           \
        (void)r;                                                               \
        return expr;                                                           \
    }

GETTER(get_pid, mib_int(v, r->pid))
GETTER(get_ppid, mib_int(v, r->ppid))
GETTER(get_name, mib_octets_opt(v, r->name.ptr, r->name.len))
GETTER(get_exe, mib_octets_opt(v, r->exe.ptr, r->exe.len))
GETTER(get_args, mib_octets_opt(v, r->args.ptr, r->args.len))
GETTER(get_args_truncated, mib_truth(v, r->args_truncated))
GETTER(get_state, mib_int(v, r->state))
GETTER(get_uid, mib_gauge(v, r->uid))
GETTER(get_euid, mib_gauge(v, r->euid))
GETTER(get_gid, mib_gauge(v, r->gid))
GETTER(get_egid, mib_gauge(v, r->egid))
GETTER(get_start_time, mib_date_and_time(v, r->start_time_cs))
GETTER(get_start_unix, mib_counter64(v, r->start_time_cs))
GETTER(get_cpu_user, mib_counter64(v, r->cpu_user_cs))
GETTER(get_cpu_system, mib_counter64(v, r->cpu_system_cs))
GETTER(get_rss, mib_counter64(v, r->rss_bytes))
GETTER(get_vsz, mib_counter64(v, r->vsz_bytes))
GETTER(get_shared, mib_counter64(v, r->shared_bytes))
GETTER(get_threads, mib_gauge(v, r->threads))
GETTER(get_nice, mib_int(v, r->nice))
GETTER(get_priority, mib_int(v, r->priority))
GETTER(get_tty, mib_octets_opt(v, r->tty.ptr, r->tty.len))
GETTER(get_open_files, mib_gauge(v, r->open_files))
GETTER(get_read_bytes, mib_counter64(v, r->read_bytes))
GETTER(get_write_bytes, mib_counter64(v, r->write_bytes))
GETTER(get_cgroup, mib_octets_opt(v, r->cgroup.ptr, r->cgroup.len))
GETTER(get_signal, mib_int(v, 0)) /* write-only in spirit: reads give 0 */
GETTER(get_pgrp, mib_int(v, r->pgrp))
GETTER(get_session, mib_int(v, r->session))
GETTER(get_minor_faults, mib_counter64(v, r->minor_faults))
GETTER(get_major_faults, mib_counter64(v, r->major_faults))
GETTER(get_cwd, mib_octets_opt(v, r->cwd.ptr, r->cwd.len))

static int get_user(const void *ctx, size_t row, struct mib_value *v)
{
    const char *name = view_procs(ctx)->users[row];

    return name ? mib_octets(v, name, strlen(name)) : 0;
}

static int get_children(const void *ctx, size_t row, struct mib_value *v)
{
    return mib_gauge(v, view_procs(ctx)->children[row]);
}

static int get_unknown(const void *ctx, size_t row, struct mib_value *v)
{
    return mib_unknown_bits(&mib_process_table, ctx, row, v);
}

#define COL(c, name, type, bits, fn, title)                                    \
    [c - 1] = {c, "sysinfoProcess" name, type, bits, fn, title}

/* Every column: its number, type, the collector bits that make it
 * unknown (no instance, its bit set in sysinfoProcessUnknown) and its
 * getter.  tests/unit/test_mib_columns.c walks them all. */
static const struct mib_column columns[SIA_PROC_COL_MAX] = {
    COL(SIA_PROC_PID, "Pid", MIB_INTEGER, 0, get_pid, "PID"),
    COL(SIA_PROC_PPID, "Ppid", MIB_INTEGER, PROC_F_PPID, get_ppid, "PPID"),
    COL(SIA_PROC_NAME, "Name", MIB_OCTETS, PROC_F_NAME, get_name, "NAME"),
    COL(SIA_PROC_EXE, "Exe", MIB_OCTETS, PROC_F_EXE, get_exe, NULL),
    COL(SIA_PROC_ARGS, "Args", MIB_OCTETS, PROC_F_ARGS, get_args, "ARGS"),
    COL(SIA_PROC_ARGS_TRUNCATED, "ArgsTruncated", MIB_INTEGER, PROC_F_ARGS,
        get_args_truncated, NULL),
    COL(SIA_PROC_STATE, "State", MIB_INTEGER, PROC_F_STATE, get_state, "S"),
    COL(SIA_PROC_UID, "Uid", MIB_GAUGE, PROC_F_IDS, get_uid, NULL),
    COL(SIA_PROC_EUID, "Euid", MIB_GAUGE, PROC_F_IDS, get_euid, NULL),
    COL(SIA_PROC_GID, "Gid", MIB_GAUGE, PROC_F_IDS, get_gid, NULL),
    COL(SIA_PROC_EGID, "Egid", MIB_GAUGE, PROC_F_IDS, get_egid, NULL),
    COL(SIA_PROC_USER, "User", MIB_OCTETS, PROC_F_IDS, get_user, "USER"),
    COL(SIA_PROC_START_TIME, "StartTime", MIB_OCTETS, PROC_F_START,
        get_start_time, NULL),
    COL(SIA_PROC_CPU_USER, "CpuUser", MIB_COUNTER64, PROC_F_CPU, get_cpu_user,
        "CPU_CS"),
    COL(SIA_PROC_CPU_SYSTEM, "CpuSystem", MIB_COUNTER64, PROC_F_CPU,
        get_cpu_system, NULL),
    COL(SIA_PROC_RSS, "Rss", MIB_COUNTER64, PROC_F_MEM, get_rss, "RSS"),
    COL(SIA_PROC_VSZ, "Vsz", MIB_COUNTER64, PROC_F_MEM, get_vsz, "VSZ"),
    COL(SIA_PROC_THREADS, "Threads", MIB_GAUGE, PROC_F_THREADS, get_threads,
        "THR"),
    COL(SIA_PROC_NICE, "Nice", MIB_INTEGER, PROC_F_PRIO, get_nice, NULL),
    COL(SIA_PROC_PRIORITY, "Priority", MIB_INTEGER, PROC_F_PRIO, get_priority,
        NULL),
    COL(SIA_PROC_TTY, "Tty", MIB_OCTETS, PROC_F_TTY, get_tty, NULL),
    COL(SIA_PROC_OPEN_FILES, "OpenFiles", MIB_GAUGE, PROC_F_FDS, get_open_files,
        NULL),
    COL(SIA_PROC_READ_BYTES, "ReadBytes", MIB_COUNTER64, PROC_F_IO,
        get_read_bytes, NULL),
    COL(SIA_PROC_WRITE_BYTES, "WriteBytes", MIB_COUNTER64, PROC_F_IO,
        get_write_bytes, NULL),
    COL(SIA_PROC_CGROUP, "Cgroup", MIB_OCTETS, PROC_F_CGROUP, get_cgroup, NULL),
    COL(SIA_PROC_CHILDREN, "Children", MIB_GAUGE, 0, get_children, NULL),
    COL(SIA_PROC_SIGNAL, "Signal", MIB_INTEGER, 0, get_signal, NULL),
    COL(SIA_PROC_PGRP, "Pgrp", MIB_INTEGER, PROC_F_PGRP, get_pgrp, NULL),
    COL(SIA_PROC_SESSION, "Session", MIB_INTEGER, PROC_F_PGRP, get_session,
        NULL),
    COL(SIA_PROC_MINOR_FAULTS, "MinorFaults", MIB_COUNTER64, PROC_F_FAULTS,
        get_minor_faults, NULL),
    COL(SIA_PROC_MAJOR_FAULTS, "MajorFaults", MIB_COUNTER64, PROC_F_FAULTS,
        get_major_faults, NULL),
    COL(SIA_PROC_SHARED, "Shared", MIB_COUNTER64, PROC_F_MEM, get_shared, NULL),
    COL(SIA_PROC_CWD, "Cwd", MIB_OCTETS, PROC_F_CWD, get_cwd, NULL),
    COL(SIA_PROC_START_UNIX, "StartTimeUnix", MIB_COUNTER64, PROC_F_START,
        get_start_unix, NULL),
    COL(SIA_PROC_UNKNOWN, "Unknown", MIB_OCTETS, 0, get_unknown, NULL),
};

/* ------------------------------------------------ table over a mib_view */

static size_t table_rows(const void *ctx)
{
    const struct proc_snapshot *s = view_procs(ctx);

    return s ? s->procs.count : 0;
}

static size_t table_index(const void *ctx, size_t row, uint32_t *out)
{
    return mib_index_u32(out, (uint32_t)row_of(ctx, row)->pid);
}

static uint64_t table_missing(const void *ctx, size_t row)
{
    return row_of(ctx, row)->missing;
}

static const struct mib_sparse *table_sparse(const void *ctx)
{
    const struct proc_snapshot *s = view_procs(ctx);

    return s ? s->sparse.data : NULL;
}

const struct mib_table mib_process_table = {
    .first_col = SIA_PROC_PPID, /* the pid is the index: not-accessible */
    .last_col = SIA_PROC_COL_MAX,
    .columns = columns,
    .rows = table_rows,
    .index = table_index,
    .missing = table_missing,
    .sparse = table_sparse,
};

/* ------------------------------------------------------------ scalars */

static int get_snapshot_age(const void *ctx, struct mib_value *v)
{
    const struct mib_view *view = ctx;
    uint64_t age_cs;

    if (view->procs == NULL)
        return 0;
    age_cs = (view->now_mono_ms - view->procs->taken_mono_ms) / 10;
    return mib_int(v, age_cs > INT32_MAX ? INT32_MAX : (int64_t)age_cs);
}

static int get_snapshot_ttl(const void *ctx, struct mib_value *v)
{
    const struct mib_view *view = ctx;

    return mib_gauge(v, view->cache_ttl_s);
}

static int get_args_max(const void *ctx, struct mib_value *v)
{
    const struct mib_view *view = ctx;

    return mib_gauge(v, view->args_max);
}

static const struct mib_child children[] = {
    {1, &mib_process_table, "sysinfoProcessTable", MIB_OCTETS, NULL},
    {SIA_PROCS_SNAPSHOT_AGE, NULL, "sysinfoProcessSnapshotAge", MIB_INTEGER,
     get_snapshot_age},
    {SIA_PROCS_SNAPSHOT_TTL, NULL, "sysinfoProcessSnapshotTtl", MIB_GAUGE,
     get_snapshot_ttl},
    {SIA_PROCS_ARGS_MAX, NULL, "sysinfoProcessArgsMax", MIB_GAUGE,
     get_args_max},
};

const struct mib_group mib_process_group = {
    .children = children,
    .count = sizeof(children) / sizeof(children[0]),
};

/* ------------------------------------------------- skip arrays (hook) */

static void *build_sparse(const void *snapshot)
{
    struct mib_view view = {.procs = snapshot};

    return mib_sparse_build(&mib_process_table, &view);
}

static void free_sparse(void *sparse)
{
    mib_sparse_free(sparse);
}

const struct snapshot_hook mib_process_hook = {build_sparse, free_sparse};

/* ------------------------------------------------------ the data source */

struct proc_worker {
    struct usercache *users;
    struct collector *c;
    size_t args_max; /* c was opened with it */
};

static void *source_build(void **state, const struct source_env *env, char *err,
                          size_t errlen)
{
    struct proc_worker *st = *state;
    struct collector_options opt = *env->collector;
    struct proc_snapshot *s;

    opt.args_max = env->cfg->args_max;
    if (st == NULL && (st = *state = calloc(1, sizeof(*st))) == NULL) {
        snprintf(err, errlen, "out of memory");
        return NULL;
    }
    if (st->users == NULL && (st->users = usercache_new()) == NULL) {
        snprintf(err, errlen, "cannot create the user cache: out of memory");
        return NULL;
    }
    if (st->c == NULL || st->args_max != opt.args_max) {
        collector_close(st->c);
        st->c = NULL;
        st->args_max = opt.args_max;
        collector_open(&opt, &st->c);
    }
    /* An unopenable proc root is served as an empty table that says why
     * (the old rows would be a lie); the next scan tries again. */
    s = st->c != NULL ? proc_snapshot_build(st->c, st->users, &mib_process_hook)
                      : proc_snapshot_failed("cannot open the proc root");
    /* Watches, privacy rules, packing: before any request sees it. */
    if (s != NULL && proc_snapshot_finish(s, env->cfg) < 0) {
        proc_snapshot_free(s); /* a scan without its watches would lie */
        s = NULL;
    }
    if (s == NULL)
        snprintf(err, errlen, "out of memory");
    return s;
}

static void source_state_free(void *state)
{
    struct proc_worker *st = state;

    if (st == NULL)
        return;
    collector_close(st->c);
    usercache_free(st->users);
    free(st);
}

static unsigned source_ttl(const struct config *cfg)
{
    return cfg->cache_ttl_s;
}

/* Watches send notifications: they are judged every scan_interval even
 * while nobody polls. */
static int source_background(const struct config *cfg)
{
    return cfg->alerts.watch_count > 0;
}

static void source_free(void *s)
{
    proc_snapshot_free(s);
}

static const struct msglist *source_msgs(const void *s)
{
    return &((const struct proc_snapshot *)s)->msgs;
}

static uint64_t source_taken(const void *s)
{
    return ((const struct proc_snapshot *)s)->taken_mono_ms;
}

static void source_into_view(struct mib_view *view, const void *s)
{
    view->procs = s;
}

/* A walk of the process table takes many requests (the master turns a
 * GETBULK into one GetNext per varbind: 2,000 processes x 34 columns took
 * about five seconds in bench/bench_walk.sh).  Swapping snapshots in the
 * middle would give rows whose columns come from two scans, so a new
 * snapshot waits while GETNEXTs keep arriving (gaps under WALK_IDLE_MS),
 * up to a cap that keeps a poller walking non-stop from pinning old data
 * for ever. */
#define WALK_IDLE_MS    1000u
#define WALK_PIN_MIN_MS 30000u

static int source_hold(const void *served, uint64_t last_next_ms,
                       uint64_t now_ms, const struct config *cfg)
{
    const struct proc_snapshot *s = served;
    uint64_t cap = (uint64_t)cfg->cache_ttl_s * 4000u;

    if (cap < WALK_PIN_MIN_MS)
        cap = WALK_PIN_MIN_MS;
    return s != NULL && now_ms - last_next_ms < WALK_IDLE_MS &&
           now_ms - s->taken_mono_ms < cap;
}

/* Hand the freed heap back to the OS after every swap: the allocator
 * keeps it otherwise (in the worker's arena, where the old snapshot was
 * built), so the agent would hold two snapshots' worth for good, and a
 * daemon that once saw 50,000 processes would keep their memory for
 * months.  Scans are demand-driven, so swaps are rare (at most one per
 * cache_ttl while polled) and the trim's cost does not add up. */
static void source_swapped(const void *now)
{
    (void)now;
#ifdef __GLIBC__
    malloc_trim(0);
#endif
}

/* The watches' notifications: only from a scan that read the process
 * table (one that could not would make every watch look new). */
static void source_notify(const void *now, const struct source_notifier *n)
{
    const struct proc_snapshot *s = now;

    if (s->watches_ok)
        alerts_watches(n->alerts, &s->watches, &n->cfg->alerts, n->now_ms,
                       n->send, n->ctx);
}

const struct source mib_process_source = {
    .name = "process table",
    .ttl_s = source_ttl,
    .background = source_background,
    .build = source_build,
    .state_free = source_state_free,
    .free = source_free,
    .taken_ms = source_taken,
    .msgs = source_msgs,
    .into_view = source_into_view,
    .hold = source_hold,
    .swapped = source_swapped,
    .notify = source_notify,
};
