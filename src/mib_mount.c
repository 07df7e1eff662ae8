/*
 * mib_mount.c - sysinfoMountTable: maps struct mount_entry to columns
 * through one column table.  Usage columns exist only while the row's
 * status is ok: a filesystem that timed out or failed shows no numbers
 * rather than stale or fake ones.  No I/O here.
 */
#include "mib_mount.h"

#include "alerts.h"
#include "mib_view.h"
#include "mount_snapshot.h"
#include "mount_thresholds.h"
#include "sysinfo_oids.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct mount_entry *entry(const void *ctx, size_t row)
{
    const struct mib_view *view = ctx;

    return &view->mounts->rows[row];
}

/* df's Use%: used / (used + avail), rounded up. */
static int percent(uint64_t used, uint64_t avail, struct mib_value *v)
{
    uint64_t total = used + avail;

    if (total == 0 || total < used)
        return 0;
    return mib_gauge(v, (used * 100u + total - 1) / total);
}

#define GETTER(fn, expr)                                                       \
    static int fn(const void *ctx, size_t row, struct mib_value *v)            \
    {                                                                          \
        const struct mount_entry *e = entry(ctx, row);                         \
        const struct fs_usage *u = &e->usage;                                  \
        (void)u;                                                               \
        return expr;                                                           \
    }

GETTER(get_index, mib_gauge(v, e->index))
GETTER(get_mount_point,
       mib_octets_opt(v, e->row.mount_point.ptr, e->row.mount_point.len))
GETTER(get_device, mib_octets_opt(v, e->row.device.ptr, e->row.device.len))
GETTER(get_fs_type, mib_octets_opt(v, e->row.fstype.ptr, e->row.fstype.len))
GETTER(get_options, mib_octets_opt(v, e->row.options.ptr, e->row.options.len))
GETTER(get_read_only, mib_truth(v, e->row.read_only))
GETTER(get_remote, mib_truth(v, e->row.remote))
GETTER(get_size, mib_counter64(v, u->size_bytes))
GETTER(get_free, mib_counter64(v, u->free_bytes))
GETTER(get_avail, mib_counter64(v, u->avail_bytes))
GETTER(get_used, mib_counter64(v, u->size_bytes - u->free_bytes))
GETTER(get_used_percent,
       percent(u->size_bytes - u->free_bytes, u->avail_bytes, v))
GETTER(get_inodes, mib_counter64(v, u->inodes))
GETTER(get_inodes_free, mib_counter64(v, u->inodes_free))
GETTER(get_inodes_used_percent,
       u->inodes_free <= u->inodes &&
           percent(u->inodes - u->inodes_free, u->inodes_free, v))
GETTER(get_block_size, mib_gauge(v, u->block_size))
GETTER(get_status, mib_int(v, e->status))
GETTER(get_mount_id, mib_gauge(v, e->row.mount_id))
GETTER(get_root, mib_octets_opt(v, e->row.root.ptr, e->row.root.len))
GETTER(get_duplicate_of, mib_gauge(v, e->duplicate_of))

static int get_status_age(const void *ctx, size_t row, struct mib_value *v)
{
    const struct mib_view *view = ctx;
    const struct mount_entry *e = entry(ctx, row);
    uint64_t age_cs = view->now_mono_ms > e->status_mono_ms
                          ? (view->now_mono_ms - e->status_mono_ms) / 10
                          : 0;

    return mib_int(v, age_cs > INT32_MAX ? INT32_MAX : (int64_t)age_cs);
}

/* Runs on the main thread per request and on the mount worker when it
 * builds the skip arrays: strerror_r, never strerror. */
const char *mib_mount_status_text(const struct mount_entry *e, char *buf,
                                  size_t len)
{
    switch (e->status) {
    case SIA_MOUNT_OK:
        return "";
    case SIA_MOUNT_TIMEOUT:
        return "statfs did not answer before the deadline";
    case SIA_MOUNT_ERROR:
        /* GNU strerror_r: returns a static string or one in buf */
        return strerror_r(e->err_no, buf, len);
    default:
        return "not queried (autofs, mount_nostatfs_type, or hidden "
               "under a later mount)";
    }
}

static int get_status_text(const void *ctx, size_t row, struct mib_value *v)
{
    const char *text =
        mib_mount_status_text(entry(ctx, row), (char *)v->buf, sizeof(v->buf));

    return mib_octets(v, text, strlen(text));
}

static int get_threshold_status(const void *ctx, size_t row,
                                struct mib_value *v)
{
    const struct threshold_result *t = entry(ctx, row)->threshold;

    return t != NULL && mib_int(v, t->status);
}

static int get_threshold_message(const void *ctx, size_t row,
                                 struct mib_value *v)
{
    const struct threshold_result *t = entry(ctx, row)->threshold;

    return t != NULL && mib_octets(v, t->message, strlen(t->message));
}

static int get_device_number(const void *ctx, size_t row, struct mib_value *v)
{
    const struct mount_row *r = &entry(ctx, row)->row;
    int n = snprintf((char *)v->buf, sizeof(v->buf), "%u:%u", r->dev_major,
                     r->dev_minor);

    if (n < 0 || (size_t)n >= sizeof(v->buf))
        return 0;
    return mib_octets(v, v->buf, (size_t)n);
}

#define USAGE MIB_MOUNT_NO_USAGE
#define COL(c, name, type, bits, fn, title)                                    \
    [c - 1] = {c, "sysinfoMount" name, type, bits, fn, title}

static const struct mib_column columns[SIA_MNT_COL_MAX] = {
    COL(SIA_MNT_INDEX, "Index", MIB_GAUGE, 0, get_index, "INDEX"),
    COL(SIA_MNT_MOUNT_POINT, "Point", MIB_OCTETS, 0, get_mount_point,
        "MOUNTED ON"),
    COL(SIA_MNT_DEVICE, "Device", MIB_OCTETS, 0, get_device, NULL),
    COL(SIA_MNT_FS_TYPE, "FsType", MIB_OCTETS, 0, get_fs_type, "TYPE"),
    COL(SIA_MNT_OPTIONS, "Options", MIB_OCTETS, 0, get_options, NULL),
    COL(SIA_MNT_READ_ONLY, "ReadOnly", MIB_INTEGER, 0, get_read_only, NULL),
    COL(SIA_MNT_REMOTE, "Remote", MIB_INTEGER, 0, get_remote, NULL),
    COL(SIA_MNT_SIZE, "Size", MIB_COUNTER64, USAGE, get_size, "SIZE"),
    COL(SIA_MNT_FREE, "Free", MIB_COUNTER64, USAGE, get_free, NULL),
    COL(SIA_MNT_AVAIL, "Avail", MIB_COUNTER64, USAGE, get_avail, "AVAIL"),
    COL(SIA_MNT_USED, "Used", MIB_COUNTER64, USAGE, get_used, "USED"),
    COL(SIA_MNT_USED_PERCENT, "UsedPercent", MIB_GAUGE, USAGE, get_used_percent,
        "USE%"),
    COL(SIA_MNT_INODES, "Inodes", MIB_COUNTER64, USAGE, get_inodes, NULL),
    COL(SIA_MNT_INODES_FREE, "InodesFree", MIB_COUNTER64, USAGE,
        get_inodes_free, NULL),
    COL(SIA_MNT_INODES_USED_PERCENT, "InodesUsedPercent", MIB_GAUGE, USAGE,
        get_inodes_used_percent, NULL),
    COL(SIA_MNT_BLOCK_SIZE, "BlockSize", MIB_GAUGE, USAGE, get_block_size,
        NULL),
    COL(SIA_MNT_STATUS, "Status", MIB_INTEGER, 0, get_status, "STATUS"),
    COL(SIA_MNT_STATUS_AGE, "StatusAge", MIB_INTEGER, 0, get_status_age, NULL),
    COL(SIA_MNT_STATUS_TEXT, "StatusText", MIB_OCTETS, 0, get_status_text,
        NULL),
    COL(SIA_MNT_MOUNT_ID, "Id", MIB_GAUGE, 0, get_mount_id, NULL),
    COL(SIA_MNT_DEVICE_NUMBER, "DeviceNumber", MIB_OCTETS, MOUNT_F_DEVNO,
        get_device_number, NULL),
    COL(SIA_MNT_ROOT, "Root", MIB_OCTETS, 0, get_root, NULL),
    COL(SIA_MNT_DUPLICATE_OF, "DuplicateOf", MIB_GAUGE, 0, get_duplicate_of,
        NULL),
    COL(SIA_MNT_THRESHOLD_STATUS, "ThresholdStatus", MIB_INTEGER,
        MIB_MOUNT_NO_THRESHOLD, get_threshold_status, "THR"),
    COL(SIA_MNT_THRESHOLD_MESSAGE, "ThresholdMessage", MIB_OCTETS,
        MIB_MOUNT_NO_THRESHOLD, get_threshold_message, NULL),
};

static size_t rows(const void *ctx)
{
    const struct mib_view *view = ctx;

    return view->mounts ? view->mounts->count : 0;
}

static size_t row_index(const void *ctx, size_t row, uint32_t *out)
{
    return mib_index_u32(out, entry(ctx, row)->index);
}

/* The collector's mask, plus "no usage" unless statfs answered with
 * sane numbers. */
static uint64_t row_missing(const void *ctx, size_t row)
{
    const struct mount_entry *e = entry(ctx, row);
    uint64_t m = e->row.missing;

    if (e->status != SIA_MOUNT_OK || e->usage.free_bytes > e->usage.size_bytes)
        m |= MIB_MOUNT_NO_USAGE;
    if (e->threshold == NULL)
        m |= MIB_MOUNT_NO_THRESHOLD;
    return m;
}

static const struct mib_sparse *table_sparse(const void *ctx)
{
    const struct mib_view *view = ctx;

    return view->mounts ? view->mounts->sparse.data : NULL;
}

/* Usage columns have gaps (rows whose status is not ok): the skip arrays
 * keep GETNEXT O(log n) however many filesystems hang. */
const struct mib_table mib_mount_table = {
    .first_col = SIA_MNT_MOUNT_POINT, /* index: not-accessible */
    .last_col = SIA_MNT_COL_MAX,
    .columns = columns,
    .rows = rows,
    .index = row_index,
    .missing = row_missing,
    .sparse = table_sparse,
};

static const struct mib_child children[] = {
    {1, &mib_mount_table, "sysinfoMountTable", MIB_OCTETS, NULL},
};

const struct mib_group mib_mount_group = {
    .children = children,
    .count = 1,
};

static void *build_sparse(const void *snapshot)
{
    struct mib_view view = {.mounts = snapshot};

    return mib_sparse_build(&mib_mount_table, &view);
}

static void free_sparse(void *sparse)
{
    mib_sparse_free(sparse);
}

const struct snapshot_hook mib_mount_hook = {build_sparse, free_sparse};

/* ------------------------------------------------------ the data source */

struct mount_state {
    struct collector *c;
    struct mount_prober *prober;
    unsigned timeout_ms;             /* prober was made with it */
    int mount_table;                 /* c was opened with it */
    struct threshold_memory *memory; /* hysteresis, snapshot to snapshot */
};

static int open_parts(struct mount_state *st, const struct source_env *env,
                      char *err, size_t errlen)
{
    unsigned timeout_ms = env->cfg->mount_timeout_ms;
    enum col_status cs;

    /* The proc root may come back (a container's bind mount): retried
     * every scan; until then the last snapshot stays, and its StatusAge
     * shows how old it is. */
    struct collector_options opt = *env->collector;

    opt.mount_table = env->cfg->mount_table;
    if (st->c != NULL && st->mount_table != opt.mount_table) {
        collector_close(st->c); /* mount_namespace changed on reload */
        st->c = NULL;
    }
    st->mount_table = opt.mount_table;
    if (st->c == NULL && (cs = collector_open(&opt, &st->c)) != COL_OK) {
        snprintf(err, errlen, "cannot open the collector: %s",
                 col_status_str(cs));
        return -1;
    }
    if (st->prober == NULL || st->timeout_ms != timeout_ms) {
        /* Stuck probes survive this: their jobs own themselves. */
        mount_prober_free(st->prober);
        st->timeout_ms = timeout_ms;
        st->prober = mount_prober_new(timeout_ms, NULL);
    }
    if (st->prober == NULL) {
        snprintf(err, errlen, "cannot start the statfs prober");
        return -1;
    }
    if (st->memory == NULL && (st->memory = threshold_memory_new()) == NULL) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    return 0;
}

static void *source_build(void **state, const struct source_env *env, char *err,
                          size_t errlen)
{
    struct mount_state *st = *state;
    struct mount_snapshot *s;

    if (st == NULL && (st = *state = calloc(1, sizeof(*st))) == NULL) {
        snprintf(err, errlen, "out of memory");
        return NULL;
    }
    if (open_parts(st, env, err, errlen) < 0)
        return NULL;
    /* The thresholds first, then the skip arrays that cover them. */
    s = mount_snapshot_build(env->cfg, st->c, st->prober, NULL);
    if (s != NULL &&
        mount_thresholds_apply(s, &env->cfg->alerts, st->memory) < 0) {
        mount_snapshot_free(s);
        s = NULL;
    }
    if (s == NULL) {
        snprintf(err, errlen, "out of memory");
        return NULL;
    }
    snapshot_extra_attach(&s->sparse, &mib_mount_hook, s);
    return s;
}

static void source_state_free(void *state)
{
    struct mount_state *st = state;

    if (st == NULL)
        return;
    mount_prober_free(st->prober);
    collector_close(st->c);
    threshold_memory_free(st->memory);
    free(st);
}

static unsigned source_ttl(const struct config *cfg)
{
    return cfg->mount_ttl_s;
}

/* Thresholds send notifications (and so do timeouts): with a threshold
 * line, mounts are scanned every scan_interval even while nobody polls;
 * without one, a hung mount is noticed (and notified) when polled. */
static int source_background(const struct config *cfg)
{
    return cfg->alerts.threshold_count > 0;
}

static void source_free(void *s)
{
    mount_snapshot_free(s);
}

static const struct msglist *source_msgs(const void *s)
{
    return &((const struct mount_snapshot *)s)->msgs;
}

static uint64_t source_taken(const void *s)
{
    return ((const struct mount_snapshot *)s)->taken_mono_ms;
}

static void source_into_view(struct mib_view *view, const void *s)
{
    view->mounts = s;
}

/* Room for a row's status text (strerror_r). */
struct notify_row {
    char text[64];
};

/* Thresholds crossed or cleared, filesystems timing out or answering
 * again. */
static void source_notify(const void *now, const struct source_notifier *n)
{
    const struct mount_snapshot *s = now;
    struct notify_row *rows = calloc(s->count ? s->count : 1, sizeof(*rows));
    struct alert_mount *am = calloc(s->count ? s->count : 1, sizeof(*am));

    if (rows == NULL || am == NULL) {
        free(rows);
        free(am);
        return;
    }
    for (size_t i = 0; i < s->count; i++) {
        const struct mount_entry *e = &s->rows[i];
        am[i] = (struct alert_mount){
            .index = e->index,
            .mount_point = e->row.mount_point.ptr,
            .mount_point_len = e->row.mount_point.len,
            .mount_status = e->status,
            .status_text =
                mib_mount_status_text(e, rows[i].text, sizeof(rows[i].text)),
            .threshold = e->threshold,
            .notify_interval_s = e->notify_interval_s,
        };
    }
    if (s->list_status == COL_OK)
        alerts_mounts(n->alerts, am, s->count, n->now_ms, n->send, n->ctx);
    free(am);
    free(rows);
}

const struct source mib_mount_source = {
    .name = "mount table",
    .ttl_s = source_ttl,
    .background = source_background,
    .build = source_build,
    .state_free = source_state_free,
    .free = source_free,
    .taken_ms = source_taken,
    .msgs = source_msgs,
    .into_view = source_into_view,
    .hold = NULL, /* rows are independent: swap at once */
    .swapped = NULL,
    .notify = source_notify,
};
