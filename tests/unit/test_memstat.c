/*
 * test_memstat.c - the agent's own figures (platform/memstat.h) move
 * with what the process does: a megabyte allocated shows in heap_used
 * and goes when freed; an opened descriptor shows in fds.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "memstat.h"

#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>

#define MB (1024 * 1024)

static void test_plausible(void **state)
{
    struct memstat m;

    memstat_read(&m);
    assert_true(m.heap_used > 0);
    assert_true(m.heap_total >= m.heap_used);
    assert_true(m.rss > 0);
    assert_true(m.fds >= 3); /* stdin, stdout, stderr */
}

static void test_heap_follows_malloc(void **state)
{
    struct memstat before, during, after;
    char *p;

    memstat_read(&before);
    p = malloc(MB);
    assert_non_null(p);
    memset(p, 1, MB);
    memstat_read(&during);
    free(p);
    memstat_read(&after);
    assert_true(during.heap_used - before.heap_used >= MB);
    assert_true(during.heap_used - after.heap_used >= MB);
}

static void test_fds_follow_open(void **state)
{
    struct memstat before, during, after;
    int fd;

    memstat_read(&before);
    fd = open("/dev/null", O_RDONLY | O_CLOEXEC);
    assert_true(fd >= 0);
    memstat_read(&during);
    close(fd);
    memstat_read(&after);
    assert_int_equal(during.fds, before.fds + 1);
    assert_int_equal(after.fds, before.fds);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_plausible),
        cmocka_unit_test(test_heap_follows_malloc),
        cmocka_unit_test(test_fds_follow_open),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
