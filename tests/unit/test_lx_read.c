/*
 * test_lx_read.c - the Linux collector's file reader on the real procfs:
 * lx_read_proc (no type check, a short read is the end) must return
 * exactly what a read-until-zero loop returns, for files longer than one
 * read and one page, and cut at `max` as lx_read_at does.
 */
#include "../../platform/linux/linux_internal.h"

#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#define LONG_ARG 20000 /* five pages of argument */

/* The whole file, read until read() says 0. */
static char *slurp(int dirfd, const char *name, size_t *len)
{
    int fd = openat(dirfd, name, O_RDONLY | O_CLOEXEC);
    size_t cap = 1 << 16, n = 0;
    char *p = malloc(cap);
    ssize_t r;

    assert_true(fd >= 0);
    assert_non_null(p);
    while ((r = read(fd, p + n, cap - n)) > 0) {
        n += (size_t)r;
        if (n == cap) {
            cap *= 2;
            p = realloc(p, cap);
            assert_non_null(p);
        }
    }
    close(fd);
    *len = n;
    return p;
}

/* A child whose command line is `sh -c 'sleep 30; :' sh <LONG_ARG x 'a'>`
 * (the shell stays, waiting for sleep). */
static pid_t spawn_long(void)
{
    static char arg[LONG_ARG + 1];
    pid_t pid;

    memset(arg, 'a', LONG_ARG);
    pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        setpgid(0, 0); /* killed with its sleep as a group */
        execlp("sh", "sh", "-c", "sleep 30; :", "sh", arg, (char *)NULL);
        _exit(127);
    }
    return pid;
}

static int open_pid_dir(pid_t pid)
{
    char path[64];

    snprintf(path, sizeof(path), "/proc/%d", (int)pid);
    return open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
}

/* Waits until the child has exec'd (its cmdline is the long one). */
static void wait_exec(int dfd)
{
    for (int i = 0; i < 500; i++) {
        size_t n;
        char *p = slurp(dfd, "cmdline", &n);

        free(p);
        if (n > LONG_ARG)
            return;
        usleep(10000);
    }
    fail_msg("the child never exec'd");
}

static void test_long_cmdline_whole(void **state)
{
    pid_t pid = spawn_long();
    int dfd = open_pid_dir(pid);
    struct lx_buf b = {0};
    size_t n;
    char *want;
    int cut = -1;

    (void)state;
    assert_true(dfd >= 0);
    wait_exec(dfd);
    want = slurp(dfd, "cmdline", &n);
    assert_int_equal(n, sizeof("sh") + sizeof("-c") + sizeof("sleep 30; :") +
                            sizeof("sh") + LONG_ARG + 1);
    assert_int_equal(lx_read_proc(dfd, "cmdline", &b, LONG_ARG * 2, &cut), 0);
    assert_int_equal(b.len, n);
    assert_memory_equal(b.data, want, n);
    assert_int_equal(cut, 0);
    assert_int_equal(b.data[b.len], '\0');

    /* cut at max, as lx_read_at cuts */
    assert_int_equal(lx_read_proc(dfd, "cmdline", &b, 100, &cut), 0);
    assert_int_equal(b.len, 100);
    assert_memory_equal(b.data, want, 100);
    assert_int_equal(cut, 1);
    assert_int_equal(lx_read_at(dfd, "cmdline", &b, 100, &cut), 0);
    assert_int_equal(b.len, 100);
    assert_int_equal(cut, 1);

    free(want);
    lx_buf_free(&b);
    close(dfd);
    kill(-pid, SIGKILL);
    waitpid(pid, NULL, 0);
}

/* Files that do not change between two reads, several KB long. */
static void test_stable_files_match(void **state)
{
    static const char *const names[] = {"mountinfo", "cgroup", "environ",
                                        "limits"};
    int dfd = open("/proc/self", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    struct lx_buf b = {0};

    (void)state;
    assert_true(dfd >= 0);
    for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
        size_t n;
        char *want = slurp(dfd, names[i], &n);

        assert_int_equal(lx_read_proc(dfd, names[i], &b, 0, NULL), 0);
        if (b.len != n || memcmp(b.data, want, n) != 0)
            fail_msg("%s: %zu bytes, a read-until-0 loop gave %zu", names[i],
                     b.len, n);
        free(want);
    }
    lx_buf_free(&b);
    close(dfd);
}

static void test_gone_file(void **state)
{
    int dfd = open("/proc/self", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    struct lx_buf b = {0};

    (void)state;
    assert_int_equal(lx_read_proc(dfd, "no-such-file", &b, 0, NULL), -1);
    assert_int_equal(errno, ENOENT);
    lx_buf_free(&b);
    close(dfd);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_long_cmdline_whole),
        cmocka_unit_test(test_stable_files_match),
        cmocka_unit_test(test_gone_file),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
