/*
 * test_config.c - sysinfo-agentx.conf parsing, the mount filter, signal
 * names and the default file search.
 */
#include <errno.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "collector.h"
#include "config.h"
#include "mount_filter.h"
#include "signal_policy.h"

#define ERRLEN 512

static struct config fresh(void)
{
    struct config c;

    config_defaults(&c);
    return c;
}

/* Loads text as "t.conf" into cfg (a load replaces the whole config). */
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

/* ---- defaults -------------------------------------------------------- */

static void test_defaults(void **state)
{
    struct config cfg;

    memset(&cfg, 0xa5, sizeof(cfg));
    config_defaults(&cfg);
    assert_null(cfg.agentx_socket);
    assert_int_equal(cfg.ping_interval_s, 2);
    assert_int_equal(cfg.cache_ttl_s, 5);
    assert_int_equal(cfg.mount_ttl_s, 5);
    assert_int_equal(cfg.mount_timeout_ms, 1000);
    assert_int_equal(cfg.mount_table, COL_MOUNTS_SELF);
    assert_int_equal(cfg.scan_interval_s, 60);
    assert_int_equal(cfg.scan_wait_ms, 500);
    assert_int_equal(cfg.args_max, 4096);
    assert_int_equal(cfg.signals_enabled, 0);
    for (int i = 0; i <= CONFIG_MAX_SIGNAL; i++)
        assert_int_equal(cfg.signals_allowed[i], 0);
    assert_int_equal(cfg.include_types.count, 0);
    assert_null(cfg.include_types.items);
    assert_int_equal(cfg.exclude_types.count, 0);
    assert_int_equal(cfg.include_paths.count, 0);
    assert_int_equal(cfg.exclude_paths.count, 0);
    assert_int_equal(cfg.nostatfs_types.count, 0);
    config_free(&cfg);
}

static void test_empty_and_comment_only(void **state)
{
    struct config cfg = fresh();
    char err[ERRLEN];

    assert_int_equal(load(&cfg, "", err), 0);
    assert_int_equal(cfg.cache_ttl_s, 5);
    assert_int_equal(
        load(&cfg, "\n\n   \t\n# all comment\n  # indented\n", err), 0);
    assert_int_equal(cfg.ping_interval_s, 2);
    assert_null(cfg.agentx_socket);
    config_free(&cfg);
}

/* ---- every keyword, good --------------------------------------------- */

static void test_all_keywords_good(void **state)
{
    struct config cfg = fresh();
    char err[ERRLEN];
    const char *text = "agentx_socket tcp:localhost:705\n"
                       "agentx_ping_interval 7\n"
                       "cache_ttl 11\n"
                       "mount_ttl 13\n"
                       "mount_timeout 2.5\n"
                       "mount_namespace init\n"
                       "scan_interval 0\n"
                       "scan_wait 0.25\n"
                       "args_max 8192\n"
                       "signals_allow TERM 1\n"
                       "mount_include_type ext4 xfs\n"
                       "mount_exclude_type tmpfs\n"
                       "mount_include_path /srv/* /home\n"
                       "mount_exclude_path /srv/tmp\n"
                       "mount_nostatfs_type nfs cifs\n"
                       "persistent_dir /var/lib/sia\n";

    assert_int_equal(load(&cfg, text, err), 0);
    assert_string_equal(err, "");
    assert_string_equal(cfg.agentx_socket, "tcp:localhost:705");
    assert_string_equal(cfg.persistent_dir, "/var/lib/sia");
    assert_int_equal(cfg.ping_interval_s, 7);
    assert_int_equal(cfg.cache_ttl_s, 11);
    assert_int_equal(cfg.mount_ttl_s, 13);
    assert_int_equal(cfg.mount_timeout_ms, 2500);
    assert_int_equal(cfg.mount_table, COL_MOUNTS_INIT);
    assert_int_equal(cfg.scan_interval_s, 0);
    assert_int_equal(cfg.scan_wait_ms, 250);
    assert_int_equal(cfg.args_max, 8192);
    assert_int_equal(cfg.signals_enabled, 1);
    assert_int_equal(cfg.signals_allowed[SIGTERM], 1);
    assert_int_equal(cfg.signals_allowed[1], 1);
    assert_int_equal(cfg.signals_allowed[SIGKILL], 0);
    assert_int_equal(cfg.include_types.count, 2);
    assert_string_equal(cfg.include_types.items[0], "ext4");
    assert_string_equal(cfg.include_types.items[1], "xfs");
    assert_int_equal(cfg.exclude_types.count, 1);
    assert_string_equal(cfg.exclude_types.items[0], "tmpfs");
    assert_int_equal(cfg.include_paths.count, 2);
    assert_string_equal(cfg.include_paths.items[0], "/srv/*");
    assert_string_equal(cfg.include_paths.items[1], "/home");
    assert_int_equal(cfg.exclude_paths.count, 1);
    assert_string_equal(cfg.exclude_paths.items[0], "/srv/tmp");
    assert_int_equal(cfg.nostatfs_types.count, 2);
    assert_string_equal(cfg.nostatfs_types.items[0], "nfs");
    assert_string_equal(cfg.nostatfs_types.items[1], "cifs");
    config_free(&cfg);
}

static void test_numeric_bounds_good(void **state)
{
    struct config cfg = fresh();
    char err[ERRLEN];

    assert_int_equal(load(&cfg,
                          "agentx_ping_interval 1\ncache_ttl 3600\n"
                          "mount_ttl 0001\nargs_max 64\n",
                          err),
                     0);
    assert_int_equal(cfg.ping_interval_s, 1);
    assert_int_equal(cfg.cache_ttl_s, 3600);
    assert_int_equal(cfg.mount_ttl_s, 1);
    assert_int_equal(cfg.args_max, 64);
    assert_int_equal(load(&cfg, "args_max 65535\nmount_ttl 3600\n", err), 0);
    assert_int_equal(cfg.args_max, 65535);
    assert_int_equal(cfg.mount_ttl_s, 3600);
    config_free(&cfg);
}

static void test_exact_error_text(void **state)
{
    struct config cfg = fresh();
    char err[ERRLEN];

    assert_int_equal(
        load(&cfg, "# c\n\nmount_ttl 3\n\n\n\ncache_ttl abc\n", err), -1);
    assert_string_equal(err, "t.conf:7: cache_ttl: \"abc\" is not a whole "
                             "number of seconds (1..3600)");
    assert_int_equal(load(&cfg, "args_max 63\n", err), -1);
    assert_string_equal(err, "t.conf:1: args_max: \"63\" is not a whole "
                             "number of bytes (64..65535)");
    config_free(&cfg);
}

/* ---- every keyword, bad ---------------------------------------------- */

struct bad_case {
    const char *line;    /* placed on line 3 */
    const char *keyword; /* must appear in the message */
    const char *value;   /* must appear in the message (quoted) */
};

static const struct bad_case bad_cases[] = {
    {"agentx_ping_interval 0", "agentx_ping_interval", "\"0\""},
    {"agentx_ping_interval 3601", "agentx_ping_interval", "\"3601\""},
    {"agentx_ping_interval 2s", "agentx_ping_interval", "\"2s\""},
    {"cache_ttl -1", "cache_ttl", "\"-1\""},
    {"cache_ttl +5", "cache_ttl", "\"+5\""},
    {"cache_ttl 0x10", "cache_ttl", "\"0x10\""},
    {"cache_ttl 5.0", "cache_ttl", "\"5.0\""},
    {"cache_ttl 99999999999999999999999999", "cache_ttl",
     "\"99999999999999999999999999\""},
    {"cache_ttl 4294967301", "cache_ttl", "\"4294967301\""},
    {"mount_ttl 0", "mount_ttl", "\"0\""},
    {"mount_ttl 10000", "mount_ttl", "\"10000\""},
    {"mount_timeout 0.009", "mount_timeout", "\"0.009\""},
    {"mount_timeout 0", "mount_timeout", "\"0\""},
    {"scan_wait 5.001", "scan_wait", "\"5.001\""},
    {"scan_interval 86401", "scan_interval", "\"86401\""},
    {"mount_timeout 60.001", "mount_timeout", "\"60.001\""},
    {"mount_timeout 61", "mount_timeout", "\"61\""},
    {"mount_timeout 0.0105", "mount_timeout", "\"0.0105\""},
    {"mount_timeout 1.", "mount_timeout", "\"1.\""},
    {"mount_timeout .5", "mount_timeout", "\".5\""},
    {"mount_timeout 1e3", "mount_timeout", "\"1e3\""},
    {"mount_timeout 1,5", "mount_timeout", "\"1,5\""},
    {"mount_timeout -1", "mount_timeout", "\"-1\""},
    {"mount_timeout 99999999999999999999", "mount_timeout",
     "\"99999999999999999999\""},
    {"args_max 63", "args_max", "\"63\""},
    {"args_max 1048577", "args_max", "\"1048577\""},
    {"args_max 4k", "args_max", "\"4k\""},
    {"signals_allow TERM BOGUS", "signals_allow", "\"BOGUS\""},
    {"signals_allow 0", "signals_allow", "\"0\""},
    {"signals_allow 65", "signals_allow", "\"65\""},
    {"signals_allow SIG", "signals_allow", "\"SIG\""},
    {"agentx_socket a b", "agentx_socket", "\"b\""},
    {"agentx_socket \"\"", "agentx_socket", "empty value"},
    {"cache_ttl 5 6", "cache_ttl", "\"6\""},
    {"mount_include_type \"\"", "mount_include_type", "empty value"},
    {"mount_exclude_path \"/unterminated", "mount_exclude_path",
     "\"\\\"/unterminated\""},
    {"mount_include_path \"/a\"b", "mount_include_path", "\"\\\"/a\\\"b\""},
    {"mount_include_path /a\"b\"", "mount_include_path", "\"/a\\\"b\\\"\""},
    {"mount_namespace host", "not self or init", "\"host\""},
    {"mount_namespace self init", "mount_namespace", "\"init\""},
    {"no_such_keyword 5", "unknown keyword", "\"no_such_keyword\""},
    {"Cache_TTL 5", "unknown keyword", "\"Cache_TTL\""},
};

static void test_bad_values(void **state)
{
    struct config cfg = fresh();
    char err[ERRLEN], text[256];

    for (size_t i = 0; i < sizeof(bad_cases) / sizeof(bad_cases[0]); i++) {
        const struct bad_case *c = &bad_cases[i];
        snprintf(text, sizeof(text), "# header\n\n  %s  \nmount_ttl 9\n",
                 c->line);
        if (load(&cfg, text, err) != -1)
            fail_msg("accepted: %s", c->line);
        assert_contains(err, "t.conf:3: ");
        assert_contains(err, c->keyword);
        assert_contains(err, c->value);
        /* Nothing from the bad file leaked into cfg. */
        assert_int_equal(cfg.mount_ttl_s, 5);
        config_free(&cfg);
    }
}

static void test_missing_value_every_keyword(void **state)
{
    static const char *const keywords[] = {
        "agentx_socket",      "agentx_ping_interval", "cache_ttl",
        "mount_ttl",          "mount_timeout",        "args_max",
        "signals_allow",      "mount_include_type",   "mount_exclude_type",
        "mount_include_path", "mount_exclude_path",   "mount_nostatfs_type",
        "mount_namespace",
    };
    struct config cfg = fresh();
    char err[ERRLEN], text[128], want[128];

    for (size_t i = 0; i < sizeof(keywords) / sizeof(keywords[0]); i++) {
        snprintf(text, sizeof(text), "\n%s   # comment\n", keywords[i]);
        assert_int_equal(load(&cfg, text, err), -1);
        snprintf(want, sizeof(want), "t.conf:2: %s: missing value",
                 keywords[i]);
        assert_string_equal(err, want);
    }
    config_free(&cfg);
}

/* ---- quoting and comments -------------------------------------------- */

static void test_quoted_values(void **state)
{
    struct config cfg = fresh();
    char err[ERRLEN];
    const char *text =
        "mount_include_path \"/mnt/my disk\" \"/a \\\"b\\\" \\\\c\" plain\n"
        "mount_exclude_path \"/x#y\" \"\\*lit\" \"\" # trailing\n";

    /* "" is an empty value and rejected: check that separately. */
    assert_int_equal(load(&cfg, text, err), -1);
    assert_string_equal(err, "t.conf:2: mount_exclude_path: empty value");

    text = "mount_include_path \"/mnt/my disk\" \"/a \\\"b\\\" \\\\c\" plain\n"
           "mount_exclude_path \"/x#y\" \"\\*lit\"\t# trailing\n"
           "agentx_socket \"unix:/run/agent x\"\n";
    assert_int_equal(load(&cfg, text, err), 0);
    assert_int_equal(cfg.include_paths.count, 3);
    assert_string_equal(cfg.include_paths.items[0], "/mnt/my disk");
    assert_string_equal(cfg.include_paths.items[1], "/a \"b\" \\c");
    assert_string_equal(cfg.include_paths.items[2], "plain");
    assert_int_equal(cfg.exclude_paths.count, 2);
    assert_string_equal(cfg.exclude_paths.items[0], "/x#y");
    /* Only \" and \\ are escapes: fnmatch's own escape survives. */
    assert_string_equal(cfg.exclude_paths.items[1], "\\*lit");
    assert_string_equal(cfg.agentx_socket, "unix:/run/agent x");
    config_free(&cfg);
}

static void test_comments_and_whitespace(void **state)
{
    struct config cfg = fresh();
    char err[ERRLEN];
    const char *text = "# whole line\n"
                       "   # indented comment\n"
                       "\t cache_ttl\t 9 \t# after value\n"
                       "mount_exclude_path /a#b /c # gone\n"
                       "mount_ttl 8\r\n"
                       "   \r\n"
                       "args_max 100#not-a-comment\n";

    assert_int_equal(load(&cfg, text, err), -1);
    assert_string_equal(err, "t.conf:7: args_max: \"100#not-a-comment\" is "
                             "not a whole number of bytes (64..65535)");

    text = "# whole line\n"
           "   # indented comment\n"
           "\t cache_ttl\t 9 \t# after value\n"
           "mount_exclude_path /a#b /c # gone\n"
           "mount_ttl 8\r\n"
           "   \r\n"
           "args_max 100"; /* no final newline */
    assert_int_equal(load(&cfg, text, err), 0);
    assert_int_equal(cfg.cache_ttl_s, 9);
    assert_int_equal(cfg.exclude_paths.count, 2);
    assert_string_equal(cfg.exclude_paths.items[0], "/a#b");
    assert_string_equal(cfg.exclude_paths.items[1], "/c");
    assert_int_equal(cfg.mount_ttl_s, 8);
    assert_int_equal(cfg.args_max, 100);
    config_free(&cfg);
}

static void test_last_wins_and_lists_append(void **state)
{
    struct config cfg = fresh();
    char err[ERRLEN];
    const char *text = "agentx_socket first\n"
                       "cache_ttl 10\n"
                       "mount_exclude_type tmpfs\n"
                       "agentx_socket second\n"
                       "cache_ttl 20\n"
                       "mount_exclude_type devtmpfs squashfs\n"
                       "signals_allow HUP\n"
                       "signals_allow USR1\n";

    assert_int_equal(load(&cfg, text, err), 0);
    assert_string_equal(cfg.agentx_socket, "second");
    assert_int_equal(cfg.cache_ttl_s, 20);
    assert_int_equal(cfg.exclude_types.count, 3);
    assert_string_equal(cfg.exclude_types.items[0], "tmpfs");
    assert_string_equal(cfg.exclude_types.items[1], "devtmpfs");
    assert_string_equal(cfg.exclude_types.items[2], "squashfs");
    assert_int_equal(cfg.signals_allowed[SIGHUP], 1);
    assert_int_equal(cfg.signals_allowed[SIGUSR1], 1);
    assert_int_equal(cfg.signals_allowed[SIGTERM], 0);
    config_free(&cfg);
}

/* ---- atomicity and reload -------------------------------------------- */

static void test_bad_file_leaves_config_untouched(void **state)
{
    struct config cfg = fresh(), before;
    char err[ERRLEN];

    assert_int_equal(load(&cfg,
                          "agentx_socket tcp:1.2.3.4:705\ncache_ttl 30\n"
                          "mount_exclude_type tmpfs\nsignals_allow TERM\n",
                          err),
                     0);
    memcpy(&before, &cfg, sizeof(cfg));
    char *sock = cfg.agentx_socket;
    char **items = cfg.exclude_types.items;

    /* Good directives before the bad one must not be applied either. */
    assert_int_equal(config_load_string(&cfg, "new.conf",
                                        "cache_ttl 99\nagentx_socket x\n"
                                        "mount_exclude_type proc\n"
                                        "signals_allow KILL\nargs_max 1\n",
                                        err, sizeof(err)),
                     -1);
    assert_string_equal(err, "new.conf:5: args_max: \"1\" is not a whole "
                             "number of bytes (64..65535)");
    assert_memory_equal(&before, &cfg, sizeof(cfg));
    assert_ptr_equal(cfg.agentx_socket, sock);
    assert_ptr_equal(cfg.exclude_types.items, items);
    assert_string_equal(cfg.agentx_socket, "tcp:1.2.3.4:705");
    assert_int_equal(cfg.exclude_types.count, 1);
    assert_string_equal(cfg.exclude_types.items[0], "tmpfs");
    assert_int_equal(cfg.signals_allowed[SIGKILL], 0);
    config_free(&cfg);
}

static void test_reload_replaces(void **state)
{
    struct config cfg = fresh();
    char err[ERRLEN];

    assert_int_equal(load(&cfg,
                          "signals_allow TERM KILL\nmount_exclude_type a\n"
                          "agentx_socket s\ncache_ttl 9\n",
                          err),
                     0);
    /* A SIGHUP reload of an edited file: what was dropped is gone. */
    assert_int_equal(config_load_string(&cfg, "t.conf",
                                        "signals_allow TERM\n"
                                        "mount_exclude_type b\n",
                                        err, sizeof(err)),
                     0);
    assert_int_equal(cfg.signals_allowed[SIGTERM], 1);
    assert_int_equal(cfg.signals_allowed[SIGKILL], 0);
    assert_int_equal(cfg.exclude_types.count, 1);
    assert_string_equal(cfg.exclude_types.items[0], "b");
    assert_null(cfg.agentx_socket);
    assert_int_equal(cfg.cache_ttl_s, 5);
    /* And a reload without signals_allow disables signals again. */
    assert_int_equal(config_load_string(&cfg, "t.conf", "", err, sizeof(err)),
                     0);
    assert_int_equal(cfg.signals_enabled, 0);
    assert_int_equal(cfg.signals_allowed[SIGTERM], 0);
    config_free(&cfg);
}

static void test_free_twice_and_null_err(void **state)
{
    struct config cfg = fresh();

    config_defaults(&cfg);
    assert_int_equal(config_load_string(&cfg, "t.conf",
                                        "agentx_socket x\n"
                                        "mount_include_type ext4\n",
                                        NULL, 0),
                     0);
    config_free(&cfg);
    assert_null(cfg.agentx_socket);
    assert_int_equal(cfg.include_types.count, 0);
    assert_int_equal(cfg.cache_ttl_s, 5);
    config_free(&cfg);
    config_free(NULL);
    /* Errors with no buffer, or a tiny one, must not crash. */
    assert_int_equal(config_load_string(&cfg, "t.conf", "bogus\n", NULL, 0),
                     -1);
    char tiny[8];
    assert_int_equal(
        config_load_string(&cfg, "t.conf", "bogus\n", tiny, sizeof(tiny)), -1);
    assert_string_equal(tiny, "t.conf:");
    config_free(&cfg);
}

static void test_long_error_value_truncated(void **state)
{
    struct config cfg = fresh();
    char err[ERRLEN];
    char text[600];

    memset(text, '9', sizeof(text));
    memcpy(text, "cache_ttl ", 10);
    text[sizeof(text) - 1] = '\0';
    assert_int_equal(load(&cfg, text, err), -1);
    assert_contains(err, "t.conf:1: cache_ttl: \"9999");
    assert_contains(err, "\"...");
    assert_true(strlen(err) < 300);
    config_free(&cfg);
}

static void test_control_bytes_escaped_in_errors(void **state)
{
    struct config cfg = fresh();
    char err[ERRLEN];

    assert_int_equal(load(&cfg, "cache_ttl \"a\x1b[31m\"\n", err), -1);
    assert_string_equal(err, "t.conf:1: cache_ttl: \"a\\x1b[31m\" is not a "
                             "whole number of seconds (1..3600)");
    config_free(&cfg);
}

/* ---- signals ---------------------------------------------------------- */

static void test_signal_numbers(void **state)
{
    assert_int_equal(signal_policy_number("TERM"), SIGTERM);
    assert_int_equal(signal_policy_number("SIGTERM"), SIGTERM);
    assert_int_equal(signal_policy_number("sigterm"), SIGTERM);
    assert_int_equal(signal_policy_number("SigHup"), SIGHUP);
    assert_int_equal(signal_policy_number("kill"), SIGKILL);
    assert_int_equal(signal_policy_number("USR2"), SIGUSR2);
    assert_int_equal(signal_policy_number("SIGCHLD"), SIGCHLD);
    assert_int_equal(signal_policy_number("TTOU"), SIGTTOU);
    assert_int_equal(signal_policy_number("WINCH"), SIGWINCH);
    assert_int_equal(signal_policy_number("sigsys"), SIGSYS);
    assert_int_equal(signal_policy_number("TRAP"), SIGTRAP);
    assert_int_equal(signal_policy_number("IO"), SIGIO);
    assert_int_equal(signal_policy_number("15"), 15);
    assert_int_equal(signal_policy_number("1"), 1);
    assert_int_equal(signal_policy_number("64"), 64);
    assert_int_equal(signal_policy_number("009"), 9);
    assert_int_equal(signal_policy_number("0"), -1);
    assert_int_equal(signal_policy_number("65"), -1);
    assert_int_equal(signal_policy_number("-15"), -1);
    assert_int_equal(signal_policy_number("15x"), -1);
    assert_int_equal(signal_policy_number(" 15"), -1);
    assert_int_equal(signal_policy_number("99999999999999999999"), -1);
    assert_int_equal(signal_policy_number(""), -1);
    assert_int_equal(signal_policy_number("SIG"), -1);
    assert_int_equal(signal_policy_number("SIG15"), -1);
    assert_int_equal(signal_policy_number("SIGSIGTERM"), -1);
    assert_int_equal(signal_policy_number("TERMX"), -1);
    assert_int_equal(signal_policy_number("FOO"), -1);
    assert_int_equal(signal_policy_number(NULL), -1);
}

static void test_signals_allow_lines(void **state)
{
    struct config cfg = fresh();
    char err[ERRLEN];

    assert_int_equal(
        load(&cfg, "signals_allow sigterm 9 HUP SIGUSR1 64\n", err), 0);
    assert_int_equal(cfg.signals_enabled, 1);
    int n = 0;
    for (int i = 0; i <= CONFIG_MAX_SIGNAL; i++)
        n += cfg.signals_allowed[i];
    assert_int_equal(n, 5);
    assert_int_equal(cfg.signals_allowed[SIGTERM], 1);
    assert_int_equal(cfg.signals_allowed[9], 1);
    assert_int_equal(cfg.signals_allowed[SIGHUP], 1);
    assert_int_equal(cfg.signals_allowed[SIGUSR1], 1);
    assert_int_equal(cfg.signals_allowed[64], 1);
    assert_int_equal(cfg.signals_allowed[0], 0);

    assert_int_equal(load(&cfg, "signals_allow TERM garbage\n", err), -1);
    assert_string_equal(err, "t.conf:1: signals_allow: \"garbage\" is not a "
                             "signal name or number (1..64)");
    /* The earlier load stands, untouched. */
    assert_int_equal(cfg.signals_enabled, 1);
    assert_int_equal(cfg.signals_allowed[SIGKILL], 1);

    config_free(&cfg);
    assert_int_equal(load(&cfg, "signals_allow 2 garbage\n", err), -1);
    assert_int_equal(cfg.signals_enabled, 0);
    assert_int_equal(cfg.signals_allowed[2], 0);
    config_free(&cfg);
}

/* ---- mount_timeout ---------------------------------------------------- */

static void test_mount_timeout_decimals(void **state)
{
    static const struct {
        const char *text;
        unsigned ms;
    } good[] = {
        {"0.25", 250},     {"1", 1000},   {"1.5", 1500},    {"0.01", 10},
        {"60", 60000},     {"0.29", 290}, {"1.5000", 1500}, {"60.000", 60000},
        {"59.999", 59999}, {"00.5", 500}, {"2.345", 2345},  {"0.010", 10},
    };
    struct config cfg = fresh();
    char err[ERRLEN], text[64];

    for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
        snprintf(text, sizeof(text), "mount_timeout %s\n", good[i].text);
        if (load(&cfg, text, err) != 0)
            fail_msg("rejected %s: %s", good[i].text, err);
        assert_int_equal(cfg.mount_timeout_ms, good[i].ms);
    }
    config_free(&cfg);
}

/* ---- mount filter ----------------------------------------------------- */

static void test_mount_filter_defaults(void **state)
{
    struct config cfg = fresh();

    config_defaults(&cfg);
    assert_true(mount_filter_shown(&cfg, "ext4", "/", 0));
    assert_true(mount_filter_shown(&cfg, "xfs", "/srv/my data", 0));
    /* Pseudo filesystems are hidden by default. */
    assert_false(mount_filter_shown(&cfg, "proc", "/proc", 1));
    assert_false(mount_filter_shown(&cfg, "tmpfs", "/run", 1));
    assert_true(mount_filter_shown(&cfg, "tmpfs", "/run", 0));
    config_free(&cfg);
}

struct shown_case {
    const char *fstype;
    const char *mp;
    int pseudo;
    int shown;
};

static void check_shown(const struct config *cfg, const struct shown_case *c,
                        size_t n)
{
    for (size_t i = 0; i < n; i++) {
        int got = mount_filter_shown(cfg, c[i].fstype, c[i].mp, c[i].pseudo);
        if (got != c[i].shown)
            fail_msg("%s on %s (pseudo %d): got %d, want %d", c[i].fstype,
                     c[i].mp, c[i].pseudo, got, c[i].shown);
    }
}

static void test_mount_filter_types(void **state)
{
    struct config cfg = fresh();
    char err[ERRLEN];
    static const struct shown_case cases[] = {
        {"ext4", "/", 0, 1},     {"xfs", "/srv", 0, 0},
        {"tmpfs", "/run", 1, 1}, /* explicit include beats pseudo */
        {"proc", "/proc", 1, 0}, /* pseudo, not named */
        {"ext4x", "/", 0, 0},    /* exact match only */
        {"EXT4", "/", 0, 0},
    };

    assert_int_equal(load(&cfg, "mount_include_type ext4 tmpfs\n", err), 0);
    check_shown(&cfg, cases, sizeof(cases) / sizeof(cases[0]));

    static const struct shown_case excl[] = {
        {"ext4", "/", 0, 1},           {"tmpfs", "/run", 0, 0}, /* excluded */
        {"squashfs", "/snap/x", 0, 0}, {"sysfs", "/sys", 1, 0},
        {"xfs", "/data", 0, 1},
    };
    assert_int_equal(load(&cfg, "mount_exclude_type tmpfs squashfs\n", err), 0);
    check_shown(&cfg, excl, sizeof(excl) / sizeof(excl[0]));

    /* Named in both lists: exclusion wins. */
    assert_int_equal(load(&cfg,
                          "mount_include_type tmpfs\n"
                          "mount_exclude_type tmpfs\n",
                          err),
                     0);
    assert_false(mount_filter_shown(&cfg, "tmpfs", "/run", 1));
    assert_false(mount_filter_shown(&cfg, "tmpfs", "/run", 0));
    config_free(&cfg);
}

static void test_mount_filter_paths(void **state)
{
    struct config cfg = fresh();
    char err[ERRLEN];
    static const struct shown_case cases[] = {
        {"ext4", "/mnt/my disk", 0, 1},
        {"ext4", "/mnt/my disk/sub", 0, 0}, /* included, then excluded */
        {"ext4", "/mnt/other disk", 0, 1},
        {"ext4", "/mnt/nospace", 0, 0},
        {"ext4", "/home", 0, 1},
        {"ext4", "/home/x", 0, 0},
        {"ext4", "/", 0, 0},
        {"ext4", "/mnt/tmp disk", 0, 0},
        {"proc", "/home", 1, 0}, /* path match does not unhide pseudo */
    };

    assert_int_equal(load(&cfg,
                          "mount_include_path \"/mnt/* disk\" /home\n"
                          "mount_include_path \"/mnt/* disk/*\"\n"
                          "mount_exclude_path \"/mnt/tmp disk\" "
                          "\"/mnt/my disk/*\"\n",
                          err),
                     0);
    check_shown(&cfg, cases, sizeof(cases) / sizeof(cases[0]));

    /* Exclusion alone; glob character classes. */
    assert_int_equal(
        load(&cfg, "mount_exclude_path /snap/* /run/user/[0-9]*\n", err), 0);
    assert_false(mount_filter_shown(&cfg, "squashfs", "/snap/core", 0));
    assert_false(mount_filter_shown(&cfg, "tmpfs", "/run/user/1000", 0));
    assert_true(mount_filter_shown(&cfg, "tmpfs", "/run/user/x", 0));
    assert_true(mount_filter_shown(&cfg, "ext4", "/snap", 0));
    config_free(&cfg);
}

static void test_statfs_allowed(void **state)
{
    struct config cfg = fresh();
    char err[ERRLEN];

    config_defaults(&cfg);
    assert_true(mount_filter_statfs_allowed(&cfg, "ext4"));
    assert_true(mount_filter_statfs_allowed(&cfg, "nfs"));
    assert_false(mount_filter_statfs_allowed(&cfg, "autofs"));
    assert_int_equal(load(&cfg, "mount_nostatfs_type nfs fuse.sshfs\n", err),
                     0);
    assert_false(mount_filter_statfs_allowed(&cfg, "nfs"));
    assert_false(mount_filter_statfs_allowed(&cfg, "fuse.sshfs"));
    assert_false(mount_filter_statfs_allowed(&cfg, "autofs"));
    assert_true(mount_filter_statfs_allowed(&cfg, "nfs4"));
    assert_true(mount_filter_statfs_allowed(&cfg, "ext4"));
    config_free(&cfg);
}

/* ---- files -------------------------------------------------------------- */

struct tmpdir {
    char path[64];
};

static void tmpdir_make(struct tmpdir *t)
{
    snprintf(t->path, sizeof(t->path), "/tmp/test_config.XXXXXX");
    assert_non_null(mkdtemp(t->path));
}

static void write_file(const char *path, const char *data, size_t len)
{
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(data, 1, len, f), len);
    assert_int_equal(fclose(f), 0);
}

static void test_load_file(void **state)
{
    struct tmpdir t;
    char path[128], err[ERRLEN];
    struct config cfg = fresh();

    tmpdir_make(&t);
    snprintf(path, sizeof(path), "%s/a.conf", t.path);
    const char *good = "cache_ttl 17\nmount_exclude_path \"/a b\"\n";
    write_file(path, good, strlen(good));
    config_defaults(&cfg);
    assert_int_equal(config_load_file(&cfg, path, err, sizeof(err)), 0);
    assert_int_equal(cfg.cache_ttl_s, 17);
    assert_string_equal(cfg.exclude_paths.items[0], "/a b");

    /* A NUL byte is reported, not taken as the end of the line. */
    static const char nul[] = "cache_ttl 1\ncache_ttl 2\0junk\n";
    write_file(path, nul, sizeof(nul) - 1);
    assert_int_equal(config_load_file(&cfg, path, err, sizeof(err)), -1);
    char want[200];
    snprintf(want, sizeof(want), "%s:2: line contains a NUL byte", path);
    assert_string_equal(err, want);
    assert_int_equal(cfg.cache_ttl_s, 17);

    /* Missing file, and a directory. */
    snprintf(path, sizeof(path), "%s/missing.conf", t.path);
    assert_int_equal(config_load_file(&cfg, path, err, sizeof(err)), -1);
    snprintf(want, sizeof(want), "%s: cannot open: %s", path, strerror(ENOENT));
    assert_string_equal(err, want);
    assert_int_equal(config_load_file(&cfg, t.path, err, sizeof(err)), -1);
    snprintf(want, sizeof(want), "%s: not a regular file", t.path);
    assert_string_equal(err, want);
    /* A FIFO is refused at once, not waited on (nobody writes to it). */
    snprintf(path, sizeof(path), "%s/fifo.conf", t.path);
    assert_int_equal(mkfifo(path, 0600), 0);
    assert_int_equal(config_load_file(&cfg, path, err, sizeof(err)), -1);
    snprintf(want, sizeof(want), "%s: not a regular file", path);
    assert_string_equal(err, want);
    assert_int_equal(unlink(path), 0);
    assert_int_equal(cfg.cache_ttl_s, 17);
    config_free(&cfg);

    snprintf(path, sizeof(path), "%s/a.conf", t.path);
    assert_int_equal(unlink(path), 0);
    assert_int_equal(rmdir(t.path), 0);
}

static void test_load_file_long_line(void **state)
{
    struct tmpdir t;
    char path[128], err[ERRLEN];
    struct config cfg = fresh();
    size_t vlen = 300000;
    char *data = malloc(vlen + 64);

    assert_non_null(data);
    tmpdir_make(&t);
    snprintf(path, sizeof(path), "%s/long.conf", t.path);
    int off = sprintf(data, "mount_exclude_path \"/");
    memset(data + off, 'x', vlen);
    off += (int)vlen;
    off += sprintf(data + off, " y\"\nmount_ttl 4\n");
    write_file(path, data, (size_t)off);

    config_defaults(&cfg);
    assert_int_equal(config_load_file(&cfg, path, err, sizeof(err)), 0);
    assert_int_equal(cfg.exclude_paths.count, 1);
    assert_int_equal(strlen(cfg.exclude_paths.items[0]), vlen + 3);
    assert_int_equal(cfg.exclude_paths.items[0][vlen + 1], ' ');
    assert_int_equal(cfg.mount_ttl_s, 4);
    config_free(&cfg);
    free(data);
    assert_int_equal(unlink(path), 0);
    assert_int_equal(rmdir(t.path), 0);
}

static void test_find_default_file(void **state)
{
    struct tmpdir t;
    char a[128], b[128], fa[160], fb[160], search[512], out[256];

    tmpdir_make(&t);
    snprintf(a, sizeof(a), "%s/a", t.path);
    snprintf(b, sizeof(b), "%s/b", t.path);
    assert_int_equal(mkdir(a, 0700), 0);
    assert_int_equal(mkdir(b, 0700), 0);
    snprintf(fa, sizeof(fa), "%s/" CONFIG_FILE_NAME, a);
    snprintf(fb, sizeof(fb), "%s/" CONFIG_FILE_NAME, b);

    /* None exists yet. */
    snprintf(search, sizeof(search), "%s:%s", a, b);
    strcpy(out, "stale");
    assert_int_equal(config_find_default_file(out, sizeof(out), search), -1);
    assert_string_equal(out, "");

    /* Only in the second directory; empty components and a trailing
     * slash are fine. */
    write_file(fb, "", 0);
    snprintf(search, sizeof(search), "::%s/nonexistent:%s:%s/", t.path, a, b);
    assert_int_equal(config_find_default_file(out, sizeof(out), search), 0);
    assert_string_equal(out, fb);

    /* In both: the first wins. */
    write_file(fa, "", 0);
    snprintf(search, sizeof(search), "%s:%s", a, b);
    assert_int_equal(config_find_default_file(out, sizeof(out), search), 0);
    assert_string_equal(out, fa);

    /* A candidate longer than the buffer is skipped, never returned
     * truncated; a buffer of exactly the right size is enough. */
    snprintf(search, sizeof(search), "%s/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa:%s",
             t.path, a);
    char small[sizeof(fa)];
    size_t need = strlen(fa) + 1;
    assert_true(need <= sizeof(small));
    assert_int_equal(config_find_default_file(small, need, search), 0);
    assert_string_equal(small, fa);
    assert_int_equal(config_find_default_file(small, need - 1, search), -1);
    assert_string_equal(small, "");

    assert_int_equal(config_find_default_file(out, sizeof(out), ""), -1);
    assert_int_equal(config_find_default_file(out, sizeof(out), NULL), -1);
    assert_int_equal(config_find_default_file(NULL, 0, a), -1);

    assert_int_equal(unlink(fa), 0);
    assert_int_equal(unlink(fb), 0);
    assert_int_equal(rmdir(a), 0);
    assert_int_equal(rmdir(b), 0);
    assert_int_equal(rmdir(t.path), 0);
}

/* ---- snmpd.conf lines for the listener ------------------------------- */

static void test_snmp_lines(void **state)
{
    struct config cfg = fresh();
    char err[ERRLEN];
    const char *text = "cache_ttl 7\n"
                       "rocommunity public 127.0.0.1\n"
                       "# a comment\n"
                       "createuser alice SHA \"a b c d e f\" AES\n"
                       "VIEW all included .1\n";

    assert_int_equal(load(&cfg, text, err), 0);
    assert_int_equal(cfg.cache_ttl_s, 7);
    assert_int_equal(cfg.snmp_lines.count, 3);
    assert_int_equal(cfg.snmp_first_lineno, 2);
    /* as written, for net-snmp's parser (which reads the file itself) */
    assert_string_equal(cfg.snmp_lines.items[0],
                        "rocommunity public 127.0.0.1");
    assert_string_equal(cfg.snmp_lines.items[1],
                        "createuser alice SHA \"a b c d e f\" AES");
    assert_string_equal(cfg.snmp_lines.items[2], "VIEW all included .1");
    assert_true(config_is_snmp_keyword("rwcommunity6"));
    assert_true(config_is_snmp_keyword("createUser"));
    assert_false(config_is_snmp_keyword("agentaddress"));
    assert_false(config_is_snmp_keyword("cache_ttl"));

    /* only with --listen: refused as FILE:LINE otherwise */
    assert_int_equal(config_check_mode(&cfg, 1, "t.conf", err, ERRLEN), 0);
    assert_int_equal(config_check_mode(&cfg, 0, "t.conf", err, ERRLEN), -1);
    assert_string_equal(err, "t.conf:2: rocommunity: only with --listen "
                             "(access control of the standalone SNMP "
                             "agent; with AgentX the master decides)");

    /* a keyword alone is an error of ours, with its line */
    assert_int_equal(load(&cfg, "cache_ttl 5\nrouser\n", err), -1);
    assert_string_equal(err, "t.conf:2: rouser: missing value");
    /* the failed load left the good one */
    assert_int_equal(cfg.snmp_lines.count, 3);

    /* without such lines any mode is fine, and a reload drops them */
    assert_int_equal(load(&cfg, "cache_ttl 5\n", err), 0);
    assert_int_equal(cfg.snmp_lines.count, 0);
    assert_int_equal(cfg.snmp_first_lineno, 0);
    assert_int_equal(config_check_mode(&cfg, 0, "t.conf", err, ERRLEN), 0);
    config_free(&cfg);
}

static void test_str_list_equal(void **state)
{
    struct config a = fresh(), b = fresh();
    char err[ERRLEN];

    assert_true(str_list_equal(&a.snmp_lines, &b.snmp_lines));
    assert_int_equal(load(&a, "rouser a\nrouser b\n", err), 0);
    assert_int_equal(load(&b, "rouser a\nrouser b\n", err), 0);
    assert_true(str_list_equal(&a.snmp_lines, &b.snmp_lines));
    assert_int_equal(load(&b, "rouser b\nrouser a\n", err), 0);
    assert_false(str_list_equal(&a.snmp_lines, &b.snmp_lines));
    assert_int_equal(load(&b, "rouser a\n", err), 0);
    assert_false(str_list_equal(&a.snmp_lines, &b.snmp_lines));
    config_free(&a);
    config_free(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_snmp_lines),
        cmocka_unit_test(test_str_list_equal),
        cmocka_unit_test(test_defaults),
        cmocka_unit_test(test_empty_and_comment_only),
        cmocka_unit_test(test_all_keywords_good),
        cmocka_unit_test(test_numeric_bounds_good),
        cmocka_unit_test(test_exact_error_text),
        cmocka_unit_test(test_bad_values),
        cmocka_unit_test(test_missing_value_every_keyword),
        cmocka_unit_test(test_quoted_values),
        cmocka_unit_test(test_comments_and_whitespace),
        cmocka_unit_test(test_last_wins_and_lists_append),
        cmocka_unit_test(test_bad_file_leaves_config_untouched),
        cmocka_unit_test(test_reload_replaces),
        cmocka_unit_test(test_free_twice_and_null_err),
        cmocka_unit_test(test_long_error_value_truncated),
        cmocka_unit_test(test_control_bytes_escaped_in_errors),
        cmocka_unit_test(test_signal_numbers),
        cmocka_unit_test(test_signals_allow_lines),
        cmocka_unit_test(test_mount_timeout_decimals),
        cmocka_unit_test(test_mount_filter_defaults),
        cmocka_unit_test(test_mount_filter_types),
        cmocka_unit_test(test_mount_filter_paths),
        cmocka_unit_test(test_statfs_allowed),
        cmocka_unit_test(test_load_file),
        cmocka_unit_test(test_load_file_long_line),
        cmocka_unit_test(test_find_default_file),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
