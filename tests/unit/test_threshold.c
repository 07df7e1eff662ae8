/*
 * test_threshold.c - threshold rules with hysteresis: levels of each
 * measure, the 90.0-90.1% no-flap case, worst measure wins, timeouts and
 * errors, unknown measures, messages and notification values.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "config.h"
#include "sysinfo_oids.h"
#include "threshold.h"

#define GIB (1ull << 30)

/* Loads one threshold line; the rule stays valid until config_free. */
static const struct cfg_threshold *rule(struct config *cfg, const char *line)
{
    char err[512];

    config_defaults(cfg);
    if (config_load_string(cfg, "t.conf", line, err, sizeof(err)) != 0)
        fail_msg("%s", err);
    assert_int_equal(cfg->alerts.threshold_count, 1);
    return &cfg->alerts.thresholds[0];
}

/* A filesystem of 1,000,000 bytes, `pct` hundredths of a percent used,
 * no reserved blocks: used / (used + avail) is exactly pct. */
static struct threshold_input at(uint64_t pct)
{
    struct threshold_input in = {.mount_point = "/var",
                                 .mount_point_len = 4,
                                 .mount_status = SIA_MOUNT_OK};

    in.usage.size_bytes = 1000000;
    in.usage.free_bytes = 1000000 - pct * 100;
    in.usage.avail_bytes = in.usage.free_bytes;
    in.usage.inodes = 1000;
    in.usage.inodes_free = 1000;
    return in;
}

/* Evaluates the sequence and checks the status after each value. */
static void sequence(const struct cfg_threshold *r, const uint64_t *pct,
                     const int *want, size_t n)
{
    struct threshold_state st = {{0}};
    struct threshold_result res;

    for (size_t i = 0; i < n; i++) {
        struct threshold_input in = at(pct[i]);
        threshold_evaluate(r, &in, &st, &res);
        if (res.status != want[i])
            fail_msg("step %zu (%llu): status %d, expected %d (%s)", i,
                     (unsigned long long)pct[i], res.status, want[i],
                     res.message);
    }
}

enum {
    OK = SIA_THRESHOLD_OK,
    W = SIA_THRESHOLD_WARNING,
    C = SIA_THRESHOLD_CRITICAL,
    U = SIA_THRESHOLD_UNKNOWN
};

static void test_percent(void **state)
{
    assert_int_equal(threshold_percent(0, 10), 0);
    assert_int_equal(threshold_percent(9, 10), 9000);
    assert_int_equal(threshold_percent(1, 3), 3334); /* rounded up, as df */
    assert_int_equal(threshold_percent(10, 10), 10000);
    assert_int_equal(threshold_percent(11, 10), 10000);
    /* no wrap for exabyte filesystems */
    assert_int_equal(threshold_percent(UINT64_MAX / 2, UINT64_MAX), 5000);
    assert_int_equal(threshold_percent(UINT64_MAX - 1, UINT64_MAX), 10000);
}

/* A disk between 90.0% and 90.1% around a 90% level does not flap; it
 * clears only at 88% (default hysteresis 2 points). */
static void test_no_flap(void **state)
{
    struct config cfg;
    const struct cfg_threshold *r = rule(&cfg, "threshold /var used - 90%\n");
    static const uint64_t pct[] = {8999, 9000, 8999, 9010, 9000, 8990,
                                   9005, 8801, 8800, 8999, 9000};
    static const int want[] = {OK, C, C, C, C, C, C, C, OK, OK, C};

    sequence(r, pct, want, sizeof(pct) / sizeof(pct[0]));
    config_free(&cfg);
}

static void test_two_levels(void **state)
{
    struct config cfg;
    const struct cfg_threshold *r =
        rule(&cfg, "threshold /var used 80% 90% hysteresis 5\n");
    static const uint64_t pct[] = {7999, 8000, 7600, 7500, 8000, 9500,
                                   8501, 8500, 7501, 7500, 10000};
    static const int want[] = {OK, W, W, OK, W, C, C, W, W, OK, C};

    sequence(r, pct, want, sizeof(pct) / sizeof(pct[0]));
    config_free(&cfg);
}

static void test_hysteresis_zero(void **state)
{
    struct config cfg;
    const struct cfg_threshold *r =
        rule(&cfg, "threshold /var used 80% 90% hysteresis 0\n");
    static const uint64_t pct[] = {9000, 8999, 8000, 7999};
    static const int want[] = {C, W, W, OK};

    sequence(r, pct, want, sizeof(pct) / sizeof(pct[0]));
    config_free(&cfg);
}

/* avail: lower is worse; it clears at the level plus the hysteresis
 * percent of the filesystem's size (2% of 100 GiB = 2 GiB). */
static void test_avail(void **state)
{
    struct config cfg;
    const struct cfg_threshold *r = rule(&cfg, "threshold /var avail 2G 1G\n");
    static const uint64_t avail[] = {5 * GIB, 2 * GIB,     2 * GIB - 1,
                                     GIB - 1, GIB,         3 * GIB - 1,
                                     3 * GIB, 4 * GIB - 1, 4 * GIB};
    static const int want[] = {OK, OK, W, C, C, C, W, W, OK};
    struct threshold_state st = {{0}};
    struct threshold_result res;

    for (size_t i = 0; i < sizeof(avail) / sizeof(avail[0]); i++) {
        struct threshold_input in = {.mount_point = "/var",
                                     .mount_point_len = 4,
                                     .mount_status = SIA_MOUNT_OK};
        in.usage.size_bytes = 100 * GIB;
        in.usage.free_bytes = avail[i];
        in.usage.avail_bytes = avail[i];
        threshold_evaluate(r, &in, &st, &res);
        if (res.status != want[i])
            fail_msg("step %zu: status %d, expected %d (%s)", i, res.status,
                     want[i], res.message);
        if (i == 3) {
            assert_int_equal(res.measure, SIA_MEASURE_AVAIL_MIB);
            assert_int_equal(res.m[THR_AVAIL].limit, GIB);
            assert_int_equal(res.m[THR_AVAIL].clear_at, 3 * GIB);
            assert_string_equal(res.message,
                                "/var: critical: 1024.0 MiB available, "
                                "critical below 1.0 GiB (clears at 3.0 GiB)");
        }
    }
    config_free(&cfg);
}

/* The worst measure decides; each keeps its own hysteresis state. */
static void test_worst_measure_wins(void **state)
{
    struct config cfg;
    const struct cfg_threshold *r = rule(
        &cfg, "threshold /var used 80% 90% inodes 50% 60% avail - 100000\n");
    struct threshold_state st = {{0}};
    struct threshold_result res;
    struct threshold_input in = at(8500); /* used: warning */

    in.usage.inodes_free = 350; /* inodes 65%: critical */
    threshold_evaluate(r, &in, &st, &res);
    assert_int_equal(res.status, C);
    assert_int_equal(res.measure, SIA_MEASURE_INODES_PERCENT);
    assert_int_equal(res.m[THR_USED].level, W);
    assert_int_equal(res.m[THR_AVAIL].level, OK);
    assert_string_equal(res.message, "/var: critical: 65.00% inodes used, "
                                     "critical at 60.00% (clears at 58.00%)");
    /* inodes fall to 59%: held critical; used rising does not reset it */
    in = at(8600);
    in.usage.inodes_free = 410;
    threshold_evaluate(r, &in, &st, &res);
    assert_int_equal(res.status, C);
    assert_int_equal(res.measure, SIA_MEASURE_INODES_PERCENT);
    /* inodes at 58%: cleared to warning; used is the warning too, the
     * first in order decides */
    in.usage.inodes_free = 420;
    threshold_evaluate(r, &in, &st, &res);
    assert_int_equal(res.status, W);
    assert_int_equal(res.measure, SIA_MEASURE_USED_PERCENT);
    config_free(&cfg);
}

static void test_ok_message(void **state)
{
    struct config cfg;
    const struct cfg_threshold *r =
        rule(&cfg, "threshold /var used 80% 90% avail 1K -\n");
    struct threshold_state st = {{0}};
    struct threshold_result res;
    struct threshold_input in = at(4510);

    threshold_evaluate(r, &in, &st, &res);
    assert_int_equal(res.status, OK);
    assert_int_equal(res.measure, SIA_MEASURE_USED_PERCENT);
    assert_int_equal(res.m[THR_USED].limit, 8000); /* the next level */
    assert_int_equal(res.m[THR_USED].clear_at, 0);
    assert_string_equal(res.message,
                        "/var: ok: 45.10% used, 536.1 KiB available");
    config_free(&cfg);
}

/* No inode count (btrfs): the inode measure is unknown, not 0%. */
static void test_unknown_measures(void **state)
{
    struct config cfg;
    const struct cfg_threshold *r = rule(&cfg, "threshold / inodes 80% 90%\n");
    struct threshold_state st = {{0}};
    struct threshold_result res;
    struct threshold_input in = at(5000);

    in.mount_point = "/";
    in.mount_point_len = 1;
    in.usage.inodes = 0;
    in.usage.inodes_free = 0;
    threshold_evaluate(r, &in, &st, &res);
    assert_int_equal(res.status, U);
    assert_int_equal(res.measure, 0);
    assert_false(res.m[THR_INODES].known);
    assert_string_equal(res.message,
                        "/: unknown: no configured measure applies");
    config_free(&cfg);

    /* used + avail == 0: no percentage */
    r = rule(&cfg, "threshold / used 80% 90%\n");
    in.usage.size_bytes = in.usage.free_bytes = in.usage.avail_bytes = 0;
    threshold_evaluate(r, &in, &st, &res);
    assert_int_equal(res.status, U);
    config_free(&cfg);
}

static void test_timeout_and_error(void **state)
{
    struct config cfg;
    const struct cfg_threshold *r =
        rule(&cfg, "threshold /var used 80% 90% timeout critical\n");
    struct threshold_state st = {{0}};
    struct threshold_result res;
    struct threshold_input in = at(9500);

    threshold_evaluate(r, &in, &st, &res);
    assert_int_equal(res.status, C);
    in.mount_status = SIA_MOUNT_TIMEOUT;
    threshold_evaluate(r, &in, &st, &res);
    assert_int_equal(res.status, C);
    assert_int_equal(res.measure, SIA_MEASURE_TIMEOUT);
    assert_string_equal(res.message, "/var: critical: usage query timed out");
    in.mount_status = SIA_MOUNT_ERROR; /* not counted as critical */
    threshold_evaluate(r, &in, &st, &res);
    assert_int_equal(res.status, U);
    assert_int_equal(res.measure, 0);
    assert_string_equal(res.message, "/var: unknown: usage query failed");
    in.mount_status = SIA_MOUNT_NOT_QUERIED;
    threshold_evaluate(r, &in, &st, &res);
    assert_int_equal(res.status, U);
    assert_string_equal(res.message, "/var: unknown: usage not queried");
    /* back at 89%: the critical level survived the blip (clears at 88) */
    in = at(8900);
    threshold_evaluate(r, &in, &st, &res);
    assert_int_equal(res.status, C);
    config_free(&cfg);

    r = rule(&cfg, "threshold /var error critical\n");
    in.mount_status = SIA_MOUNT_ERROR;
    threshold_evaluate(r, &in, &st, &res);
    assert_int_equal(res.status, C);
    assert_int_equal(res.measure, SIA_MEASURE_ERROR);
    in.mount_status = SIA_MOUNT_TIMEOUT;
    threshold_evaluate(r, &in, &st, &res);
    assert_int_equal(res.status, U);
    in.mount_status = SIA_MOUNT_OK; /* no usage measure: nothing to judge */
    threshold_evaluate(r, &in, &st, &res);
    assert_int_equal(res.status, U);
    config_free(&cfg);
}

static void test_notification_values(void **state)
{
    struct config cfg;
    const struct cfg_threshold *r =
        rule(&cfg, "threshold /var used 80% 90% timeout critical\n");
    struct threshold_state st = {{0}};
    struct threshold_result ok, crit, warn, tmo;
    struct threshold_input in = at(5000);
    uint64_t value, level;
    int measure;

    threshold_evaluate(r, &in, &st, &ok);
    in = at(9120);
    threshold_evaluate(r, &in, &st, &crit);
    threshold_notification_values(&ok, &crit, &measure, &value, &level);
    assert_int_equal(measure, SIA_MEASURE_USED_PERCENT);
    assert_int_equal(value, 9120);
    assert_int_equal(level, 9000);
    assert_string_equal(crit.message, "/var: critical: 91.20% used, "
                                      "critical at 90.00% (clears at 88.00%)");
    in = at(8750);
    threshold_evaluate(r, &in, &st, &warn);
    assert_int_equal(warn.status, W);
    threshold_notification_values(&crit, &warn, &measure, &value, &level);
    assert_int_equal(measure, SIA_MEASURE_USED_PERCENT);
    assert_int_equal(value, 8750);
    assert_int_equal(level, 8800); /* where critical cleared */
    in.mount_status = SIA_MOUNT_TIMEOUT;
    threshold_evaluate(r, &in, &st, &tmo);
    threshold_notification_values(&warn, &tmo, &measure, &value, &level);
    assert_int_equal(measure, SIA_MEASURE_TIMEOUT);
    assert_int_equal(value, 0);
    assert_int_equal(level, 0);
    threshold_notification_values(&tmo, &ok, &measure, &value, &level);
    assert_int_equal(measure, SIA_MEASURE_TIMEOUT);
    assert_int_equal(value, 0);
    config_free(&cfg);
}

static void test_mount_point_in_message(void **state)
{
    struct config cfg;
    const struct cfg_threshold *r = rule(&cfg, "threshold /var used - 90%\n");
    struct threshold_state st = {{0}};
    struct threshold_result res;
    struct threshold_input in = at(100);
    char long_path[300];

    in.mount_point = "/mnt/a\nb\tc\xff";
    in.mount_point_len = 11;
    threshold_evaluate(r, &in, &st, &res);
    assert_string_equal(res.message, "/mnt/a?b?c?: ok: 1.00% used");
    memset(long_path, 'x', sizeof(long_path));
    long_path[0] = '/';
    in.mount_point = long_path;
    in.mount_point_len = sizeof(long_path);
    threshold_evaluate(r, &in, &st, &res);
    assert_true(strlen(res.message) < THRESHOLD_MESSAGE_MAX);
    assert_non_null(strstr(res.message, "...: ok: 1.00% used"));
    config_free(&cfg);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_percent),
        cmocka_unit_test(test_no_flap),
        cmocka_unit_test(test_two_levels),
        cmocka_unit_test(test_hysteresis_zero),
        cmocka_unit_test(test_avail),
        cmocka_unit_test(test_worst_measure_wins),
        cmocka_unit_test(test_ok_message),
        cmocka_unit_test(test_unknown_measures),
        cmocka_unit_test(test_timeout_and_error),
        cmocka_unit_test(test_notification_values),
        cmocka_unit_test(test_mount_point_in_message),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
