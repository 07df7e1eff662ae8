/*
 * test_mib_columns.c - every column of every table, through the column
 * tables: a row with every field missing has no instance for each column
 * that can be unknown (and its Unknown bit set, where the table has one);
 * a full row has every column, of the declared type.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "mib.h"
#include "mib_mount.h"
#include "mib_watch.h"
#include "mib_process.h"
#include "mib_view.h"
#include "mount_snapshot.h"
#include "proc_snapshot.h"
#include "sysinfo_oids.h"

static void set_bytes(struct col_bytes *b, const char *s)
{
    assert_int_equal(col_bytes_set(b, s, strlen(s)), 0);
}

/* Two processes: row 0 (pid 10) with every field read, row 1 (pid 20)
 * with every field missing. */
static struct proc_snapshot *procs(void)
{
    struct proc_snapshot *s = calloc(1, sizeof(*s));
    struct proc_row *r;

    assert_non_null(s);
    s->procs_ok = 1;
    s->procs.count = s->procs.cap = 2;
    s->procs.rows = calloc(2, sizeof(struct proc_row));
    s->users = calloc(2, sizeof(char *));
    s->children = calloc(2, sizeof(uint32_t));
    assert_non_null(s->procs.rows);
    r = &s->procs.rows[0];
    r->pid = 10;
    r->state = PROC_STATE_RUNNING;
    r->start_time_cs = 178000000000ull;
    set_bytes(&r->name, "full");
    set_bytes(&r->exe, "/bin/full");
    set_bytes(&r->args, "full -x");
    set_bytes(&r->tty, "");
    set_bytes(&r->cgroup, "/system.slice");
    set_bytes(&r->cwd, "/");
    s->users[0] = "root";
    r = &s->procs.rows[1];
    r->pid = 20;
    r->missing = ~0ull;
    return s;
}

static struct mount_snapshot *mounts(void)
{
    struct mount_snapshot *s = calloc(1, sizeof(*s));
    struct mount_entry *e;

    assert_non_null(s);
    s->count = 2;
    s->rows = calloc(2, sizeof(*s->rows));
    assert_non_null(s->rows);
    e = &s->rows[0];
    e->index = 10;
    e->status = SIA_MOUNT_OK;
    set_bytes(&e->row.mount_point, "/");
    set_bytes(&e->row.device, "/dev/sda1");
    set_bytes(&e->row.fstype, "ext4");
    set_bytes(&e->row.options, "rw");
    set_bytes(&e->row.root, "/");
    e->usage = (struct fs_usage){.size_bytes = 100,
                                 .free_bytes = 40,
                                 .avail_bytes = 30,
                                 .inodes = 10,
                                 .inodes_free = 5,
                                 .block_size = 4096};
    /* a threshold rule applies to the first row only */
    e->threshold = calloc(1, sizeof(*e->threshold));
    assert_non_null(e->threshold);
    e->threshold->status = SIA_THRESHOLD_WARNING;
    strcpy(e->threshold->message, "/: warning: 66.67% used");
    e = &s->rows[1];
    e->index = 20;
    e->status = SIA_MOUNT_TIMEOUT;
    e->row.missing = ~0u;
    set_bytes(&e->row.mount_point, "/hung");
    set_bytes(&e->row.device, "srv:/x");
    set_bytes(&e->row.fstype, "nfs");
    set_bytes(&e->row.options, "rw");
    set_bytes(&e->row.root, "/");
    return s;
}

static int listed(uint32_t c, const uint32_t *list, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (list[i] == c)
            return 1;
    return 0;
}

/* Every column is described, and every column but the listed ones
 * (values that cannot be unreadable) names the bits that make it
 * unknown: a column forgotten there would be served as 0. */
static void check_column_table(const struct mib_table *t,
                               const uint32_t *always, size_t nalways)
{
    assert_true(t->first_col >= 1 && t->first_col <= t->last_col);
    for (uint32_t c = 1; c <= t->last_col; c++) {
        const struct mib_column *col = &t->columns[c - 1];

        assert_int_equal(col->col, c);
        assert_non_null(col->name);
        assert_non_null(col->get);
        if (listed(c, always, nalways))
            assert_true(col->unknown == 0);
        else
            assert_true(col->unknown != 0);
    }
}

/* Row `full` has every column (of its declared type); row `empty` has no
 * instance of any column that can be unknown, through mib_get too. */
static void walk_columns(const struct mib_group *g, const void *view,
                         size_t full, size_t empty, uint32_t unknown_col,
                         const uint32_t *always, size_t nalways)
{
    const struct mib_table *t = g->children[0].table;
    uint32_t idx[MIB_INDEX_MAX];
    uint32_t sub[3 + MIB_INDEX_MAX] = {1, 1};
    size_t ilen = t->index(view, empty, idx);
    struct mib_value v;

    check_column_table(t, always, nalways);
    memcpy(sub + 3, idx, ilen * sizeof(uint32_t));
    for (uint32_t c = 1; c <= t->last_col; c++) {
        const struct mib_column *col = &t->columns[c - 1];

        assert_true(mib_cell(t, view, full, c, &v));
        assert_int_equal(v.type, col->type);
        if (col->unknown == 0)
            continue;
        assert_false(mib_cell(t, view, empty, c, &v));
        sub[2] = c;
        if (c >= t->first_col)
            assert_int_equal(mib_get(g, view, sub, 3 + ilen, &v),
                             MIB_NO_INSTANCE);
    }
    if (unknown_col == 0)
        return;
    /* The Unknown BITS: none for the full row, exactly the columns that
     * can be unknown for the empty one. */
    assert_true(mib_cell(t, view, full, unknown_col, &v));
    for (size_t i = 0; i < v.len; i++)
        assert_int_equal(((const uint8_t *)v.bytes)[i], 0);
    assert_true(mib_cell(t, view, empty, unknown_col, &v));
    for (uint32_t c = 1; c <= t->last_col; c++) {
        int bit = (((const uint8_t *)v.bytes)[c / 8] >> (7 - c % 8)) & 1;

        assert_int_equal(bit, t->columns[c - 1].unknown != 0);
    }
}

static void test_process_columns(void **state)
{
    struct proc_snapshot *s = procs();
    struct mib_view view = {.procs = s, .now_mono_ms = 5000};
    static const uint32_t always[] = {SIA_PROC_PID, SIA_PROC_CHILDREN,
                                      SIA_PROC_SIGNAL, SIA_PROC_UNKNOWN};

    walk_columns(&mib_process_group, &view, 0, 1, SIA_PROC_UNKNOWN, always,
                 sizeof(always) / sizeof(always[0]));
    proc_snapshot_free(s);
}

static void test_mount_columns(void **state)
{
    struct mount_snapshot *s = mounts();
    struct mib_view view = {.mounts = s, .now_mono_ms = 5000};
    /* from mountinfo (a line without them is skipped) or our own state */
    static const uint32_t always[] = {
        SIA_MNT_INDEX,       SIA_MNT_MOUNT_POINT, SIA_MNT_DEVICE,
        SIA_MNT_FS_TYPE,     SIA_MNT_OPTIONS,     SIA_MNT_READ_ONLY,
        SIA_MNT_REMOTE,      SIA_MNT_STATUS,      SIA_MNT_STATUS_AGE,
        SIA_MNT_STATUS_TEXT, SIA_MNT_MOUNT_ID,    SIA_MNT_ROOT,
        SIA_MNT_DUPLICATE_OF};

    walk_columns(&mib_mount_group, &view, 0, 1, 0, always,
                 sizeof(always) / sizeof(always[0]));
    mount_snapshot_free(s);
}

/* Watch rows: the first sets every limit and knows every sum, the second
 * sets none and knows none. */
static const struct cfg_watch full_def = {.name = "full",
                                          .target = SIA_WATCH_TARGET_NAME,
                                          .pattern = "^a$",
                                          .has_user = 1,
                                          .has_parent = 1,
                                          .cgroup = "/a",
                                          .has_min = 1,
                                          .has_max = 1,
                                          .max = 3};
static const struct cfg_watch empty_def = {
    .name = "empty", .target = SIA_WATCH_TARGET_ARGS, .pattern = "b"};

static void test_watch_columns(void **state)
{
    struct proc_snapshot *s = calloc(1, sizeof(*s));
    struct mib_view view = {.procs = s};
    static const uint32_t always[] = {SIA_WATCH_NAME,     SIA_WATCH_TARGET,
                                      SIA_WATCH_PATTERN,  SIA_WATCH_COUNT,
                                      SIA_WATCH_STATUS,   SIA_WATCH_MESSAGE,
                                      SIA_WATCH_UNCHECKED};

    assert_non_null(s);
    s->procs_ok = s->watches_ok = 1;
    s->watches.count = 2;
    s->watches.rows = calloc(2, sizeof(*s->watches.rows));
    assert_non_null(s->watches.rows);
    /* sorted by name: "empty" < "full" */
    s->watches.rows[0].def = &empty_def;
    s->watches.rows[0].missing = ~0u;
    s->watches.rows[1].def = &full_def;
    s->watches.rows[1].count = 2;
    walk_columns(&mib_watch_group, &view, 1, 0, 0, always,
                 sizeof(always) / sizeof(always[0]));
    proc_snapshot_free(s);
}

/* Scalars: every one named, with a getter; the process-table scalars of
 * a snapshot are all there. */
static void test_scalars_named(void **state)
{
    const struct mib_group *groups[] = {&mib_process_group, &mib_mount_group};

    for (size_t g = 0; g < 2; g++)
        for (size_t i = 0; i < groups[g]->count; i++) {
            const struct mib_child *ch = &groups[g]->children[i];

            assert_non_null(ch->name);
            assert_true(ch->table != NULL || ch->get != NULL);
        }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_process_columns),
        cmocka_unit_test(test_mount_columns),
        cmocka_unit_test(test_watch_columns),
        cmocka_unit_test(test_scalars_named),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
