/*
 * mib_watch.c - sysinfoWatchTable: maps struct watch_row fields to
 * columns through one column table, indexed by the watch's name
 * (IMPLIED).  No I/O here.
 */
#include "mib_watch.h"

#include "config.h"
#include "mib_view.h"
#include "proc_snapshot.h"
#include "sysinfo_oids.h"

#include <string.h>

static const struct watch_table *table_of(const void *ctx)
{
    const struct mib_view *view = ctx;

    return view->procs != NULL && view->procs->watches_ok
               ? &view->procs->watches
               : NULL;
}

static const struct watch_row *row_of(const void *ctx, size_t row)
{
    return &table_of(ctx)->rows[row];
}

/* Gauge32 sums latch at the top rather than wrap. */
static uint64_t clamp32(uint64_t v)
{
    return v > UINT32_MAX ? UINT32_MAX : v;
}

#define GETTER(fn, expr)                                                       \
    static int fn(const void *ctx, size_t row, struct mib_value *v)            \
    {                                                                          \
        const struct watch_row *w = row_of(ctx, row);                          \
        const struct cfg_watch *d = w->def;                                    \
        (void)d;                                                               \
        return expr;                                                           \
    }

GETTER(get_name, mib_octets(v, d->name, strlen(d->name)))
GETTER(get_target, mib_int(v, d->target))
GETTER(get_pattern, mib_octets(v, d->pattern, strlen(d->pattern)))
GETTER(get_user, mib_gauge(v, d->uid))
GETTER(get_parent, mib_int(v, d->parent))
GETTER(get_cgroup, mib_octets(v, d->cgroup, strlen(d->cgroup)))
GETTER(get_min, mib_gauge(v, d->min))
GETTER(get_max, mib_gauge(v, d->max))
GETTER(get_count, mib_gauge(v, w->count))
GETTER(get_status, mib_int(v, w->status))
GETTER(get_message, mib_octets(v, w->message, strlen(w->message)))
GETTER(get_unchecked, mib_gauge(v, w->unchecked))
GETTER(get_oldest, mib_counter64(v, w->oldest_start_cs))
GETTER(get_newest, mib_counter64(v, w->newest_start_cs))
GETTER(get_rss, mib_counter64(v, w->rss_bytes))
GETTER(get_cpu, mib_counter64(v, w->cpu_cs))
GETTER(get_threads, mib_gauge(v, clamp32(w->threads)))
GETTER(get_open_files, mib_gauge(v, clamp32(w->open_files)))

#define COL(c, name, type, bits, fn, title)                                    \
    [c - 1] = {c, "sysinfoWatch" name, type, bits, fn, title}

/* Every column: number, type, the row-mask bits that make it unknown,
 * getter, --dump title. */
static const struct mib_column columns[SIA_WATCH_COL_MAX] = {
    COL(SIA_WATCH_NAME, "Name", MIB_OCTETS, 0, get_name, "NAME"),
    COL(SIA_WATCH_TARGET, "Target", MIB_INTEGER, 0, get_target, "TARGET"),
    COL(SIA_WATCH_PATTERN, "Pattern", MIB_OCTETS, 0, get_pattern, "PATTERN"),
    COL(SIA_WATCH_USER, "User", MIB_GAUGE, MIB_WATCH_NO_USER, get_user, "UID"),
    COL(SIA_WATCH_PARENT, "Parent", MIB_INTEGER, MIB_WATCH_NO_PARENT,
        get_parent, "PPID"),
    COL(SIA_WATCH_CGROUP, "Cgroup", MIB_OCTETS, MIB_WATCH_NO_CGROUP, get_cgroup,
        "CGROUP"),
    COL(SIA_WATCH_MIN, "Min", MIB_GAUGE, MIB_WATCH_NO_MIN, get_min, "MIN"),
    COL(SIA_WATCH_MAX, "Max", MIB_GAUGE, MIB_WATCH_NO_MAX, get_max, "MAX"),
    COL(SIA_WATCH_COUNT, "Count", MIB_GAUGE, 0, get_count, "COUNT"),
    COL(SIA_WATCH_STATUS, "Status", MIB_INTEGER, 0, get_status, "STATUS"),
    COL(SIA_WATCH_MESSAGE, "Message", MIB_OCTETS, 0, get_message, "MESSAGE"),
    COL(SIA_WATCH_UNCHECKED, "Unchecked", MIB_GAUGE, 0, get_unchecked,
        "UNCHECKED"),
    COL(SIA_WATCH_OLDEST_START, "OldestStart", MIB_COUNTER64, WATCH_F_START,
        get_oldest, NULL),
    COL(SIA_WATCH_NEWEST_START, "NewestStart", MIB_COUNTER64, WATCH_F_START,
        get_newest, NULL),
    COL(SIA_WATCH_RSS, "Rss", MIB_COUNTER64, WATCH_F_RSS, get_rss, "RSS"),
    COL(SIA_WATCH_CPU, "Cpu", MIB_COUNTER64, WATCH_F_CPU, get_cpu, "CPU_CS"),
    COL(SIA_WATCH_THREADS, "Threads", MIB_GAUGE, WATCH_F_THREADS, get_threads,
        "THREADS"),
    COL(SIA_WATCH_OPEN_FILES, "OpenFiles", MIB_GAUGE, WATCH_F_FDS,
        get_open_files, "FDS"),
};

static size_t rows(const void *ctx)
{
    const struct watch_table *t = table_of(ctx);

    return t ? t->count : 0;
}

static size_t row_index(const void *ctx, size_t row, uint32_t *out)
{
    const char *name = row_of(ctx, row)->def->name;

    return mib_index_implied(out, name, strlen(name));
}

static uint64_t row_missing(const void *ctx, size_t row)
{
    const struct watch_row *w = row_of(ctx, row);
    const struct cfg_watch *d = w->def;
    uint64_t m = w->missing;

    if (!d->has_user)
        m |= MIB_WATCH_NO_USER;
    if (!d->has_parent)
        m |= MIB_WATCH_NO_PARENT;
    if (d->cgroup == NULL)
        m |= MIB_WATCH_NO_CGROUP;
    if (!d->has_min)
        m |= MIB_WATCH_NO_MIN;
    if (!d->has_max)
        m |= MIB_WATCH_NO_MAX;
    return m;
}

/* A handful of rows: no skip arrays, the resolver scans. */
const struct mib_table mib_watch_table = {
    .first_col = SIA_WATCH_TARGET, /* the name is the index */
    .last_col = SIA_WATCH_COL_MAX,
    .columns = columns,
    .rows = rows,
    .index = row_index,
    .missing = row_missing,
};

static const struct mib_child children[] = {
    {1, &mib_watch_table, "sysinfoWatchTable", MIB_OCTETS, NULL},
};

const struct mib_group mib_watch_group = {
    .children = children,
    .count = 1,
};

int mib_watch_configured(const struct config *cfg)
{
    return cfg->alerts.watch_count > 0;
}
