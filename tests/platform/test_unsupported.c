/*
 * test_unsupported.c - the collector for systems without one opens,
 * answers every query with COL_ERR_UNSUPPORTED and closes cleanly.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "collector.h"

static void test_everything_unsupported(void **state)
{
    struct collector_options opt = {.proc_root = "/proc", .args_max = 64};
    struct collector *c = NULL;
    struct sys_info sys = {0};
    struct proc_list procs = {0};
    struct mount_list mounts = {0};
    struct fs_usage usage;
    int err = 0;

    assert_int_equal(collector_open(&opt, &c), COL_OK);
    assert_non_null(c);
    assert_int_equal(collector_system(c, &sys), COL_ERR_UNSUPPORTED);
    assert_int_equal(collector_processes(c, &procs), COL_ERR_UNSUPPORTED);
    assert_int_equal(procs.count, 0);
    assert_int_equal(collector_mounts(c, &mounts), COL_ERR_UNSUPPORTED);
    assert_int_equal(collector_signal(c, 2, 0, 0), COL_ERR_UNSUPPORTED);
    assert_int_equal(collector_fs_usage("/", &usage, &err),
                     COL_ERR_UNSUPPORTED);
    assert_string_equal(col_status_str(COL_ERR_UNSUPPORTED),
                        "not supported on this system");
    collector_close(c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_everything_unsupported),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
