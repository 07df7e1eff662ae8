/*
 * test_refresher.c - the generic worker of refresher.c over a test
 * source: a scan that produces nothing is reported (never silently
 * dropped) and retried with back-off; the next good scan is handed over.
 * Waits are on the wake pipe, not on the clock.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "cfgref.h"
#include "collector.h"
#include "msglist.h"
#include "refresher.h"
#include "source.h"

/* Fails its first scan, then returns numbered snapshots. */
struct fake_state {
    int scans;
};

static void *fake_build(void **state, const struct source_env *env, char *err,
                        size_t errlen)
{
    struct fake_state *st = *state;
    int *snap;

    /* no cmocka asserts here: this runs on the worker thread */
    if (st == NULL)
        st = *state = calloc(1, sizeof(*st));
    if (st == NULL || env->cfg == NULL ||
        strcmp(env->collector->proc_root, "/nonexistent-root") != 0) {
        snprintf(err, errlen, "unexpected state or environment");
        return NULL;
    }
    if (st->scans++ == 0) {
        snprintf(err, errlen, "boom");
        return NULL;
    }
    snap = malloc(sizeof(*snap));
    if (snap != NULL)
        *snap = st->scans;
    return snap;
}

static unsigned fake_ttl(const struct config *cfg)
{
    return 3600;
}

static const struct source fake = {
    .name = "test table",
    .ttl_s = fake_ttl,
    .build = fake_build,
    .state_free = free,
    .free = free,
};

/* Blocks until the worker writes to the wake pipe. */
static void wait_wake(int fd)
{
    char b;

    assert_int_equal(read(fd, &b, 1), 1);
}

static void test_failure_reported_then_retried(void **state)
{
    const struct source *sources[] = {&fake};
    struct collector_options copt = {.proc_root = "/nonexistent-root"};
    struct config c;
    struct cfgref *cfg;
    struct refresher *r;
    struct msglist fails;
    int fds[2];
    char err[128];
    int *snap = NULL;

    config_defaults(&c);
    cfg = cfgref_new(&c);
    assert_int_equal(pipe(fds), 0);
    r = refresher_start(sources, 1, cfg, &copt, fds[1], err, sizeof(err));
    assert_non_null(r);
    wait_wake(fds[0]);
    assert_null(refresher_take(r, 0, &fails));
    assert_int_equal(fails.count, 1);
    assert_string_equal(fails.items[0].text,
                        "test table: boom; retrying in 1 s");
    msglist_free(&fails);
    wait_wake(fds[0]); /* after the back-off */
    snap = refresher_take(r, 0, &fails);
    assert_non_null(snap);
    assert_int_equal(*snap, 2);
    assert_int_equal(fails.count, 0);
    free(snap);
    refresher_stop(r);
    cfgref_put(cfg);
    close(fds[0]);
    close(fds[1]);
}

static void test_backoff(void **state)
{
    unsigned ms = 0;
    unsigned want[] = {1000, 2000, 4000, 8000, 16000, 32000, 60000, 60000};

    for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
        ms = refresher_backoff_ms(ms);
        assert_int_equal(ms, want[i]);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_failure_reported_then_retried),
        cmocka_unit_test(test_backoff),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
