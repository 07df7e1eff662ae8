/*
 * test_system_fixture.c - collector_system() over fixture roots
 * (tests/fixtures/linux/procs and system_partial), an empty root, and the
 * real /proc.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "collector.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

#define assert_bytes_str(b, s)                                                 \
    do {                                                                       \
        assert_non_null((b).ptr);                                              \
        assert_int_equal((b).len, strlen(s));                                  \
        assert_memory_equal((b).ptr, s, strlen(s));                            \
    } while (0)

static enum col_status system_of(const char *root, struct sys_info *out)
{
    struct collector_options opt = {.proc_root = root, .args_max = 4096};
    struct collector *c;
    enum col_status st = collector_open(&opt, &c);

    assert_int_equal(st, COL_OK);
    st = collector_system(c, out);
    collector_close(c);
    return st;
}

static void test_full_fixture(void **state)
{
    struct sys_info s;
    struct utsname u;

    assert_int_equal(uname(&u), 0);
    assert_int_equal(system_of(SIA_FIXTURES "/linux/procs", &s), COL_OK);
    assert_int_equal(s.missing, 0);
    assert_int_equal(s.boot_time, 1700000000);
    assert_int_equal(s.uptime_cs, 58640);
    assert_bytes_str(s.sysname, "Linux");
    assert_bytes_str(s.nodename, "fixture-host");
    assert_bytes_str(s.release, "6.1.0-fixture");
    assert_bytes_str(s.version, "#1 SMP PREEMPT_DYNAMIC fixture");
    /* no file for it under a root: always the agent's own uname */
    assert_bytes_str(s.machine, u.machine);
    assert_int_equal(s.word_bits, sizeof(void *) * 8);
    assert_int_equal(s.cpu_count, 3); /* cpu0..cpu2, not sysconf's */
    assert_int_equal(s.load_x100[0], 52);
    assert_int_equal(s.load_x100[1], 105);
    assert_int_equal(s.load_x100[2], 1200);
    sys_info_free(&s);
    assert_null(s.sysname.ptr);
}

static void test_partial_fixture(void **state)
{
    struct sys_info s;
    struct utsname u;

    assert_int_equal(uname(&u), 0);
    assert_int_equal(system_of(SIA_FIXTURES "/linux/system_partial", &s),
                     COL_OK);
    /* no btime, garbage loadavg; uname strings fall back per file */
    assert_int_equal(s.missing, SYS_F_BOOT_TIME | SYS_F_LOADAVG);
    assert_int_equal(s.uptime_cs, 1250);
    assert_bytes_str(s.nodename, "partial-host");
    assert_bytes_str(s.sysname, u.sysname);
    assert_bytes_str(s.release, u.release);
    assert_bytes_str(s.version, u.version);
    /* no cpuN lines: sysconf */
    assert_int_equal(s.cpu_count, sysconf(_SC_NPROCESSORS_ONLN));
    sys_info_free(&s);
}

/* Nothing under the root: an error, not a row of uname() values. */
static void test_empty_root(void **state)
{
    char root[] = "/tmp/sia-sys-XXXXXX";
    struct sys_info s;

    assert_non_null(mkdtemp(root));
    assert_int_equal(system_of(root, &s), COL_ERR_IO);
    assert_null(s.sysname.ptr);
    assert_null(s.machine.ptr);
    assert_int_equal(rmdir(root), 0);
}

static void test_real_proc(void **state)
{
    struct sys_info s;
    struct utsname u;
    int64_t now = (int64_t)time(NULL);
    int64_t up_s;

    assert_int_equal(uname(&u), 0);
    assert_int_equal(system_of("/proc", &s), COL_OK);
    assert_int_equal(s.missing, 0);
    assert_bytes_str(s.sysname, u.sysname);
    assert_bytes_str(s.nodename, u.nodename);
    assert_bytes_str(s.release, u.release);
    assert_bytes_str(s.version, u.version);
    assert_bytes_str(s.machine, u.machine);
    assert_int_equal(s.cpu_count, sysconf(_SC_NPROCESSORS_ONLN));
    /* boot time + uptime is now, give or take the clock's rounding
     * and a suspended machine's lost time */
    up_s = (int64_t)(s.uptime_cs / 100);
    assert_true(s.boot_time + up_s <= now + 2);
    assert_true(s.boot_time + up_s >= now - 120);
    assert_true(s.uptime_cs > 0);
    sys_info_free(&s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_full_fixture),
        cmocka_unit_test(test_partial_fixture),
        cmocka_unit_test(test_empty_root),
        cmocka_unit_test(test_real_proc),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
