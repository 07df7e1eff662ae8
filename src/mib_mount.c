/*
 * mib_mount.c - sysinfoMountTable: maps struct mount_entry to columns.
 * Usage columns exist only while the row's status is ok: a filesystem
 * that timed out or failed shows no numbers rather than stale or fake
 * ones.  No I/O here.
 */
#include "mib_mount.h"

#include "mib_view.h"
#include "mount_snapshot.h"
#include "sysinfo_oids.h"

#include <stdio.h>
#include <string.h>

static int bytes(const struct col_bytes *b, struct mib_value *v)
{
    return b->ptr ? mib_octets(v, b->ptr, b->len) : 0;
}

static int truth(int b, struct mib_value *v)
{
    return mib_int(v, b ? 1 : 2);
}

/* df's Use%: used / (used + avail), rounded up. */
static int percent(uint64_t used, uint64_t avail, struct mib_value *v)
{
    uint64_t total = used + avail;

    if (total == 0 || total < used)
        return 0;
    return mib_gauge(v, (used * 100u + total - 1) / total);
}

static int usage(const struct mount_entry *e, uint32_t col, struct mib_value *v)
{
    const struct fs_usage *u = &e->usage;
    uint64_t used = u->size_bytes - u->free_bytes;

    if (e->status != SIA_MOUNT_OK || u->free_bytes > u->size_bytes)
        return 0;
    switch (col) {
    case SIA_MNT_SIZE:
        return mib_counter64(v, u->size_bytes);
    case SIA_MNT_FREE:
        return mib_counter64(v, u->free_bytes);
    case SIA_MNT_AVAIL:
        return mib_counter64(v, u->avail_bytes);
    case SIA_MNT_USED:
        return mib_counter64(v, used);
    case SIA_MNT_USED_PERCENT:
        return percent(used, u->avail_bytes, v);
    case SIA_MNT_INODES:
        return mib_counter64(v, u->inodes);
    case SIA_MNT_INODES_FREE:
        return mib_counter64(v, u->inodes_free);
    case SIA_MNT_INODES_USED_PERCENT:
        return u->inodes_free <= u->inodes &&
               percent(u->inodes - u->inodes_free, u->inodes_free, v);
    default: /* SIA_MNT_BLOCK_SIZE */
        return mib_gauge(v, u->block_size);
    }
}

static const char *status_text(const struct mount_entry *e)
{
    switch (e->status) {
    case SIA_MOUNT_OK:
        return "";
    case SIA_MOUNT_TIMEOUT:
        return "statfs did not answer before the deadline";
    case SIA_MOUNT_ERROR:
        return strerror(e->err_no); /* main thread only */
    default:
        return "not queried (autofs, mount_nostatfs_type, or hidden "
               "under a later mount)";
    }
}

static int status(const struct mib_view *view, const struct mount_entry *e,
                  uint32_t col, struct mib_value *v)
{
    uint64_t age_cs;
    const char *text;

    switch (col) {
    case SIA_MNT_STATUS:
        return mib_int(v, e->status);
    case SIA_MNT_STATUS_AGE:
        age_cs = view->now_mono_ms > e->status_mono_ms
                     ? (view->now_mono_ms - e->status_mono_ms) / 10
                     : 0;
        return mib_int(v, age_cs > INT32_MAX ? INT32_MAX : (int64_t)age_cs);
    default:
        text = status_text(e);
        return mib_octets(v, text, strlen(text));
    }
}

static int devno(const struct mount_row *r, struct mib_value *v)
{
    int n;

    if (r->missing & MOUNT_F_DEVNO)
        return 0;
    n = snprintf((char *)v->buf, sizeof(v->buf), "%u:%u", r->dev_major,
                 r->dev_minor);
    if (n < 0 || (size_t)n >= sizeof(v->buf))
        return 0;
    return mib_octets(v, v->buf, (size_t)n);
}

static int cell(const void *ctx, size_t row, uint32_t col, struct mib_value *v)
{
    const struct mib_view *view = ctx;
    const struct mount_entry *e = &view->mounts->rows[row];

    switch (col) {
    case SIA_MNT_INDEX:
        return mib_gauge(v, e->index);
    case SIA_MNT_MOUNT_POINT:
        return bytes(&e->row.mount_point, v);
    case SIA_MNT_DEVICE:
        return bytes(&e->row.device, v);
    case SIA_MNT_FS_TYPE:
        return bytes(&e->row.fstype, v);
    case SIA_MNT_OPTIONS:
        return bytes(&e->row.options, v);
    case SIA_MNT_READ_ONLY:
        return truth(e->row.read_only, v);
    case SIA_MNT_REMOTE:
        return truth(e->row.remote, v);
    case SIA_MNT_STATUS:
    case SIA_MNT_STATUS_AGE:
    case SIA_MNT_STATUS_TEXT:
        return status(view, e, col, v);
    case SIA_MNT_MOUNT_ID:
        return mib_gauge(v, e->row.mount_id);
    case SIA_MNT_DEVICE_NUMBER:
        return devno(&e->row, v);
    case SIA_MNT_ROOT:
        return bytes(&e->row.root, v);
    case SIA_MNT_DUPLICATE_OF:
        return mib_gauge(v, e->duplicate_of);
    default:
        return col >= SIA_MNT_SIZE && col <= SIA_MNT_BLOCK_SIZE &&
               usage(e, col, v);
    }
}

static size_t rows(const void *ctx)
{
    const struct mib_view *view = ctx;

    return view->mounts ? view->mounts->count : 0;
}

static uint32_t row_index(const void *ctx, size_t row)
{
    const struct mib_view *view = ctx;

    return view->mounts->rows[row].index;
}

static const struct mib_sparse *table_sparse(const void *ctx)
{
    const struct mib_view *view = ctx;

    return view->mounts ? view->mounts->sparse : NULL;
}

/* Usage columns have gaps (rows whose status is not ok): the skip arrays
 * keep GETNEXT O(log n) however many filesystems hang. */
const struct mib_table mib_mount_table = {
    .first_col = SIA_MNT_MOUNT_POINT, /* index: not-accessible */
    .last_col = SIA_MNT_COL_MAX,
    .rows = rows,
    .index = row_index,
    .cell = cell,
    .sparse = table_sparse,
};

static int no_scalar(const void *ctx, uint32_t id, struct mib_value *v)
{
    return 0;
}

static const struct mib_child children[] = {
    {1, &mib_mount_table},
};

const struct mib_group mib_mount_group = {
    .children = children,
    .count = 1,
    .scalar = no_scalar,
};

struct mib_sparse *mib_mount_sparse_build(const struct mount_snapshot *s)
{
    struct mib_view view = {.mounts = s};

    return mib_sparse_build(&mib_mount_table, &view);
}

void mib_mount_sparse_free(struct mib_sparse *sp)
{
    mib_sparse_free(sp);
}
