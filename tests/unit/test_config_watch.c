/*
 * test_config_watch.c - watch, threshold and notify_interval lines:
 * what they set, and every refusal with its FILE:LINE: reason.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "config.h"
#include "sysinfo_oids.h"

#define ERRLEN 512

static int load(struct config *cfg, const char *text, char *err)
{
    err[0] = '\0';
    return config_load_string(cfg, "t.conf", text, err, ERRLEN);
}

static void assert_contains(const char *hay, const char *needle)
{
    if (strstr(hay, needle) == NULL)
        fail_msg("\"%s\" does not contain \"%s\"", hay, needle);
}

/* Loads one bad line (after a good one, so the line number is 2) and
 * checks the whole message. */
static void refused(const char *line, const char *want)
{
    struct config cfg;
    char err[ERRLEN], text[512], full[600];

    config_defaults(&cfg);
    snprintf(text, sizeof(text), "watch ok name ^ok$\n%s\n", line);
    assert_int_equal(load(&cfg, text, err), -1);
    snprintf(full, sizeof(full), "t.conf:2: %s", want);
    if (strcmp(err, full) != 0)
        fail_msg("line %s\n got: %s\nwant: %s", line, err, full);
    config_free(&cfg);
}

/* ---- watches --------------------------------------------------------- */

static void test_defaults(void **state)
{
    struct config cfg;

    config_defaults(&cfg);
    assert_int_equal(cfg.alerts.watch_count, 0);
    assert_null(cfg.alerts.watches);
    assert_int_equal(cfg.alerts.threshold_count, 0);
    assert_int_equal(cfg.alerts.notify_interval_s, 60);
    config_free(&cfg);
}

static void test_watch_lines(void **state)
{
    struct config cfg;
    char err[ERRLEN];
    const char *text =
        "watch nginx name ^nginx$ user root min 1\n"
        "watch nginx-workers args \"^nginx: worker process$\" min 2 max 64 "
        "parent 1 cgroup /system.slice/nginx.service\n"
        "watch sshd exe ^/usr/sbin/sshd$ max 1 user 0 notify_interval 300\n"
        "watch count.only_9 name x\n";

    config_defaults(&cfg);
    assert_int_equal(load(&cfg, text, err), 0);
    assert_string_equal(err, "");
    assert_int_equal(cfg.alerts.watch_count, 4);
    const struct cfg_watch *w = cfg.alerts.watches;
    assert_string_equal(w[0].name, "nginx");
    assert_int_equal(w[0].target, SIA_WATCH_TARGET_NAME);
    assert_string_equal(w[0].pattern, "^nginx$");
    assert_true(w[0].has_user);
    assert_int_equal(w[0].uid, 0);
    assert_true(w[0].has_min);
    assert_int_equal(w[0].min, 1);
    assert_false(w[0].has_max);
    assert_false(w[0].has_parent);
    assert_null(w[0].cgroup);
    assert_false(w[0].has_notify_interval);
    assert_int_equal(w[0].line, 1);

    assert_int_equal(w[1].target, SIA_WATCH_TARGET_ARGS);
    assert_string_equal(w[1].pattern, "^nginx: worker process$");
    assert_int_equal(w[1].min, 2);
    assert_int_equal(w[1].max, 64);
    assert_true(w[1].has_parent);
    assert_int_equal(w[1].parent, 1);
    assert_string_equal(w[1].cgroup, "/system.slice/nginx.service");
    assert_false(w[1].has_user);

    assert_int_equal(w[2].target, SIA_WATCH_TARGET_EXE);
    assert_false(w[2].has_min);
    assert_int_equal(w[2].max, 1);
    assert_int_equal(w[2].uid, 0);
    assert_true(w[2].has_notify_interval);
    assert_int_equal(w[2].notify_interval_s, 300);
    assert_int_equal(cfg_notify_interval(&cfg.alerts, w[2].has_notify_interval,
                                         w[2].notify_interval_s),
                     300);
    assert_int_equal(cfg_notify_interval(&cfg.alerts, w[0].has_notify_interval,
                                         w[0].notify_interval_s),
                     60);

    assert_string_equal(w[3].name, "count.only_9");
    assert_false(w[3].has_min);
    assert_false(w[3].has_max);
    config_free(&cfg);
    assert_int_equal(cfg.alerts.watch_count, 0);
}

static void test_watch_min_equals_max_and_zero(void **state)
{
    struct config cfg;
    char err[ERRLEN];

    config_defaults(&cfg);
    assert_int_equal(load(&cfg,
                          "watch a name a min 1 max 1\n"
                          "watch b name b min 0 max 0\n"
                          "watch c name c max 1000000\n",
                          err),
                     0);
    assert_int_equal(cfg.alerts.watches[1].max, 0);
    assert_true(cfg.alerts.watches[1].has_max);
    assert_int_equal(cfg.alerts.watches[2].max, 1000000);
    config_free(&cfg);
}

static void test_watch_refusals(void **state)
{
    struct config cfg;
    char err[ERRLEN];

    /* regerror's wording is glibc's: check the start of the message */
    config_defaults(&cfg);
    assert_int_equal(load(&cfg, "watch x name (nginx\n", err), -1);
    assert_contains(err, "t.conf:1: watch: invalid regular expression "
                         "\"(nginx\": ");
    assert_int_equal(load(&cfg, "\nwatch x args \"a{2,1}\" min 1\n", err), -1);
    assert_contains(err, "t.conf:2: watch: invalid regular expression");
    config_free(&cfg);

    refused("watch x name x user no-such-user-sia",
            "watch: unknown user \"no-such-user-sia\"");
    refused("watch x name x min 3 max 2", "watch: x: min 3 is above max 2");
    refused("watch x name x min -1",
            "watch: min \"-1\" is not a whole number (0..1000000)");
    refused("watch x name x max 1000001",
            "watch: max \"1000001\" is not a whole number (0..1000000)");
    refused("watch ok name y", "watch: \"ok\" is already defined on line 1");
    refused("watch \"a b\" name y",
            "watch: name \"a b\": use 1 to 32 letters, digits, '.', '_', "
            "'-'");
    refused("watch abcdefghijabcdefghijabcdefghijabc name y",
            "watch: name \"abcdefghijabcdefghijabcdefghijabc\": use 1 to 32 "
            "letters, digits, '.', '_', '-'");
    refused("watch x cmdline y",
            "watch: x: match target \"cmdline\" is not name, args or exe");
    refused("watch x name", "watch: expected: watch NAME name|args|exe "
                            "PATTERN [min N] [max N] [user U] [parent PID] "
                            "[cgroup PATH]");
    refused("watch", "watch: missing value");
    refused("watch x name \"\"", "watch: empty pattern");
    refused("watch x name y count 3",
            "watch: unknown option \"count\" (user, parent, cgroup, min, "
            "max, notify_interval)");
    refused("watch x name y min", "watch: x: min needs a value");
    refused("watch x name y min 1 min 2", "watch: min given twice");
    refused("watch x name y cgroup system.slice",
            "watch: cgroup \"system.slice\" is not an absolute path "
            "(/system.slice/nginx.service)");
    refused("watch x name y parent one",
            "watch: parent \"one\" is not a process id");
    refused("watch x name y notify_interval 86401",
            "watch: notify_interval \"86401\" is not a whole number of "
            "seconds (0..86400)");
}

/* ---- thresholds ------------------------------------------------------ */

static void test_threshold_lines(void **state)
{
    struct config cfg;
    char err[ERRLEN];
    const char *text = "threshold /var used 80% 90% avail 2G 1G\n"
                       "threshold / used 85 95.5% inodes - 90% hysteresis 5\n"
                       "threshold \"/srv/*\" used - 97%\n"
                       "threshold type:nfs4 timeout critical error critical "
                       "notify_interval 0\n"
                       "threshold /data avail 1.5GiB 512M\n"
                       "notify_interval 120\n";

    config_defaults(&cfg);
    assert_int_equal(load(&cfg, text, err), 0);
    assert_string_equal(err, "");
    assert_int_equal(cfg.alerts.threshold_count, 5);
    assert_int_equal(cfg.alerts.notify_interval_s, 120);
    const struct cfg_threshold *t = cfg.alerts.thresholds;
    assert_int_equal(t[0].kind, CFG_THR_PATH);
    assert_string_equal(t[0].match, "/var");
    assert_int_equal(t[0].used.warning, 8000);
    assert_int_equal(t[0].used.critical, 9000);
    assert_int_equal(t[0].avail.warning, 2ull << 30);
    assert_int_equal(t[0].avail.critical, 1ull << 30);
    assert_true(t[0].inodes.warning == CFG_LEVEL_NONE);
    assert_true(t[0].inodes.critical == CFG_LEVEL_NONE);
    assert_int_equal(t[0].hysteresis, 200);
    assert_int_equal(t[0].timeout_critical, 0);

    assert_int_equal(t[1].used.warning, 8500);
    assert_int_equal(t[1].used.critical, 9550);
    assert_true(t[1].inodes.warning == CFG_LEVEL_NONE);
    assert_int_equal(t[1].inodes.critical, 9000);
    assert_int_equal(t[1].hysteresis, 500);

    assert_int_equal(t[2].kind, CFG_THR_GLOB);
    assert_string_equal(t[2].match, "/srv/*");
    assert_true(t[2].used.warning == CFG_LEVEL_NONE);

    assert_int_equal(t[3].kind, CFG_THR_TYPE);
    assert_string_equal(t[3].match, "nfs4");
    assert_int_equal(t[3].timeout_critical, 1);
    assert_int_equal(t[3].error_critical, 1);
    assert_true(t[3].has_notify_interval);
    assert_int_equal(t[3].notify_interval_s, 0);

    assert_int_equal(t[4].avail.warning, 3ull << 29); /* 1.5 GiB */
    assert_int_equal(t[4].avail.critical, 512ull << 20);
    config_free(&cfg);
}

static void test_threshold_refusals(void **state)
{
    refused("threshold /var used 80% 100.01%",
            "threshold: used \"100.01%\" is above 100%");
    refused("threshold /var inodes 101 -",
            "threshold: inodes \"101\" is above 100%");
    refused("threshold /var used 95% 90%",
            "threshold: used: warning level 95% is above the critical level "
            "90%");
    refused("threshold /var avail 1G 2G",
            "threshold: avail: warning level 1G is below the critical level "
            "2G (less available is worse: warn at the larger size)");
    refused("threshold /var used 90.001% -",
            "threshold: used \"90.001%\" is not a percentage (90%, 92.5%)");
    refused("threshold /var avail 10X -",
            "threshold: avail \"10X\" is not a size (10G, 512M, 1048576)");
    refused("threshold /var used - -",
            "threshold: used: give a warning or a critical level, not \"- "
            "-\"");
    refused("threshold /var used 90%",
            "threshold: used needs a warning and a critical level (\"-\" for "
            "none)");
    refused("threshold /var", "threshold: /var sets no level (used, avail, "
                              "inodes, or timeout/error critical)");
    refused("threshold /var timeout unknown",
            "threshold: /var sets no level (used, avail, inodes, or "
            "timeout/error critical)");
    refused("threshold var used 1 2",
            "threshold: \"var\" is neither a mount point (/var), a glob "
            "(/srv/*) nor type:FSTYPE");
    refused("threshold type: used 1 2",
            "threshold: \"type:\" is neither a mount point (/var), a glob "
            "(/srv/*) nor type:FSTYPE");
    refused("threshold /var used 1 2 hysteresis 51",
            "threshold: hysteresis \"51\" is not a percentage from 0 to 50");
    refused("threshold /var used 1 2 timeout sometimes",
            "threshold: timeout \"sometimes\": say critical or unknown");
    refused("threshold /var used 1 2 used 3 4", "threshold: used given twice");
    refused("threshold /var used 1 2 size 3",
            "threshold: unknown option \"size\" (used, avail, inodes, "
            "hysteresis, timeout, error, notify_interval)");
    refused("threshold", "threshold: missing value");
    refused("notify_interval", "notify_interval: missing value");
    refused("notify_interval 5 6",
            "notify_interval: unexpected extra value \"6\" (takes one value)");
    refused("notify_interval 1.5",
            "notify_interval: notify_interval \"1.5\" is not a whole number "
            "of seconds (0..86400)");
}

static void test_threshold_duplicate(void **state)
{
    struct config cfg;
    char err[ERRLEN];

    config_defaults(&cfg);
    assert_int_equal(load(&cfg,
                          "threshold /var used 1 2\n"
                          "threshold type:/var used 1 2\n" /* a type, odd */
                          "threshold /var avail 2G 1G\n",
                          err),
                     -1);
    assert_string_equal(err,
                        "t.conf:3: threshold: \"/var\" is already set on line "
                        "1");
    config_free(&cfg);
}

static void test_threshold_find_precedence(void **state)
{
    struct config cfg;
    char err[ERRLEN];
    const char *text = "threshold type:ext4 used 1 2\n"
                       "threshold \"/srv/*\" used 3 4\n"
                       "threshold \"/srv/a*\" used 5 6\n"
                       "threshold /srv/data used 7 8\n";
    const struct cfg_threshold *t;

    config_defaults(&cfg);
    assert_int_equal(load(&cfg, text, err), 0);
    t = cfg_threshold_find(&cfg.alerts, "/srv/data", "ext4");
    assert_non_null(t);
    assert_int_equal(t->line, 4); /* exact beats glob beats type */
    t = cfg_threshold_find(&cfg.alerts, "/srv/abc", "ext4");
    assert_int_equal(t->line, 2); /* first glob in the file */
    t = cfg_threshold_find(&cfg.alerts, "/home", "ext4");
    assert_int_equal(t->line, 1);
    assert_null(cfg_threshold_find(&cfg.alerts, "/home", "xfs"));
    assert_null(cfg_threshold_find(&cfg.alerts, NULL, NULL));
    config_free(&cfg);
}

/* A bad line keeps the old watches; a good reload replaces them. */
static void test_reload_atomic(void **state)
{
    struct config cfg;
    char err[ERRLEN];

    config_defaults(&cfg);
    assert_int_equal(
        load(&cfg, "watch a name a min 1\nthreshold / used 1 2\n", err), 0);
    assert_int_equal(load(&cfg, "watch b name b\nwatch c name (\n", err), -1);
    assert_int_equal(cfg.alerts.watch_count, 1);
    assert_string_equal(cfg.alerts.watches[0].name, "a");
    assert_int_equal(cfg.alerts.threshold_count, 1);
    assert_int_equal(load(&cfg, "watch b name b\n", err), 0);
    assert_int_equal(cfg.alerts.watch_count, 1);
    assert_string_equal(cfg.alerts.watches[0].name, "b");
    assert_int_equal(cfg.alerts.threshold_count, 0);
    config_free(&cfg);
    config_free(&cfg);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_defaults),
        cmocka_unit_test(test_watch_lines),
        cmocka_unit_test(test_watch_min_equals_max_and_zero),
        cmocka_unit_test(test_watch_refusals),
        cmocka_unit_test(test_threshold_lines),
        cmocka_unit_test(test_threshold_refusals),
        cmocka_unit_test(test_threshold_duplicate),
        cmocka_unit_test(test_threshold_find_precedence),
        cmocka_unit_test(test_reload_atomic),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
