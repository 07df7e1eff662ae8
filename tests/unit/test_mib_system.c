/*
 * test_mib_system.c - sysinfoSystem scalars from a hand-built snapshot:
 * live uptime, DateAndTime boot time, load, counts, unknown fields.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "mib.h"
#include "mib_system.h"
#include "mib_view.h"
#include "proc_snapshot.h"
#include "sysinfo_oids.h"

static struct proc_snapshot *fixture(void)
{
    struct proc_snapshot *s = calloc(1, sizeof(*s));

    assert_non_null(s);
    s->sys_ok = 1;
    s->procs_ok = 1;
    s->sys.boot_time = 1700000000; /* 2023-11-14 22:13:20 UTC */
    /* 600 days: past the 497 days where TimeTicks would wrap */
    s->sys.uptime_cs = 600ull * 86400 * 100;
    s->sys.cpu_count = 3;
    s->sys.word_bits = 64;
    s->sys.load_x100[0] = 52;
    s->sys.load_x100[1] = 105;
    s->sys.load_x100[2] = 1200;
    assert_int_equal(col_bytes_set(&s->sys.sysname, "Linux", 5), 0);
    assert_int_equal(col_bytes_set(&s->sys.machine, "x86_64", 6), 0);
    s->procs.count = 0;
    s->thread_total = 4242;
    s->taken_mono_ms = 10000;
    return s;
}

static int scalar(const struct mib_view *view, uint32_t id, struct mib_value *v)
{
    uint32_t sub[2] = {id, 0};

    return mib_get(&mib_system_group, view, sub, 2, v) == MIB_FOUND;
}

static void test_values(void **state)
{
    struct proc_snapshot *s = fixture();
    struct mib_view view = {.procs = s, .now_mono_ms = 12500};
    struct mib_value v;
    const uint8_t *b;

    assert_true(scalar(&view, SIA_SYS_UPTIME, &v));
    assert_int_equal(v.type, MIB_COUNTER64);
    /* the snapshot's uptime plus 2.5 s since it was taken */
    assert_true(v.u == 600ull * 86400 * 100 + 250);
    assert_true(scalar(&view, SIA_SYS_BOOT_TIME, &v));
    b = v.bytes;
    assert_int_equal(v.len, 11);
    assert_int_equal((b[0] << 8) | b[1], 2023);
    assert_int_equal(b[2], 11);
    assert_int_equal(b[3], 14);
    assert_int_equal(b[4], 22);
    assert_int_equal(b[5], 13);
    assert_int_equal(b[6], 20);
    assert_int_equal(b[8], '+');
    assert_true(scalar(&view, SIA_SYS_BOOT_TIME_UNIX, &v));
    assert_true(v.u == 1700000000u);
    assert_true(scalar(&view, SIA_SYS_LOAD15, &v));
    assert_int_equal(v.type, MIB_GAUGE);
    assert_int_equal(v.u, 1200);
    assert_true(scalar(&view, SIA_SYS_THREAD_COUNT, &v));
    assert_int_equal(v.u, 4242);
    assert_true(scalar(&view, SIA_SYS_MACHINE, &v));
    assert_int_equal(v.len, 6);
    assert_memory_equal(v.bytes, "x86_64", 6);
    proc_snapshot_free(s);
}

static void test_unknown_fields(void **state)
{
    struct proc_snapshot *s = fixture();
    struct mib_view view = {.procs = s, .now_mono_ms = 12500};
    struct mib_value v;

    s->sys.missing = SYS_F_LOADAVG | SYS_F_BOOT_TIME;
    assert_false(scalar(&view, SIA_SYS_LOAD1, &v));
    assert_false(scalar(&view, SIA_SYS_BOOT_TIME, &v));
    assert_false(scalar(&view, SIA_SYS_BOOT_TIME_UNIX, &v));
    assert_true(scalar(&view, SIA_SYS_UPTIME, &v));
    assert_true(scalar(&view, SIA_SYS_CPU_COUNT, &v));
    /* a failed process scan: no counts, rather than 0 */
    s->procs_ok = 0;
    assert_false(scalar(&view, SIA_SYS_PROCESS_COUNT, &v));
    assert_false(scalar(&view, SIA_SYS_THREAD_COUNT, &v));
    proc_snapshot_free(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_values),
        cmocka_unit_test(test_unknown_fields),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
