/*
 * test_signal_policy.c - who may send which signal through
 * sysinfoProcessSignal: every verdict, with a hand-built snapshot.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "config.h"
#include "proc_snapshot.h"
#include "signal_policy.h"
#include "sysinfo_oids.h"

#include <signal.h>

static struct proc_snapshot *two_procs(void)
{
    struct proc_snapshot *s = calloc(1, sizeof(*s));

    s->procs_ok = 1;
    s->procs.count = s->procs.cap = 3;
    s->procs.rows = calloc(3, sizeof(struct proc_row));
    s->procs.rows[0].pid = 1;
    s->procs.rows[1].pid = 500;
    s->procs.rows[1].start_time_cs = 123456;
    s->procs.rows[2].pid = 777; /* the agent itself */
    return s;
}

static enum signal_verdict check(const struct config *cfg,
                                 const struct proc_snapshot *s, uint32_t col,
                                 uint32_t pid, int is_int, long value,
                                 struct signal_target *t)
{
    uint32_t sub[4] = {1, 1, col, pid};
    struct signal_request rq = {.sub = sub,
                                .len = 4,
                                .is_integer = is_int,
                                .value = value,
                                .self_pid = 777};

    return signal_policy_check(cfg, s, &rq, t);
}

static void test_disabled_by_default(void **state)
{
    struct config cfg;
    struct proc_snapshot *s = two_procs();
    struct signal_target t;

    config_defaults(&cfg);
    assert_int_equal(check(&cfg, s, SIA_PROC_SIGNAL, 500, 1, SIGTERM, &t),
                     SIGV_DISABLED);
    config_free(&cfg);
    proc_snapshot_free(s);
}

static void test_verdicts_when_enabled(void **state)
{
    struct config cfg;
    struct proc_snapshot *s = two_procs();
    struct signal_target t = {0};
    char err[256];

    config_defaults(&cfg);
    assert_int_equal(config_load_string(&cfg, "t.conf",
                                        "signals_allow TERM HUP\n", err,
                                        sizeof(err)),
                     0);
    assert_int_equal(check(&cfg, s, SIA_PROC_SIGNAL, 500, 1, SIGTERM, &t),
                     SIGV_OK);
    assert_int_equal(t.pid, 500);
    assert_int_equal(t.sig, SIGTERM);
    assert_int_equal(t.start_time_cs, 123456);
    assert_int_equal(check(&cfg, s, SIA_PROC_SIGNAL, 500, 1, SIGKILL, &t),
                     SIGV_WRONG_VALUE);
    assert_int_equal(check(&cfg, s, SIA_PROC_SIGNAL, 500, 1, 0, &t),
                     SIGV_WRONG_VALUE);
    assert_int_equal(check(&cfg, s, SIA_PROC_SIGNAL, 500, 1, 1000, &t),
                     SIGV_WRONG_VALUE);
    assert_int_equal(check(&cfg, s, SIA_PROC_SIGNAL, 500, 0, SIGTERM, &t),
                     SIGV_WRONG_TYPE);
    assert_int_equal(check(&cfg, s, SIA_PROC_SIGNAL, 501, 1, SIGTERM, &t),
                     SIGV_NO_CREATION);
    assert_int_equal(check(&cfg, s, SIA_PROC_SIGNAL, 1, 1, SIGTERM, &t),
                     SIGV_PROTECTED);
    assert_int_equal(check(&cfg, s, SIA_PROC_SIGNAL, 777, 1, SIGTERM, &t),
                     SIGV_PROTECTED);
    assert_int_equal(check(&cfg, s, SIA_PROC_NAME, 500, 1, SIGTERM, &t),
                     SIGV_NOT_WRITABLE);
    assert_int_equal(check(&cfg, NULL, SIA_PROC_SIGNAL, 500, 1, SIGTERM, &t),
                     SIGV_NO_CREATION);
    config_free(&cfg);
    proc_snapshot_free(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_disabled_by_default),
        cmocka_unit_test(test_verdicts_when_enabled),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
