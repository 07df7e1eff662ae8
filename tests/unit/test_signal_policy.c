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

struct fake {
    int32_t pid, ppid;
    const char *name; /* NULL: unknown */
    uint32_t uid, euid;
};

static struct proc_snapshot *snapshot_of(const struct fake *f, size_t n)
{
    struct proc_snapshot *s = calloc(1, sizeof(*s));

    s->procs_ok = 1;
    s->procs.count = s->procs.cap = n;
    s->procs.rows = calloc(n, sizeof(struct proc_row));
    for (size_t i = 0; i < n; i++) {
        struct proc_row *r = &s->procs.rows[i];

        r->pid = f[i].pid;
        r->ppid = f[i].ppid;
        r->uid = f[i].uid;
        r->euid = f[i].euid;
        r->start_time_cs = 123456;
        if (f[i].name != NULL)
            assert_int_equal(
                col_bytes_set(&r->name, f[i].name, strlen(f[i].name)), 0);
        else
            r->missing |= PROC_F_NAME;
    }
    return s;
}

/* pid 500 is an ordinary user's process (uid 1000). */
static struct proc_snapshot *two_procs(void)
{
    static const struct fake f[] = {
        {1, 0, "init", 0, 0},
        {500, 1, "worker", 1000, 1000},
        {777, 1, "sysinfo-agentx", 0, 0}, /* the agent itself */
    };

    return snapshot_of(f, 3);
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
                                .self_pid = 777,
                                .master_pid = 301};

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

/* Who may receive a signal (issue 11, defect 1). */
static const struct fake many[] = {
    {2, 0, "kthreadd", 0, 0},    {10, 2, "kworker/0:1", 0, 0},
    {300, 1, "snmpd", 0, 0},     {301, 1, "mymaster", 1000, 1000},
    {400, 1, "sshd", 0, 0},      {500, 1, "worker", 1000, 1000},
    {501, 1, "setuid", 1000, 0}, {600, 1, "nginx", 33, 33},
    {700, 1, NULL, 1000, 1000},  {800, 1, "sleep", 1001, 1001},
    {900, 1, "sleep", 0, 0},
};

static enum signal_verdict with(const char *conf, uint32_t pid)
{
    struct proc_snapshot *s = snapshot_of(many, sizeof(many) / sizeof(*many));
    struct signal_target t = {0};
    struct config cfg;
    char err[256];
    enum signal_verdict v;

    config_defaults(&cfg);
    if (config_load_string(&cfg, "t.conf", conf, err, sizeof(err)) != 0)
        fail_msg("%s", err);
    v = check(&cfg, s, SIA_PROC_SIGNAL, pid, 1, SIGTERM, &t);
    if (v == SIGV_OK)
        assert_int_equal(t.pid, (int32_t)pid);
    config_free(&cfg);
    proc_snapshot_free(s);
    return v;
}

static void test_default_targets(void **state)
{
    const char *c = "signals_allow TERM\n";

    (void)state;
    assert_int_equal(with(c, 2), SIGV_REFUSED_KTHREAD);
    assert_int_equal(with(c, 10), SIGV_REFUSED_KTHREAD);
    assert_int_equal(with(c, 300), SIGV_REFUSED_MASTER); /* by name */
    assert_int_equal(with(c, 301), SIGV_REFUSED_MASTER); /* the peer */
    assert_int_equal(with(c, 400), SIGV_REFUSED_USER);   /* root */
    assert_int_equal(with(c, 500), SIGV_OK);
    assert_int_equal(with(c, 501), SIGV_REFUSED_USER); /* euid 0 */
    assert_int_equal(with(c, 600), SIGV_REFUSED_USER); /* www-data */
    assert_int_equal(with(c, 700), SIGV_REFUSED_UNKNOWN);
    assert_int_equal(with(c, 800), SIGV_OK);
    assert_int_equal(with(c, 900), SIGV_REFUSED_USER);
}

static void test_named_targets(void **state)
{
    (void)state;
    /* Only these names. */
    assert_int_equal(with("signals_allow TERM\nsignals_names sl*\n", 800),
                     SIGV_OK);
    assert_int_equal(with("signals_allow TERM\nsignals_names sl*\n", 500),
                     SIGV_REFUSED_NAME);
    /* Only these users: root named explicitly. */
    assert_int_equal(with("signals_allow TERM\nsignals_users root\n", 900),
                     SIGV_OK);
    assert_int_equal(with("signals_allow TERM\nsignals_users 0\n", 500),
                     SIGV_REFUSED_USER);
    assert_int_equal(with("signals_allow TERM\nsignals_users 1000 0\n", 501),
                     SIGV_OK);
    /* The master and kernel threads: only when named (and the owner is
     * allowed too). */
    assert_int_equal(with("signals_allow TERM\nsignals_names snmpd\n", 300),
                     SIGV_REFUSED_USER);
    assert_int_equal(with("signals_allow TERM\nsignals_names snmpd\n"
                          "signals_users root\n",
                          300),
                     SIGV_OK);
    assert_int_equal(with("signals_allow TERM\nsignals_names mymaster\n", 301),
                     SIGV_OK);
    assert_int_equal(with("signals_allow TERM\nsignals_names kworker*\n"
                          "signals_users root\n",
                          10),
                     SIGV_OK);
    /* The system uid boundary moves. */
    assert_int_equal(
        with("signals_allow TERM\nsignals_system_uid_max 32\n", 600), SIGV_OK);
    assert_int_equal(
        with("signals_allow TERM\nsignals_system_uid_max 1000\n", 500),
        SIGV_REFUSED_USER);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_disabled_by_default),
        cmocka_unit_test(test_verdicts_when_enabled),
        cmocka_unit_test(test_default_targets),
        cmocka_unit_test(test_named_targets),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
