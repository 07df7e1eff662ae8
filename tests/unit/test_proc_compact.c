/*
 * test_proc_compact.c - interning a process list's strings keeps every
 * byte of every row (embedded NULs, empty and absent strings), stores
 * equal strings once, and shrinks the row array to its length.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "collector.h"
#include "proc_compact.h"

static void set(struct col_bytes *b, const char *s, size_t len)
{
    assert_int_equal(col_bytes_set(b, s, len), 0);
}

static void assert_bytes(const struct col_bytes *b, const char *s, size_t len)
{
    assert_int_equal(b->len, len);
    assert_non_null(b->ptr);
    assert_memory_equal(b->ptr, s, len);
    assert_int_equal(b->ptr[len], '\0');
}

static void test_interned(void **state)
{
    struct proc_list l = {
        .rows = calloc(8, sizeof(struct proc_row)), .count = 3, .cap = 8};
    char *block;

    assert_non_null(l.rows);
    for (int i = 0; i < 3; i++) {
        struct proc_row *r = &l.rows[i];

        r->pid = 10 + i;
        set(&r->name, "java", 4);
        set(&r->exe, "/usr/bin/java", 13);
        set(&r->args, i == 2 ? "a\0b" : "-jar x.jar", i == 2 ? 3 : 10);
        set(&r->tty, "", 0);
        set(&r->cgroup, "/system.slice/app.service", 25);
        /* cwd of row 1 left absent (NULL) */
        if (i != 1)
            set(&r->cwd, "/", 1);
    }
    block = proc_compact(&l);
    assert_non_null(block);
    assert_int_equal(l.cap, 3);
    for (int i = 0; i < 3; i++) {
        struct proc_row *r = &l.rows[i];

        assert_int_equal(r->pid, 10 + i);
        assert_bytes(&r->name, "java", 4);
        assert_bytes(&r->exe, "/usr/bin/java", 13);
        assert_bytes(&r->args, i == 2 ? "a\0b" : "-jar x.jar", i == 2 ? 3 : 10);
        assert_bytes(&r->tty, "", 0);
        assert_bytes(&r->cgroup, "/system.slice/app.service", 25);
        assert_bytes(&r->cwd, i == 1 ? "" : "/", i == 1 ? 0 : 1);
        /* equal strings are stored once */
        assert_ptr_equal(r->exe.ptr, l.rows[0].exe.ptr);
        assert_ptr_equal(r->cgroup.ptr, l.rows[0].cgroup.ptr);
    }
    assert_ptr_equal(l.rows[1].args.ptr, l.rows[0].args.ptr);
    assert_ptr_not_equal(l.rows[2].args.ptr, l.rows[0].args.ptr);
    assert_ptr_equal(l.rows[1].cwd.ptr, l.rows[0].tty.ptr); /* both "" */
    free(l.rows);
    free(block);
}

static void test_empty_list(void **state)
{
    struct proc_list l = {0};
    char *block = proc_compact(&l);

    assert_non_null(block);
    free(block);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_interned),
        cmocka_unit_test(test_empty_list),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
