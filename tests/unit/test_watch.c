/*
 * test_watch.c - process watches against fixture rows: matching on each
 * target, the limits, zombies, unreadable fields, status, message, sums
 * with unknown values, order and look-up by name.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "config.h"
#include "sysinfo_oids.h"
#include "watch.h"

/* ---- fixture rows ----------------------------------------------------- */

struct fx {
    int32_t pid, ppid;
    const char *name, *exe, *args, *cgroup;
    uint32_t euid;
    int32_t state;
    uint64_t start, user, sys, rss;
    uint32_t threads, fds;
    uint64_t missing;
};

static const struct fx fixture[] = {
    /* pid ppid name exe args cgroup euid state start user sys rss thr fds */
    {1, 0, "systemd", "/usr/lib/systemd/systemd", "/sbin/init", "/init.scope",
     0, PROC_STATE_SLEEPING, 1000, 50, 70, 12000, 1, 90, 0},
    {100, 1, "nginx", "/usr/sbin/nginx", "nginx: master process",
     "/system.slice/nginx.service", 0, PROC_STATE_SLEEPING, 5000, 10, 5, 4096,
     1, 20, 0},
    {101, 100, "nginx", "/usr/sbin/nginx", "nginx: worker process",
     "/system.slice/nginx.service", 33, PROC_STATE_RUNNING, 5100, 300, 200,
     8192, 2, 30, 0},
    {102, 100, "nginx", "/usr/sbin/nginx", "nginx: worker process",
     "/system.slice/nginx.service", 33, PROC_STATE_SLEEPING, 5200, 100, 100,
     8192, 3, 31, 0},
    /* a zombie worker: never counted */
    {103, 100, "nginx", "", "", "/system.slice/nginx.service", 33,
     PROC_STATE_ZOMBIE, 5300, 1, 1, 0, 1, 0, 0},
    /* in a cgroup whose name only starts like nginx's */
    {200, 1, "nginx", "/opt/nginx", "nginx: master process",
     "/system.slice/nginx.service2", 0, PROC_STATE_SLEEPING, 6000, 1, 1, 100, 1,
     5, 0},
    {300, 1, "cron", "/usr/sbin/cron", "/usr/sbin/cron -f",
     "/system.slice/cron.service", 0, PROC_STATE_SLEEPING, 2000, 3, 4, 2048, 1,
     7, 0},
};

static void fill(struct proc_row *r, const struct fx *f)
{
    memset(r, 0, sizeof(*r));
    r->pid = f->pid;
    r->ppid = f->ppid;
    assert_int_equal(col_bytes_set(&r->name, f->name, strlen(f->name)), 0);
    assert_int_equal(col_bytes_set(&r->exe, f->exe, strlen(f->exe)), 0);
    assert_int_equal(col_bytes_set(&r->args, f->args, strlen(f->args)), 0);
    assert_int_equal(col_bytes_set(&r->cgroup, f->cgroup, strlen(f->cgroup)),
                     0);
    r->euid = r->uid = f->euid;
    r->state = f->state;
    r->start_time_cs = f->start;
    r->cpu_user_cs = f->user;
    r->cpu_system_cs = f->sys;
    r->rss_bytes = f->rss;
    r->threads = f->threads;
    r->open_files = f->fds;
    r->missing = f->missing;
}

struct world {
    struct proc_row rows[16];
    size_t n;
    struct config cfg;
    struct watch_set *ws;
    struct watch_table t;
};

static int setup(void **state)
{
    struct world *w = calloc(1, sizeof(*w));

    assert_non_null(w);
    w->n = sizeof(fixture) / sizeof(fixture[0]);
    for (size_t i = 0; i < w->n; i++)
        fill(&w->rows[i], &fixture[i]);
    config_defaults(&w->cfg);
    *state = w;
    return 0;
}

static int teardown(void **state)
{
    struct world *w = *state;

    watch_table_free(&w->t);
    watch_set_free(w->ws);
    for (size_t i = 0; i < w->n; i++)
        proc_row_free(&w->rows[i]);
    config_free(&w->cfg);
    free(w);
    return 0;
}

/* Loads the watch lines and evaluates them against the rows. */
static void run(struct world *w, const char *conf)
{
    char err[512];

    watch_table_free(&w->t);
    watch_set_free(w->ws);
    if (config_load_string(&w->cfg, "t.conf", conf, err, sizeof(err)) != 0)
        fail_msg("%s", err);
    w->ws = watch_set_new(w->cfg.alerts.watches, w->cfg.alerts.watch_count);
    assert_non_null(w->ws);
    assert_int_equal(watch_evaluate(w->ws, w->rows, w->n, &w->t), 0);
}

static const struct watch_row *row(const struct world *w, const char *name)
{
    size_t i = watch_table_find(&w->t, name, strlen(name));

    if (i == (size_t)-1)
        fail_msg("no watch %s", name);
    return &w->t.rows[i];
}

/* ---- tests ------------------------------------------------------------ */

static void test_targets_and_sums(void **state)
{
    struct world *w = *state;

    run(w, "watch web name ^nginx$ min 1\n"
           "watch workers args \"^nginx: worker process$\" min 2 max 8\n"
           "watch bin exe ^/usr/sbin/nginx$\n");
    const struct watch_row *r = row(w, "web");
    /* 100, 101, 102 and 200; not the zombie 103 */
    assert_int_equal(r->count, 4);
    assert_int_equal(r->unchecked, 0);
    assert_int_equal(r->status, SIA_WATCH_OK);
    assert_int_equal(r->missing, 0);
    assert_int_equal(r->oldest_start_cs, 5000);
    assert_int_equal(r->newest_start_cs, 6000);
    assert_int_equal(r->rss_bytes, 4096 + 8192 + 8192 + 100);
    assert_int_equal(r->cpu_cs, 15 + 500 + 200 + 2);
    assert_int_equal(r->threads, 1 + 2 + 3 + 1);
    assert_int_equal(r->open_files, 20 + 30 + 31 + 5);
    assert_string_equal(r->message,
                        "web: 4 processes, ok (expected at least 1)");

    r = row(w, "workers");
    assert_int_equal(r->count, 2);
    assert_int_equal(r->status, SIA_WATCH_OK);
    assert_int_equal(r->oldest_start_cs, 5100);
    assert_int_equal(r->newest_start_cs, 5200);
    assert_int_equal(r->cpu_cs, 700);
    assert_string_equal(r->message,
                        "workers: 2 processes, ok (expected 2 to 8)");

    r = row(w, "bin");
    assert_int_equal(r->count, 3); /* not /opt/nginx, not the zombie's "" */
    assert_string_equal(r->message, "bin: 3 processes");
}

static void test_limits(void **state)
{
    struct world *w = *state;

    run(w, "watch a name nginx user 33\n"
           "watch b name nginx parent 100\n"
           "watch c name nginx cgroup /system.slice/nginx.service\n"
           "watch d name nginx cgroup /system.slice\n"
           "watch e name nginx cgroup /\n"
           "watch f name nginx user root parent 1\n");
    assert_int_equal(row(w, "a")->count, 2);
    assert_int_equal(row(w, "b")->count, 2);
    /* 100, 101, 102: not nginx.service2, not the zombie */
    assert_int_equal(row(w, "c")->count, 3);
    assert_int_equal(row(w, "d")->count, 4);
    assert_int_equal(row(w, "e")->count, 4);
    assert_int_equal(row(w, "f")->count, 2); /* 100 and 200 */
}

static void test_status_and_messages(void **state)
{
    struct world *w = *state;

    run(w, "watch apache name ^apache2$ min 1\n"
           "watch cron name ^cron$ min 1 max 1\n"
           "watch many name ^nginx$ max 2\n"
           "watch one name ^nginx$ min 1 max 1\n"
           "watch none name ^nothing$ max 0\n");
    const struct watch_row *r = row(w, "apache");
    assert_int_equal(r->count, 0);
    assert_int_equal(r->status, SIA_WATCH_TOO_FEW);
    assert_string_equal(r->message, "apache: 0 processes, expected at least 1");
    /* no process: sums are 0, start times unknown */
    assert_int_equal(r->missing, WATCH_F_START);
    assert_int_equal(r->rss_bytes, 0);

    r = row(w, "cron");
    assert_int_equal(r->status, SIA_WATCH_OK);
    assert_string_equal(r->message, "cron: 1 process, ok (expected exactly 1)");

    r = row(w, "many");
    assert_int_equal(r->status, SIA_WATCH_TOO_MANY);
    assert_string_equal(r->message, "many: 4 processes, expected at most 2");
    r = row(w, "one");
    assert_int_equal(r->status, SIA_WATCH_TOO_MANY);
    assert_string_equal(r->message, "one: 4 processes, expected exactly 1");
    r = row(w, "none");
    assert_int_equal(r->status, SIA_WATCH_OK);
    assert_string_equal(r->message,
                        "none: 0 processes, ok (expected at most 0)");
}

/* An unreadable exe (another user's process, agent not root): the
 * process is unchecked, and the verdict is tooFew only when even all
 * the unchecked ones could not reach the minimum. */
static void test_unchecked(void **state)
{
    struct world *w = *state;

    w->rows[1].missing |= PROC_F_EXE; /* nginx master */
    w->rows[2].missing |= PROC_F_EXE; /* a worker */
    run(w, "watch bin exe ^/usr/sbin/nginx$ min 3\n"
           "watch few exe ^/usr/sbin/nginx$ min 4\n"
           "watch max exe ^/usr/sbin/nginx$ max 1\n"
           "watch surely exe ^/usr/sbin/nginx$ min 4 user 33\n"
           "watch ok exe ^/usr/sbin/nginx$ min 1\n");
    const struct watch_row *r = row(w, "bin");
    assert_int_equal(r->count, 1); /* only 102 is sure */
    assert_int_equal(r->unchecked, 2);
    assert_int_equal(r->status, SIA_WATCH_UNKNOWN);
    assert_string_equal(r->message, "bin: 1 process, 2 could not be checked, "
                                    "expected at least 3");
    r = row(w, "few");
    assert_int_equal(r->status, SIA_WATCH_TOO_FEW); /* 1 + 2 < 4 */
    r = row(w, "max");
    assert_int_equal(r->status, SIA_WATCH_UNKNOWN); /* 1 sure, up to 3 */
    r = row(w, "surely");
    /* the user limit rules the root-owned master out: 1 unchecked left */
    assert_int_equal(r->unchecked, 1);
    assert_int_equal(r->status, SIA_WATCH_TOO_FEW);
    r = row(w, "ok");
    assert_int_equal(r->status, SIA_WATCH_OK);
    assert_string_equal(r->message, "ok: 1 process, 2 could not be checked, "
                                    "ok (expected at least 1)");
}

/* A field unknown in one counted process makes that sum unknown, and
 * only that one. */
static void test_unknown_sums(void **state)
{
    struct world *w = *state;

    w->rows[2].missing |= PROC_F_FDS | PROC_F_MEM;
    w->rows[3].missing |= PROC_F_START;
    run(w, "watch workers args worker\n"
           "watch master args master\n");
    const struct watch_row *r = row(w, "workers");
    assert_int_equal(r->count, 2);
    assert_int_equal(r->missing, WATCH_F_FDS | WATCH_F_RSS | WATCH_F_START);
    assert_int_equal(r->cpu_cs, 700);
    assert_int_equal(r->threads, 5);
    r = row(w, "master");
    assert_int_equal(r->count, 2);
    assert_int_equal(r->missing, 0);
    assert_int_equal(r->open_files, 25);
}

/* Unreadable limits: a process whose uid is unknown is unchecked, unless
 * a readable limit already rules it out. */
static void test_unreadable_limits(void **state)
{
    struct world *w = *state;

    w->rows[6].missing |= PROC_F_IDS;    /* cron */
    w->rows[1].missing |= PROC_F_CGROUP; /* nginx master */
    run(w, "watch cron name cron user root min 1\n"
           "watch cronp name cron user root parent 2\n"
           "watch master args master cgroup /system.slice/nginx.service\n");
    assert_int_equal(row(w, "cron")->count, 0);
    assert_int_equal(row(w, "cron")->unchecked, 1);
    assert_int_equal(row(w, "cron")->status, SIA_WATCH_UNKNOWN);
    assert_int_equal(row(w, "cronp")->unchecked, 0); /* parent is 1, not 2 */
    assert_int_equal(row(w, "master")->count, 0);    /* 200: service2 */
    assert_int_equal(row(w, "master")->unchecked, 1);
}

static void test_zombie_with_unknown_state_counts(void **state)
{
    struct world *w = *state;

    w->rows[4].missing |= PROC_F_STATE; /* the zombie, state unreadable */
    run(w, "watch web name ^nginx$\n");
    assert_int_equal(row(w, "web")->count, 5);
}

static void test_order_and_find(void **state)
{
    struct world *w = *state;

    run(w, "watch b name x\nwatch ab name x\nwatch a name x\n"
           "watch B name x\nwatch a-1 name x\n");
    assert_int_equal(w->t.count, 5);
    /* bytewise, a prefix first: the OID order of the IMPLIED index */
    assert_string_equal(w->t.rows[0].def->name, "B");
    assert_string_equal(w->t.rows[1].def->name, "a");
    assert_string_equal(w->t.rows[2].def->name, "a-1");
    assert_string_equal(w->t.rows[3].def->name, "ab");
    assert_string_equal(w->t.rows[4].def->name, "b");
    assert_int_equal(watch_table_find(&w->t, "ab", 2), 3);
    assert_int_equal(watch_table_find(&w->t, "abc", 2), 3); /* by length */
    assert_int_equal(watch_table_find(&w->t, "a", 1), 1);
    assert_true(watch_table_find(&w->t, "c", 1) == (size_t)-1);
    assert_true(watch_table_find(&w->t, "", 0) == (size_t)-1);
    assert_true(watch_table_find(&w->t, "abc", 3) == (size_t)-1);
}

/* The loader refuses bad patterns, so build the definition by hand: the
 * watch must report invalidPattern, not fail the whole table. */
static void test_invalid_pattern(void **state)
{
    struct world *w = *state;
    struct cfg_watch defs[2] = {0};
    struct watch_table t;

    strcpy(defs[0].name, "bad");
    defs[0].target = SIA_WATCH_TARGET_NAME;
    defs[0].pattern = "(nginx";
    defs[0].has_min = 1;
    defs[0].min = 1;
    strcpy(defs[1].name, "good");
    defs[1].target = SIA_WATCH_TARGET_NAME;
    defs[1].pattern = "^cron$";
    w->ws = watch_set_new(defs, 2);
    assert_non_null(w->ws);
    assert_int_equal(watch_set_count(w->ws), 2);
    assert_int_equal(watch_evaluate(w->ws, w->rows, w->n, &t), 0);
    assert_int_equal(t.rows[0].status, SIA_WATCH_INVALID_PATTERN);
    assert_int_equal(t.rows[0].count, 0);
    assert_true(strncmp(t.rows[0].message, "bad: invalid pattern: ", 22) == 0);
    assert_true(strlen(t.rows[0].message) > 22);
    assert_int_equal(t.rows[1].status, SIA_WATCH_OK);
    assert_int_equal(t.rows[1].count, 1);
    watch_table_free(&t);
}

static void test_empty(void **state)
{
    struct world *w = *state;

    run(w, "");
    assert_int_equal(w->t.count, 0);
    assert_null(w->t.rows);
    assert_true(watch_table_find(&w->t, "a", 1) == (size_t)-1);
    /* no processes at all */
    run(w, "watch a name a min 1\n");
    watch_table_free(&w->t);
    assert_int_equal(watch_evaluate(w->ws, NULL, 0, &w->t), 0);
    assert_int_equal(w->t.rows[0].status, SIA_WATCH_TOO_FEW);
    watch_set_free(NULL);
    watch_table_free(NULL);
}

int main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
    const struct CMUnitTest tests[] = {
        T(test_targets_and_sums),
        T(test_limits),
        T(test_status_and_messages),
        T(test_unchecked),
        T(test_unknown_sums),
        T(test_unreadable_limits),
        T(test_zombie_with_unknown_state_counts),
        T(test_order_and_find),
        T(test_invalid_pattern),
        T(test_empty),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
