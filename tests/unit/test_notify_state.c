/*
 * test_notify_state.c - which notifications to send: transitions only,
 * start-up, the minimum interval, unknown states, rounds and reloads.
 * Times are passed in, never read: nothing here depends on the clock.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "notify_state.h"

enum { OK = 1, TOO_FEW = 2, TOO_MANY = 3, UNKNOWN = 5 };

static struct notify_state *ns;

static int setup(void **state)
{
    ns = notify_state_new();
    return ns == NULL;
}

static int teardown(void **state)
{
    notify_state_free(ns);
    ns = NULL;
    return 0;
}

static enum notify_class class_of(int st)
{
    return st == OK ? NOTIFY_GOOD : st == UNKNOWN ? NOTIFY_NONE : NOTIFY_BAD;
}

/* Observes watch `name` in state st at time t (interval 60 s); returns
 * whether to send, and checks the event's fields. */
static int see(const char *name, int st, uint64_t t)
{
    struct notify_event ev;

    assert_int_equal(
        notify_observe(ns, name, strlen(name), st, class_of(st), t, 60000, &ev),
        0);
    assert_int_equal(ev.state, st);
    return ev.send;
}

static void test_start_up(void **state)
{
    assert_false(see("nginx", OK, 0));    /* fine at start-up: silent */
    assert_true(see("cron", TOO_FEW, 0)); /* first bad state: sent */
    notify_round_end(ns);
    assert_false(see("nginx", OK, 1000));     /* still fine: nothing */
    assert_false(see("cron", TOO_FEW, 1000)); /* still bad: no repeat */
    notify_round_end(ns);
    assert_int_equal(notify_state_count(ns), 2);
}

static void test_transitions(void **state)
{
    struct notify_event ev;

    assert_false(see("w", OK, 0));
    /* the first change after a silent start is not held by the interval */
    assert_int_equal(
        notify_observe(ns, "w", 1, TOO_FEW, NOTIFY_BAD, 1, 60000, &ev), 0);
    assert_true(ev.send);
    assert_true(ev.have_prev);
    assert_int_equal(ev.prev_state, OK);
    assert_int_equal(ev.state, TOO_FEW);
    /* one problem to another is a change: sent (after the interval) */
    assert_false(see("w", TOO_MANY, 30000));
    assert_true(see("w", TOO_MANY, 60001));
    assert_int_equal(
        notify_observe(ns, "w", 1, OK, NOTIFY_GOOD, 200000, 60000, &ev), 0);
    assert_true(ev.send);
    assert_int_equal(ev.prev_state, TOO_MANY);
    assert_int_equal(ev.state, OK);
}

/* A flapping object: one notification per interval at most, held
 * changes sent when the interval is over, a flap that came back to the
 * last sent state never sent. */
static void test_min_interval(void **state)
{
    assert_true(see("f", TOO_FEW, 0));
    assert_false(see("f", OK, 10000));      /* held */
    assert_false(see("f", OK, 59999));      /* still held */
    assert_true(see("f", OK, 60000));       /* interval over: sent */
    assert_false(see("f", TOO_FEW, 70000)); /* held */
    assert_false(see("f", OK, 80000));      /* back to what was sent */
    assert_false(see("f", OK, 200000));     /* nothing to say, ever */
    assert_true(see("f", TOO_FEW, 200001)); /* long after: sent at once */

    /* interval 0: every change is sent */
    struct notify_event ev;
    for (int i = 0; i < 4; i++) {
        int st = i % 2 ? OK : TOO_MANY;
        assert_int_equal(
            notify_observe(ns, "z", 1, st, class_of(st), 5, 0, &ev), 0);
        assert_int_equal(ev.send, 1);
    }
}

static void test_unknown_ignored(void **state)
{
    assert_false(see("u", UNKNOWN, 0));      /* no judgement: no baseline */
    assert_true(see("u", TOO_FEW, 1));       /* so this is the first: sent */
    assert_false(see("u", UNKNOWN, 2));      /* unknown: nothing, state kept */
    assert_false(see("u", TOO_FEW, 100000)); /* same as before unknown */
    assert_false(see("v", UNKNOWN, 0));
    assert_false(see("v", OK, 1)); /* first judgement, fine: silent */
    notify_round_end(ns);
    assert_int_equal(notify_state_count(ns), 2);
    assert_false(see("u", UNKNOWN, 200000)); /* keeps it alive */
    notify_round_end(ns);
    assert_int_equal(notify_state_count(ns), 1);
}

/* A reload that removes, keeps and adds watches: kept ones keep their
 * state, so nothing spurious is sent; added ones start afresh; removed
 * ones are forgotten at the end of the round. */
static void test_reload(void **state)
{
    assert_true(see("a", TOO_FEW, 0));
    assert_false(see("b", OK, 0));
    assert_false(see("c", OK, 0));
    notify_round_end(ns);
    /* reload: b removed, d (bad) and e (fine) added */
    assert_false(see("a", TOO_FEW, 5000));
    assert_false(see("c", OK, 5000));
    assert_true(see("d", TOO_MANY, 5000));
    assert_false(see("e", OK, 5000));
    notify_round_end(ns);
    assert_int_equal(notify_state_count(ns), 4);
    /* b comes back later: new again, and bad, so sent */
    assert_true(see("b", TOO_FEW, 9000));
}

/* Keys are bytes: mount indexes as 4 binary bytes, names with a NUL. */
static void test_binary_keys(void **state)
{
    struct notify_event ev;
    uint32_t idx[1000];

    for (uint32_t i = 0; i < 1000; i++)
        idx[i] = (i * 2654435761u) & 0x7fffffffu; /* scattered order */
    for (int round = 0; round < 2; round++) {
        for (size_t i = 0; i < 1000; i++) {
            int st = i == 7 ? 3 : 1; /* one critical mount */
            assert_int_equal(notify_observe(ns, &idx[i], sizeof(idx[i]), st,
                                            st == 1 ? NOTIFY_GOOD : NOTIFY_BAD,
                                            (uint64_t)round * 1000, 60000, &ev),
                             0);
            assert_int_equal(ev.send, round == 0 && i == 7);
        }
        notify_round_end(ns);
        assert_int_equal(notify_state_count(ns), 1000);
    }
    assert_int_equal(notify_observe(ns, "a\0", 2, 2, NOTIFY_BAD, 0, 0, &ev), 0);
    assert_true(ev.send);
    assert_int_equal(notify_observe(ns, "a", 1, 2, NOTIFY_BAD, 0, 0, &ev), 0);
    assert_true(ev.send); /* another object */
    assert_int_equal(notify_observe(ns, "", 0, 2, NOTIFY_BAD, 0, 0, &ev), 0);
    assert_true(ev.send);
    assert_int_equal(notify_state_count(ns), 1003);
}

static void test_free_null(void **state)
{
    notify_state_free(NULL);
    assert_int_equal(notify_state_count(NULL), 0);
}

int main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
    const struct CMUnitTest tests[] = {
        T(test_start_up),        T(test_transitions), T(test_min_interval),
        T(test_unknown_ignored), T(test_reload),      T(test_binary_keys),
        T(test_free_null),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
