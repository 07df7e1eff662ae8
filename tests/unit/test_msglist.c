/*
 * test_msglist.c - messages from the worker threads: bounded, and a
 * problem that persists across scans is logged once, again only after it
 * went away and came back.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <syslog.h>

#include <cmocka.h>

#include "msglist.h"

struct seen {
    char text[256];
    int count;
};

static void record(const struct msg *m, void *ctx)
{
    struct seen *s = ctx;

    snprintf(s->text + strlen(s->text), sizeof(s->text) - strlen(s->text),
             "%s;", m->text);
    s->count++;
}

static void scan(struct msgmemo *memo, struct seen *s, const char *a,
                 const char *b)
{
    struct msglist l = {0};

    if (a)
        msglist_add(&l, LOG_ERR, "%s", a);
    if (b)
        msglist_add(&l, LOG_WARNING, "%s", b);
    memset(s, 0, sizeof(*s));
    msgmemo_filter(memo, &l, record, s);
    msglist_free(&l);
}

static void test_repeats_logged_once(void **state)
{
    struct msgmemo memo = {0};
    struct seen s;

    scan(&memo, &s, "stuck /mnt/nfs", NULL);
    assert_string_equal(s.text, "stuck /mnt/nfs;");
    scan(&memo, &s, "stuck /mnt/nfs", NULL); /* still stuck: quiet */
    assert_int_equal(s.count, 0);
    scan(&memo, &s, "stuck /mnt/nfs", "2 bad lines");
    assert_string_equal(s.text, "2 bad lines;");
    scan(&memo, &s, NULL, "2 bad lines"); /* nfs recovered */
    assert_int_equal(s.count, 0);
    scan(&memo, &s, "stuck /mnt/nfs", "3 bad lines"); /* back, changed */
    assert_string_equal(s.text, "stuck /mnt/nfs;3 bad lines;");
    scan(&memo, &s, NULL, NULL);
    assert_int_equal(memo.count, 0);
    msgmemo_free(&memo);
}

static void test_list_is_bounded(void **state)
{
    struct msglist l = {0};

    for (int i = 0; i < MSGLIST_MAX + 5; i++)
        msglist_add(&l, LOG_ERR, "message %d", i);
    assert_int_equal(l.count, MSGLIST_MAX);
    assert_int_equal(l.dropped, 5);
    assert_string_equal(l.items[3].text, "message 3");
    msglist_free(&l);
    assert_int_equal(l.count, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_repeats_logged_once),
        cmocka_unit_test(test_list_is_bounded),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
