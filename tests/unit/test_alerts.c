/*
 * test_alerts.c - the main thread's notifications from fresh rows:
 * watches at start-up, on changes, across a reload; filesystems crossing
 * and clearing threshold levels, timing out and answering again.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "alerts.h"
#include "config.h"
#include "sysinfo_oids.h"

/* What the callback saw: the notification number and a few values. */
struct sent {
    uint32_t trap[32];
    char name[64];         /* first varbind's octets */
    int64_t status;        /* second varbind's integer */
    uint64_t value, level; /* threshold value and level */
    size_t n;
};

static void capture(void *ctx, const struct notify_pdu *p)
{
    struct sent *s = ctx;
    const struct mib_value *v0 = &p->vb[0].value;

    assert_true(s->n < 32);
    s->trap[s->n] = p->trap_oid[p->trap_oid_len - 1];
    if (s->n == 0) {
        assert_true(v0->len < sizeof(s->name));
        memcpy(s->name, v0->bytes, v0->len);
        s->name[v0->len] = '\0';
        s->status = p->vb[1].value.i;
        if (p->count == 6) {
            s->value = p->vb[4].value.u;
            s->level = p->vb[5].value.u;
        }
    }
    s->n++;
}

struct world {
    struct config cfg;
    struct watch_set *ws;
    struct watch_table t;
    struct proc_row rows[4];
    size_t nrows;
    struct alerts *a;
};

static int setup(void **state)
{
    struct world *w = calloc(1, sizeof(*w));

    assert_non_null(w);
    config_defaults(&w->cfg);
    w->a = alerts_new();
    assert_non_null(w->a);
    *state = w;
    return 0;
}

static void clear_rows(struct world *w)
{
    for (size_t i = 0; i < w->nrows; i++)
        proc_row_free(&w->rows[i]);
    w->nrows = 0;
}

static int teardown(void **state)
{
    struct world *w = *state;

    watch_table_free(&w->t);
    watch_set_free(w->ws);
    clear_rows(w);
    config_free(&w->cfg);
    alerts_free(w->a);
    free(w);
    return 0;
}

static void add_proc(struct world *w, const char *name)
{
    struct proc_row *r = &w->rows[w->nrows];

    memset(r, 0, sizeof(*r));
    r->pid = (int32_t)(100 + w->nrows);
    r->state = PROC_STATE_SLEEPING;
    assert_int_equal(col_bytes_set(&r->name, name, strlen(name)), 0);
    assert_int_equal(col_bytes_set(&r->args, name, strlen(name)), 0);
    assert_int_equal(col_bytes_set(&r->exe, "", 0), 0);
    w->nrows++;
}

static void configure(struct world *w, const char *text)
{
    char err[256];

    watch_table_free(&w->t);
    watch_set_free(w->ws);
    assert_int_equal(config_load_string(&w->cfg, "t", text, err, sizeof(err)),
                     0);
    w->ws = watch_set_new(w->cfg.alerts.watches, w->cfg.alerts.watch_count);
    assert_non_null(w->ws);
}

/* One evaluation at time t; returns what was sent. */
static struct sent round_at(struct world *w, uint64_t t)
{
    struct sent s = {0};
    int n;

    watch_table_free(&w->t);
    assert_int_equal(watch_evaluate(w->ws, w->rows, w->nrows, &w->t), 0);
    n = alerts_watches(w->a, &w->t, &w->cfg.alerts, t, capture, &s);

    assert_int_equal(n, (int)s.n); /* it returns what it sent */
    return s;
}

static void test_watches(void **state)
{
    struct world *w = *state;
    struct sent s;

    configure(w, "notify_interval 0\n"
                 "watch nginx name ^nginx$ min 1\n"
                 "watch cron name ^cron$ min 1\n");
    add_proc(w, "cron");
    /* start-up: cron is fine (silent), nginx is down (sent) */
    s = round_at(w, 0);
    assert_int_equal(s.n, 1);
    assert_int_equal(s.trap[0], SIA_NOTIFY_WATCH_PROBLEM);
    assert_string_equal(s.name, "nginx");
    assert_int_equal(s.status, SIA_WATCH_TOO_FEW);
    assert_int_equal(round_at(w, 1000).n, 0); /* no change: nothing */
    /* nginx starts: recovered */
    add_proc(w, "nginx");
    s = round_at(w, 2000);
    assert_int_equal(s.n, 1);
    assert_int_equal(s.trap[0], SIA_NOTIFY_WATCH_RECOVERED);
    assert_string_equal(s.name, "nginx");
    assert_int_equal(s.status, SIA_WATCH_OK);
    /* both die */
    clear_rows(w);
    s = round_at(w, 3000);
    assert_int_equal(s.n, 2);
    assert_int_equal(s.trap[0], SIA_NOTIFY_WATCH_PROBLEM);
    assert_int_equal(s.trap[1], SIA_NOTIFY_WATCH_PROBLEM);
    assert_string_equal(s.name, "cron"); /* table order: by name */
}

/* A reload keeps the state of the watches that keep their name: only
 * the new bad watch is notified, nothing about the unchanged ones. */
static void test_reload(void **state)
{
    struct world *w = *state;
    struct sent s;

    configure(w, "watch nginx name ^nginx$ min 1\n"
                 "watch cron name ^cron$ min 1\n"
                 "watch gone name ^gone$ min 1\n");
    add_proc(w, "cron");
    s = round_at(w, 0);
    assert_int_equal(s.n, 2); /* nginx and gone */
    configure(w, "watch cron name ^cron$ min 1\n"
                 "watch nginx name ^nginx$ min 1 max 5\n" /* changed */
                 "watch sshd name ^sshd$ min 1\n");       /* new */
    s = round_at(w, 1000);
    assert_int_equal(s.n, 1);
    assert_string_equal(s.name, "sshd");
    /* "gone" was forgotten: defined again, it is new and bad: sent */
    configure(w, "watch gone name ^gone$ min 1\n");
    s = round_at(w, 2000);
    assert_int_equal(s.n, 1);
    assert_string_equal(s.name, "gone");
}

/* The minimum interval of a watch line holds a flap back. */
static void test_watch_interval(void **state)
{
    struct world *w = *state;

    configure(w, "watch nginx name ^nginx$ min 1 notify_interval 60\n");
    assert_int_equal(round_at(w, 0).n, 1); /* down at start-up */
    add_proc(w, "nginx");
    assert_int_equal(round_at(w, 10000).n, 0); /* up, held */
    clear_rows(w);
    assert_int_equal(round_at(w, 20000).n, 0); /* down again: as sent */
    add_proc(w, "nginx");
    assert_int_equal(round_at(w, 59999).n, 0);
    assert_int_equal(round_at(w, 60000).n, 1); /* up, interval over */
}

/* ---- mounts ------------------------------------------------------------ */

struct disk {
    const struct cfg_threshold *rule;
    struct threshold_state st;
    struct threshold_result res;
    struct alert_mount m;
};

static void disk_at(struct disk *d, int mount_status, uint64_t pct)
{
    struct threshold_input in = {.mount_point = "/var",
                                 .mount_point_len = 4,
                                 .mount_status = mount_status};

    in.usage.size_bytes = 1000000;
    in.usage.free_bytes = in.usage.avail_bytes = 1000000 - pct * 100;
    threshold_evaluate(d->rule, &in, &d->st, &d->res);
    d->m.mount_status = mount_status;
    d->m.status_text = mount_status == SIA_MOUNT_TIMEOUT ? "timed out" : "";
}

static struct sent disk_round(struct world *w, struct disk *d, uint64_t t)
{
    struct sent s = {0};
    int n = alerts_mounts(w->a, &d->m, 1, t, capture, &s);

    assert_int_equal(n, (int)s.n);
    return s;
}

static void test_mounts(void **state)
{
    struct world *w = *state;
    struct disk d = {0};
    struct sent s;

    configure(w, "threshold /var used 80% 90% timeout critical\n"
                 "notify_interval 0\n");
    d.rule = &w->cfg.alerts.thresholds[0];
    d.m = (struct alert_mount){.index = 1348830475,
                               .mount_point = "/var",
                               .mount_point_len = 4,
                               .threshold = &d.res};
    disk_at(&d, SIA_MOUNT_OK, 5000);
    assert_int_equal(disk_round(w, &d, 0).n, 0); /* fine at start-up */
    disk_at(&d, SIA_MOUNT_OK, 9120);
    s = disk_round(w, &d, 1000);
    assert_int_equal(s.n, 1);
    assert_int_equal(s.trap[0], SIA_NOTIFY_THRESHOLD_CROSSED);
    assert_string_equal(s.name, "/var");
    assert_int_equal(s.status, SIA_THRESHOLD_CRITICAL);
    assert_int_equal(s.value, 9120);
    assert_int_equal(s.level, 9000);
    disk_at(&d, SIA_MOUNT_OK, 8900); /* held by the hysteresis */
    assert_int_equal(disk_round(w, &d, 2000).n, 0);
    disk_at(&d, SIA_MOUNT_OK, 5000); /* all the way down */
    s = disk_round(w, &d, 3000);
    assert_int_equal(s.n, 1);
    assert_int_equal(s.trap[0], SIA_NOTIFY_THRESHOLD_CLEARED);
    assert_int_equal(s.status, SIA_THRESHOLD_OK);
    assert_int_equal(s.value, 5000);
    assert_int_equal(s.level, 8800); /* where critical cleared */
    /* a timeout (counted as critical): timeout and crossed */
    disk_at(&d, SIA_MOUNT_TIMEOUT, 0);
    s = disk_round(w, &d, 4000);
    assert_int_equal(s.n, 2);
    assert_int_equal(s.trap[0], SIA_NOTIFY_MOUNT_TIMEOUT);
    assert_int_equal(s.trap[1], SIA_NOTIFY_THRESHOLD_CROSSED);
    assert_int_equal(s.status, SIA_MOUNT_TIMEOUT);
    disk_at(&d, SIA_MOUNT_OK, 5000);
    s = disk_round(w, &d, 5000);
    assert_int_equal(s.n, 2);
    assert_int_equal(s.trap[0], SIA_NOTIFY_MOUNT_RESPONDING);
    assert_int_equal(s.status, SIA_MOUNT_OK);
    assert_int_equal(s.trap[1], SIA_NOTIFY_THRESHOLD_CLEARED);
}

/* A filesystem already full at start-up is notified; one without a rule
 * only for timeouts; an unmounted one is forgotten. */
static void test_mounts_start_up(void **state)
{
    struct world *w = *state;
    struct disk d = {0};
    struct sent s;

    configure(w, "threshold /var used 80% 90%\n");
    d.rule = &w->cfg.alerts.thresholds[0];
    d.m = (struct alert_mount){.index = 7,
                               .mount_point = "/var",
                               .mount_point_len = 4,
                               .threshold = &d.res};
    disk_at(&d, SIA_MOUNT_OK, 8500);
    s = disk_round(w, &d, 0);
    assert_int_equal(s.n, 1);
    assert_int_equal(s.trap[0], SIA_NOTIFY_THRESHOLD_CROSSED);
    assert_int_equal(s.status, SIA_THRESHOLD_WARNING);
    assert_int_equal(s.level, 8000);
    /* the rule is gone (reload): only the timeout state is kept */
    d.m.threshold = NULL;
    disk_at(&d, SIA_MOUNT_TIMEOUT, 0);
    s = disk_round(w, &d, 1000);
    assert_int_equal(s.n, 1);
    assert_int_equal(s.trap[0], SIA_NOTIFY_MOUNT_TIMEOUT);
    /* unmounted: an empty round forgets it; back timing out: sent again */
    assert_int_equal(alerts_mounts(w->a, NULL, 0, 2000, capture, &s), 0);
    s = disk_round(w, &d, 3000);
    assert_int_equal(s.n, 1);
}

int main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
    const struct CMUnitTest tests[] = {
        T(test_watches), T(test_reload),          T(test_watch_interval),
        T(test_mounts),  T(test_mounts_start_up),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
