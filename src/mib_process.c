/*
 * mib_process.c - sysinfoProcessTable and the sysinfoProcesses scalars:
 * maps struct proc_row fields to columns.  No I/O here.
 */
#include "mib_process.h"

#include "mib_view.h"
#include "proc_snapshot.h"
#include "sysinfo_oids.h"

#include <string.h>

/* Which collector bit makes each column unknown (0: always known). */
static uint64_t column_field(uint32_t col)
{
    switch (col) {
    case SIA_PROC_PPID:
        return PROC_F_PPID;
    case SIA_PROC_NAME:
        return PROC_F_NAME;
    case SIA_PROC_EXE:
        return PROC_F_EXE;
    case SIA_PROC_ARGS:
    case SIA_PROC_ARGS_TRUNCATED:
        return PROC_F_ARGS;
    case SIA_PROC_STATE:
        return PROC_F_STATE;
    case SIA_PROC_UID:
    case SIA_PROC_EUID:
    case SIA_PROC_GID:
    case SIA_PROC_EGID:
    case SIA_PROC_USER:
        return PROC_F_IDS;
    case SIA_PROC_START_TIME:
    case SIA_PROC_START_UNIX:
        return PROC_F_START;
    case SIA_PROC_CPU_USER:
    case SIA_PROC_CPU_SYSTEM:
        return PROC_F_CPU;
    case SIA_PROC_RSS:
    case SIA_PROC_VSZ:
    case SIA_PROC_SHARED:
        return PROC_F_MEM;
    case SIA_PROC_THREADS:
        return PROC_F_THREADS;
    case SIA_PROC_NICE:
    case SIA_PROC_PRIORITY:
        return PROC_F_PRIO;
    case SIA_PROC_TTY:
        return PROC_F_TTY;
    case SIA_PROC_OPEN_FILES:
        return PROC_F_FDS;
    case SIA_PROC_READ_BYTES:
    case SIA_PROC_WRITE_BYTES:
        return PROC_F_IO;
    case SIA_PROC_CGROUP:
        return PROC_F_CGROUP;
    case SIA_PROC_PGRP:
    case SIA_PROC_SESSION:
        return PROC_F_PGRP;
    case SIA_PROC_MINOR_FAULTS:
    case SIA_PROC_MAJOR_FAULTS:
        return PROC_F_FAULTS;
    case SIA_PROC_CWD:
        return PROC_F_CWD;
    default:
        return 0;
    }
}

/* sysinfoProcessUnknown: BITS, bit n set when column n has no instance.
 * BITS put bit 0 in the most significant bit of the first octet. */
static int unknown_bits(const struct proc_row *r, struct mib_value *v)
{
    size_t nbytes = SIA_PROC_COL_MAX / 8 + 1;

    memset(v->buf, 0, nbytes);
    for (uint32_t col = 1; col <= SIA_PROC_COL_MAX; col++)
        if (r->missing & column_field(col))
            v->buf[col / 8] |= (uint8_t)(0x80u >> (col % 8));
    return mib_octets(v, v->buf, nbytes);
}

static int cell_bytes(const struct col_bytes *b, struct mib_value *v)
{
    return b->ptr ? mib_octets(v, b->ptr, b->len) : 0;
}

static int cell_ids(const struct proc_row *r, uint32_t col, struct mib_value *v)
{
    switch (col) {
    case SIA_PROC_UID:
        return mib_gauge(v, r->uid);
    case SIA_PROC_EUID:
        return mib_gauge(v, r->euid);
    case SIA_PROC_GID:
        return mib_gauge(v, r->gid);
    default:
        return mib_gauge(v, r->egid);
    }
}

static int cell_row(const struct proc_snapshot *s, size_t row, uint32_t col,
                    struct mib_value *v)
{
    const struct proc_row *r = &s->procs.rows[row];

    switch (col) {
    case SIA_PROC_PID:
        return mib_int(v, r->pid);
    case SIA_PROC_PPID:
        return mib_int(v, r->ppid);
    case SIA_PROC_NAME:
        return cell_bytes(&r->name, v);
    case SIA_PROC_EXE:
        return cell_bytes(&r->exe, v);
    case SIA_PROC_ARGS:
        return cell_bytes(&r->args, v);
    case SIA_PROC_ARGS_TRUNCATED:
        return mib_int(v, r->args_truncated ? 1 : 2); /* TruthValue */
    case SIA_PROC_STATE:
        return mib_int(v, r->state);
    case SIA_PROC_UID:
    case SIA_PROC_EUID:
    case SIA_PROC_GID:
    case SIA_PROC_EGID:
        return cell_ids(r, col, v);
    case SIA_PROC_USER:
        return s->users[row]
                   ? mib_octets(v, s->users[row], strlen(s->users[row]))
                   : 0;
    case SIA_PROC_START_TIME:
        return mib_date_and_time(v, r->start_time_cs);
    case SIA_PROC_START_UNIX:
        return mib_counter64(v, r->start_time_cs);
    case SIA_PROC_CPU_USER:
        return mib_counter64(v, r->cpu_user_cs);
    case SIA_PROC_CPU_SYSTEM:
        return mib_counter64(v, r->cpu_system_cs);
    case SIA_PROC_RSS:
        return mib_counter64(v, r->rss_bytes);
    case SIA_PROC_VSZ:
        return mib_counter64(v, r->vsz_bytes);
    case SIA_PROC_SHARED:
        return mib_counter64(v, r->shared_bytes);
    case SIA_PROC_THREADS:
        return mib_gauge(v, r->threads);
    case SIA_PROC_NICE:
        return mib_int(v, r->nice);
    case SIA_PROC_PRIORITY:
        return mib_int(v, r->priority);
    case SIA_PROC_TTY:
        return cell_bytes(&r->tty, v);
    case SIA_PROC_OPEN_FILES:
        return mib_gauge(v, r->open_files);
    case SIA_PROC_READ_BYTES:
        return mib_counter64(v, r->read_bytes);
    case SIA_PROC_WRITE_BYTES:
        return mib_counter64(v, r->write_bytes);
    case SIA_PROC_CGROUP:
        return cell_bytes(&r->cgroup, v);
    case SIA_PROC_CHILDREN:
        return mib_gauge(v, s->children[row]);
    case SIA_PROC_SIGNAL:
        return mib_int(v, 0); /* write-only in spirit: reads give 0 */
    case SIA_PROC_PGRP:
        return mib_int(v, r->pgrp);
    case SIA_PROC_SESSION:
        return mib_int(v, r->session);
    case SIA_PROC_MINOR_FAULTS:
        return mib_counter64(v, r->minor_faults);
    case SIA_PROC_MAJOR_FAULTS:
        return mib_counter64(v, r->major_faults);
    case SIA_PROC_CWD:
        return cell_bytes(&r->cwd, v);
    case SIA_PROC_UNKNOWN:
        return unknown_bits(r, v);
    default:
        return 0;
    }
}

static int snapshot_cell(const struct proc_snapshot *s, size_t row,
                         uint32_t col, struct mib_value *v)
{
    if (s->procs.rows[row].missing & column_field(col))
        return 0;
    return cell_row(s, row, col, v);
}

/* ------------------------------------------------ table over a mib_view */

static const struct proc_snapshot *view_procs(const void *ctx)
{
    const struct mib_view *view = ctx;

    return view->procs;
}

static size_t table_rows(const void *ctx)
{
    const struct proc_snapshot *s = view_procs(ctx);

    return s ? s->procs.count : 0;
}

static uint32_t table_index(const void *ctx, size_t row)
{
    return (uint32_t)view_procs(ctx)->procs.rows[row].pid;
}

static int table_cell(const void *ctx, size_t row, uint32_t col,
                      struct mib_value *v)
{
    return snapshot_cell(view_procs(ctx), row, col, v);
}

static const struct mib_sparse *table_sparse(const void *ctx)
{
    const struct proc_snapshot *s = view_procs(ctx);

    return s ? s->sparse : NULL;
}

const struct mib_table mib_process_table = {
    .first_col = SIA_PROC_PPID, /* the pid is the index: not-accessible */
    .last_col = SIA_PROC_COL_MAX,
    .rows = table_rows,
    .index = table_index,
    .cell = table_cell,
    .sparse = table_sparse,
};

static int scalar(const void *ctx, uint32_t id, struct mib_value *v)
{
    const struct mib_view *view = ctx;
    uint64_t age_cs;

    switch (id) {
    case SIA_PROCS_SNAPSHOT_AGE:
        if (view->procs == NULL)
            return 0;
        age_cs = (view->now_mono_ms - view->procs->taken_mono_ms) / 10;
        return mib_int(v, age_cs > INT32_MAX ? INT32_MAX : (int64_t)age_cs);
    case SIA_PROCS_SNAPSHOT_TTL:
        return mib_gauge(v, view->cache_ttl_s);
    case SIA_PROCS_ARGS_MAX:
        return mib_gauge(v, view->args_max);
    default:
        return 0;
    }
}

static const struct mib_child children[] = {
    {1, &mib_process_table},
    {SIA_PROCS_SNAPSHOT_AGE, NULL},
    {SIA_PROCS_SNAPSHOT_TTL, NULL},
    {SIA_PROCS_ARGS_MAX, NULL},
};

const struct mib_group mib_process_group = {
    .children = children,
    .count = sizeof(children) / sizeof(children[0]),
    .scalar = scalar,
};

struct mib_sparse *mib_process_sparse_build(const struct proc_snapshot *s)
{
    struct mib_view view = {.procs = s};

    return mib_sparse_build(&mib_process_table, &view);
}

void mib_process_sparse_free(struct mib_sparse *sp)
{
    mib_sparse_free(sp);
}
