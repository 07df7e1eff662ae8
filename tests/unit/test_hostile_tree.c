/*
 * test_hostile_tree.c - a --proc-root tree with FIFOs, /dev/zero and
 * device nodes where kernel files should be (issue 11, defect 8): every
 * read is refused or capped, nothing blocks, memory stays bounded, and
 * the fields become unknown (never 0).  Also a statm whose size in bytes
 * overflows 64 bits (defect 9): unknown, not wrapped.
 *
 * Before the fix the FIFO reads blocked for ever (the test then hits
 * ctest's timeout) and /dev/zero grew the buffer without limit.
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
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

static char g_root[64];

static void run(const char *cmd)
{
    int rc = system(cmd);

    if (rc != 0)
        fail_msg("command failed (%d): %s", rc, cmd);
}

static void at(char *out, size_t n, const char *rel)
{
    snprintf(out, n, "%s/%s", g_root, rel);
}

static void fifo(const char *rel)
{
    char p[256];

    at(p, sizeof(p), rel);
    assert_int_equal(mkfifo(p, 0644), 0);
}

static void zero_link(const char *rel)
{
    char p[256];

    at(p, sizeof(p), rel);
    assert_int_equal(symlink("/dev/zero", p), 0);
}

/* A character device node like /dev/zero (1:5), made in the tree itself
 * when we may (root); a symlink to /dev/zero otherwise. */
static void zero_node(const char *rel)
{
    char p[256];

    at(p, sizeof(p), rel);
    if (mknod(p, S_IFCHR | 0644, makedev(1, 5)) != 0)
        zero_link(rel);
}

static int setup(void **state)
{
    char cmd[1024];

    (void)state;
    snprintf(g_root, sizeof(g_root), "/tmp/test_hostile.XXXXXX");
    assert_non_null(mkdtemp(g_root));
    /* pid 42 and the top-level stat from the fixture tree, then the
     * files replaced by FIFOs and endless devices. */
    snprintf(
        cmd, sizeof(cmd),
        "cp %s/linux/procs/stat %s/ && cp -r %s/linux/procs/42 %s/ && "
        "cp -r %s/linux/procs/42 %s/43 && cp -r %s/linux/procs/42 %s/44 && "
        "mkdir -p %s/self",
        SIA_FIXTURES, g_root, SIA_FIXTURES, g_root, SIA_FIXTURES, g_root,
        SIA_FIXTURES, g_root, g_root);
    run(cmd);
    snprintf(cmd, sizeof(cmd),
             "cd %s && rm 42/cmdline 42/statm 42/status "
             "42/io 43/stat",
             g_root);
    run(cmd);
    fifo("42/cmdline");
    zero_link("42/statm");
    fifo("42/status");
    zero_node("42/io");
    zero_node("43/stat");
    zero_link("self/mountinfo");
    /* statm pages whose byte count does not fit 64 bits (defect 9). */
    at(cmd, sizeof(cmd), "44/statm");
    FILE *f = fopen(cmd, "w");
    assert_non_null(f);
    fprintf(f, "18446744073709551615 1 1 0 0 0 0\n");
    assert_int_equal(fclose(f), 0);
    return 0;
}

static int teardown(void **state)
{
    char cmd[128];

    (void)state;
    snprintf(cmd, sizeof(cmd), "rm -rf %s", g_root);
    run(cmd);
    return 0;
}

static const struct proc_row *row_of(const struct proc_list *l, int32_t pid)
{
    for (size_t i = 0; i < l->count; i++)
        if (l->rows[i].pid == pid)
            return &l->rows[i];
    return NULL;
}

static void test_processes(void **state)
{
    struct collector_options o = {.proc_root = g_root, .args_max = 4096};
    struct collector *c = NULL;
    struct proc_list l;
    const struct proc_row *r;

    (void)state;
    assert_int_equal(collector_open(&o, &c), COL_OK);
    assert_int_equal(collector_processes(c, &l), COL_OK);
    r = row_of(&l, 42);
    assert_non_null(r);
    /* stat was a real file: those fields are there. */
    assert_int_equal(r->missing & PROC_F_STATE, 0);
    assert_non_null(r->name.ptr);
    /* The FIFOs and endless files: unknown, not 0, not blocked on. */
    assert_true(r->missing & PROC_F_ARGS);
    assert_true(r->missing & PROC_F_MEM);
    assert_true(r->missing & PROC_F_IDS);
    assert_true(r->missing & PROC_F_IO);
    /* An endless stat: the row's stat fields are all unknown. */
    r = row_of(&l, 43);
    assert_non_null(r);
    assert_true(r->missing & PROC_F_STATE);
    assert_true(r->missing & PROC_F_PPID);
    /* A size that overflows in bytes is unknown, not wrapped. */
    r = row_of(&l, 44);
    assert_non_null(r);
    assert_true(r->missing & PROC_F_MEM);
    proc_list_free(&l);
    collector_close(c);
}

static void test_mounts(void **state)
{
    struct collector_options o = {.proc_root = g_root, .args_max = 4096};
    struct collector *c = NULL;
    struct mount_list l;

    (void)state;
    assert_int_equal(collector_open(&o, &c), COL_OK);
    /* An endless mountinfo is an error, after a bounded read. */
    assert_int_equal(collector_mounts(c, &l), COL_ERR_IO);
    assert_int_equal(l.count, 0);
    mount_list_free(&l);
    collector_close(c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_processes),
        cmocka_unit_test(test_mounts),
    };

    return cmocka_run_group_tests(tests, setup, teardown);
}
