/*
 * test_mib_process.c - GET and GETNEXT over sysinfoProcesses against
 * expected OID -> value pairs, with a hand-built snapshot (no /proc, no
 * net-snmp): edge cases of walking a sparse table.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "mib.h"
#include "mib_process.h"
#include "mib_system.h"
#include "mib_mount.h"
#include "mib_view.h"
#include "proc_snapshot.h"
#include "sysinfo_oids.h"

static void set_bytes(struct col_bytes *b, const char *s)
{
    assert_int_equal(col_bytes_set(b, s, strlen(s)), 0);
}

/* Three processes: 1 (init), 42 (exe and io unreadable), 1000 (child of
 * 42, name with a space and a newline). */
static struct proc_snapshot *fixture(void)
{
    struct proc_snapshot *s = calloc(1, sizeof(*s));
    static const int32_t pids[] = {1, 42, 1000};
    static const int32_t ppids[] = {0, 1, 42};

    assert_non_null(s);
    s->procs_ok = 1;
    s->procs.count = s->procs.cap = 3;
    s->procs.rows = calloc(3, sizeof(struct proc_row));
    s->users = calloc(3, sizeof(char *));
    s->children = calloc(3, sizeof(uint32_t));
    for (int i = 0; i < 3; i++) {
        struct proc_row *r = &s->procs.rows[i];

        r->pid = pids[i];
        r->ppid = ppids[i];
        r->state = PROC_STATE_SLEEPING;
        r->rss_bytes = 5000000000ull * (uint64_t)(i + 1); /* > 2^32 */
        r->threads = (uint32_t)(i + 1);
        r->start_time_cs = 178000000000ull; /* 2026-05-27 */
        set_bytes(&r->name, i == 2 ? "my proc\nx" : "init");
        set_bytes(&r->exe, "/sbin/init");
        set_bytes(&r->args, "init splash");
        s->users[i] = "root";
    }
    s->procs.rows[1].missing = PROC_F_EXE | PROC_F_IO;
    col_bytes_free(&s->procs.rows[1].exe);
    s->children[0] = 1;
    s->children[1] = 1;
    s->taken_mono_ms = 1000;
    snapshot_extra_attach(&s->sparse, &mib_process_hook, s);
    assert_non_null(s->sparse.data);
    return s;
}

static struct mib_view view_of(const struct proc_snapshot *s)
{
    struct mib_view v = {
        .procs = s, .now_mono_ms = 3500, .cache_ttl_s = 5, .args_max = 4096};
    return v;
}

/* GETNEXT from `in` must land on `want` (NULL: end of the group). */
static void next_is(const struct mib_view *view, const uint32_t *in,
                    size_t inlen, const uint32_t *want, size_t wantlen)
{
    uint32_t out[MIB_MAX_SUB];
    size_t outlen = 0;
    struct mib_value v;
    enum mib_result r =
        mib_next(&mib_process_group, view, in, inlen, out, &outlen, &v);

    if (want == NULL) {
        assert_int_equal(r, MIB_END);
        return;
    }
    assert_int_equal(r, MIB_FOUND);
    assert_int_equal(outlen, wantlen);
    for (size_t i = 0; i < wantlen; i++)
        assert_int_equal(out[i], want[i]);
}

#define OIDS(...)  ((const uint32_t[]){__VA_ARGS__})
#define NOIDS(...) (sizeof((const uint32_t[]){__VA_ARGS__}) / sizeof(uint32_t))
#define NEXT(view, in, want)                                                   \
    next_is(view, OIDS in, NOIDS in, OIDS want, NOIDS want)

static void test_getnext_edges(void **state)
{
    struct proc_snapshot *s = fixture();
    struct mib_view view = view_of(s);

    next_is(&view, NULL, 0, OIDS(1, 1, 2, 1), 4); /* before everything */
    NEXT(&view, (0), (1, 1, 2, 1));
    NEXT(&view, (1), (1, 1, 2, 1));
    NEXT(&view, (1, 1), (1, 1, 2, 1));
    NEXT(&view, (1, 1, 0), (1, 1, 2, 1)); /* column before the first */
    /* column 1 (the pid) is the index: not-accessible, never served */
    NEXT(&view, (1, 1, 1, 500), (1, 1, 2, 1));
    NEXT(&view, (1, 1, 2), (1, 1, 2, 1));
    NEXT(&view, (1, 1, 2, 1), (1, 1, 2, 42));
    NEXT(&view, (1, 1, 2, 2), (1, 1, 2, 42));       /* between rows */
    NEXT(&view, (1, 1, 2, 1000), (1, 1, 3, 1));     /* last row: next column */
    NEXT(&view, (1, 1, 2, 42, 7), (1, 1, 2, 1000)); /* too-long index */
    NEXT(&view, (1, 1, 2, 4294967295u), (1, 1, 3, 1));
    /* exe of 42 is unknown: the walk skips it */
    NEXT(&view, (1, 1, SIA_PROC_EXE, 1), (1, 1, SIA_PROC_EXE, 1000));
    NEXT(&view, (1, 1, SIA_PROC_READ_BYTES, 0), (1, 1, SIA_PROC_READ_BYTES, 1));
    /* after the last cell of the table come the scalars */
    NEXT(&view, (1, 1, SIA_PROC_COL_MAX, 1000), (2, 0));
    NEXT(&view, (1, 1, SIA_PROC_COL_MAX + 1), (2, 0));
    NEXT(&view, (1, 2), (2, 0));
    NEXT(&view, (2), (2, 0));
    NEXT(&view, (2, 0), (3, 0));
    NEXT(&view, (3, 0, 5), (4, 0));
    next_is(&view, OIDS(4, 0), 2, NULL, 0);
    next_is(&view, OIDS(5), 1, NULL, 0);
    proc_snapshot_free(s);
}

static void get_is_missing(const struct mib_view *view, const uint32_t *in,
                           size_t len, enum mib_result want)
{
    struct mib_value v;

    assert_int_equal(mib_get(&mib_process_group, view, in, len, &v), want);
}

static void test_get_values(void **state)
{
    struct proc_snapshot *s = fixture();
    struct mib_view view = view_of(s);
    struct mib_value v;

    assert_int_equal(mib_get(&mib_process_group, &view,
                             OIDS(1, 1, SIA_PROC_RSS, 1000), 4, &v),
                     MIB_FOUND);
    assert_int_equal(v.type, MIB_COUNTER64);
    assert_true(v.u == 15000000000ull);
    assert_int_equal(mib_get(&mib_process_group, &view,
                             OIDS(1, 1, SIA_PROC_NAME, 1000), 4, &v),
                     MIB_FOUND);
    assert_int_equal(v.len, 9);
    assert_memory_equal(v.bytes, "my proc\nx", 9);
    assert_int_equal(mib_get(&mib_process_group, &view,
                             OIDS(1, 1, SIA_PROC_CHILDREN, 42), 4, &v),
                     MIB_FOUND);
    assert_int_equal(v.type, MIB_GAUGE);
    assert_int_equal(v.u, 1);
    /* snapshot age: now 3500 ms - taken 1000 ms = 250 hundredths */
    assert_int_equal(mib_get(&mib_process_group, &view, OIDS(2, 0), 2, &v),
                     MIB_FOUND);
    assert_int_equal(v.i, 250);
    assert_int_equal(mib_get(&mib_process_group, &view,
                             OIDS(1, 1, SIA_PROC_START_TIME, 1), 4, &v),
                     MIB_FOUND);
    assert_int_equal(v.len, 11);
    assert_int_equal((v.buf[0] << 8) | v.buf[1], 2026);
    get_is_missing(&view, OIDS(1, 1, SIA_PROC_EXE, 42), 4, MIB_NO_INSTANCE);
    get_is_missing(&view, OIDS(1, 1, SIA_PROC_NAME, 7), 4, MIB_NO_INSTANCE);
    get_is_missing(&view, OIDS(1, 1, SIA_PROC_NAME, 42, 1), 5, MIB_NO_INSTANCE);
    get_is_missing(&view, OIDS(1, 1, SIA_PROC_NAME), 3, MIB_NO_INSTANCE);
    get_is_missing(&view, OIDS(1, 1, 99, 42), 4, MIB_NO_OBJECT);
    get_is_missing(&view, OIDS(1, 1, SIA_PROC_PID, 42), 4, MIB_NO_OBJECT);
    get_is_missing(&view, OIDS(1, 2, 3, 42), 4, MIB_NO_OBJECT);
    get_is_missing(&view, OIDS(9, 0), 2, MIB_NO_OBJECT);
    get_is_missing(&view, OIDS(2, 1), 2, MIB_NO_INSTANCE);
    proc_snapshot_free(s);
}

static void test_unknown_bits(void **state)
{
    struct proc_snapshot *s = fixture();
    struct mib_view view = view_of(s);
    struct mib_value v;
    const uint8_t *b;

    assert_int_equal(mib_get(&mib_process_group, &view,
                             OIDS(1, 1, SIA_PROC_UNKNOWN, 42), 4, &v),
                     MIB_FOUND);
    b = v.bytes;
    assert_int_equal(v.len, SIA_PROC_COL_MAX / 8 + 1);
    /* bit 4 (exe), bits 23 and 24 (read/write bytes); nothing else */
    assert_int_equal(b[0], 0x80 >> 4);
    assert_int_equal(b[1], 0);
    assert_int_equal(b[2], 0x01); /* bit 23 */
    assert_int_equal(b[3], 0x80); /* bit 24 */
    assert_int_equal(b[4], 0);
    assert_int_equal(mib_get(&mib_process_group, &view,
                             OIDS(1, 1, SIA_PROC_UNKNOWN, 1), 4, &v),
                     MIB_FOUND);
    for (size_t i = 0; i < v.len; i++)
        assert_int_equal(((const uint8_t *)v.bytes)[i], 0);
    proc_snapshot_free(s);
}

static void test_empty_and_missing_snapshot(void **state)
{
    struct mib_view view = {.now_mono_ms = 10};
    uint32_t out[MIB_MAX_SUB];
    size_t outlen;
    struct mib_value v;

    /* no snapshot yet: the table is empty, the age unknown, the TTL known */
    assert_int_equal(
        mib_next(&mib_process_group, &view, NULL, 0, out, &outlen, &v),
        MIB_FOUND);
    assert_int_equal(out[0], SIA_PROCS_SNAPSHOT_TTL);
    assert_int_equal(
        mib_next(&mib_system_group, &view, NULL, 0, out, &outlen, &v),
        MIB_FOUND);
    assert_int_equal(out[0], SIA_SYS_AGENT_VERSION);
    assert_int_equal(
        mib_next(&mib_mount_group, &view, NULL, 0, out, &outlen, &v), MIB_END);
}

static void children_sorted(const struct mib_group *g)
{
    for (size_t i = 1; i < g->count; i++)
        assert_true(g->children[i - 1].id < g->children[i].id);
}

static void test_registered_oids_sorted(void **state)
{
    children_sorted(&mib_system_group);
    children_sorted(&mib_process_group);
    children_sorted(&mib_mount_group);
    assert_int_equal(mib_system_group.count, SIA_SYS_MAX);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_getnext_edges),
        cmocka_unit_test(test_get_values),
        cmocka_unit_test(test_unknown_bits),
        cmocka_unit_test(test_empty_and_missing_snapshot),
        cmocka_unit_test(test_registered_oids_sorted),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
