/*
 * test_collector_contract.c - what every collector must do, whatever the
 * OS (platform/collector.h).  Built against each collector this machine
 * can build: the Linux one (run on the live /proc and on the fixture
 * tree: argv[1] is the root) and the unsupported one.
 *
 * The contract: a call answers a status of enum col_status; a failed
 * call leaves its list empty; rows come sorted; a byte string is either
 * no value (NULL) or NUL-terminated at its length; a field whose missing
 * bit is clear has a value; lists and collectors free cleanly (twice,
 * and NULL); a signal to a process that does not exist is never sent.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "collector.h"

static const char *root = "/proc";

static void status_ok_or_failure(enum col_status st)
{
    assert_true(st >= COL_OK && st <= COL_ERR_UNSUPPORTED);
    assert_non_null(col_status_str(st));
    assert_true(strlen(col_status_str(st)) > 0);
}

static void bytes_ok(const struct col_bytes *b, int must_have)
{
    if (b->ptr == NULL) {
        assert_false(must_have);
        return;
    }
    assert_int_equal(b->ptr[b->len], '\0');
}

static struct collector *open_collector(void)
{
    struct collector_options opt = {.proc_root = root, .args_max = 4096};
    struct collector *c = (struct collector *)&opt; /* must be reset */
    enum col_status st = collector_open(&opt, &c);

    status_ok_or_failure(st);
    if (st != COL_OK) {
        assert_null(c);
        return NULL;
    }
    assert_non_null(c);
    return c;
}

static void test_open_close(void **state)
{
    struct collector_options bad = {.proc_root = "/nonexistent/sia-root"};
    struct collector *c = open_collector();

    collector_close(c);
    collector_close(NULL);
    c = NULL;
    status_ok_or_failure(collector_open(&bad, &c));
    collector_close(c);
}

static void test_system(void **state)
{
    struct collector *c = open_collector();
    struct sys_info sys;
    enum col_status st;

    memset(&sys, 0, sizeof(sys));
    if (c == NULL)
        skip();
    st = collector_system(c, &sys);
    status_ok_or_failure(st);
    if (st == COL_OK) {
        int uname = !(sys.missing & SYS_F_UNAME);

        assert_true(sys.word_bits == 32 || sys.word_bits == 64);
        bytes_ok(&sys.sysname, uname);
        bytes_ok(&sys.nodename, uname);
        bytes_ok(&sys.release, uname);
        bytes_ok(&sys.version, uname);
        bytes_ok(&sys.machine, uname);
        if (!(sys.missing & SYS_F_CPU_COUNT))
            assert_true(sys.cpu_count >= 1);
    }
    sys_info_free(&sys);
    sys_info_free(&sys);
    collector_close(c);
}

static void row_ok(const struct proc_row *r)
{
    uint64_t m = r->missing;

    assert_true(r->pid > 0);
    bytes_ok(&r->name, !(m & PROC_F_NAME));
    bytes_ok(&r->exe, !(m & PROC_F_EXE));
    bytes_ok(&r->args, !(m & PROC_F_ARGS));
    bytes_ok(&r->tty, !(m & PROC_F_TTY));
    bytes_ok(&r->cgroup, !(m & PROC_F_CGROUP));
    bytes_ok(&r->cwd, !(m & PROC_F_CWD));
    if (!(m & PROC_F_STATE))
        assert_true(r->state >= PROC_STATE_RUNNING &&
                    r->state <= PROC_STATE_OTHER);
    if (!(m & PROC_F_ARGS))
        assert_true(r->args_truncated <= 1);
}

static void test_processes(void **state)
{
    struct collector *c = open_collector();
    struct proc_list l = {0};
    enum col_status st;

    if (c == NULL)
        skip();
    st = collector_processes(c, &l);
    status_ok_or_failure(st);
    if (st != COL_OK)
        assert_int_equal(l.count, 0);
    assert_true(l.count <= l.cap || l.count == 0);
    for (size_t i = 0; i < l.count; i++) {
        row_ok(&l.rows[i]);
        if (i > 0)
            assert_true(l.rows[i - 1].pid < l.rows[i].pid);
    }
    /* never sent: no such process (pid_max is at most 2^22) */
    assert_int_not_equal(collector_signal(c, INT32_MAX, 0, 0), COL_OK);
    proc_list_free(&l);
    proc_list_free(&l);
    collector_close(c);
}

static void test_mounts(void **state)
{
    struct collector *c = open_collector();
    struct mount_list l = {0};
    struct fs_usage u;
    int err = 0;
    enum col_status st;

    if (c == NULL)
        skip();
    st = collector_mounts(c, &l);
    status_ok_or_failure(st);
    if (st != COL_OK)
        assert_int_equal(l.count, 0);
    for (size_t i = 0; i < l.count; i++) {
        const struct mount_row *r = &l.rows[i];

        bytes_ok(&r->mount_point, 1);
        bytes_ok(&r->fstype, 1);
        bytes_ok(&r->device, 1);
        bytes_ok(&r->options, 1);
        bytes_ok(&r->root, 1);
        assert_true(r->mount_point.len > 0);
        assert_true(r->read_only <= 1 && r->remote <= 1 && r->pseudo <= 1);
    }
    if (l.skipped > 0)
        assert_non_null(l.first_skip_reason);
    mount_list_free(&l);
    mount_list_free(&l);
    st = collector_fs_usage("/", &u, &err);
    status_ok_or_failure(st);
    if (st == COL_OK)
        assert_true(u.free_bytes <= u.size_bytes && u.inodes_free <= u.inodes);
    collector_close(c);
}

int main(int argc, char **argv)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_open_close),
        cmocka_unit_test(test_system),
        cmocka_unit_test(test_processes),
        cmocka_unit_test(test_mounts),
    };

    if (argc > 1)
        root = argv[1];
    return cmocka_run_group_tests(tests, NULL, NULL);
}
