/*
 * test_glob_check.c - malformed mount path globs are refused at load time
 * with FILE:LINE (issue 11, defect 9); well-formed ones still load.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "config.h"
#include "glob_check.h"

#include <string.h>

static void test_good(void **state)
{
    static const char *const good[] = {
        "/",
        "/mnt/*",
        "/srv/[a-z]?",
        "/x/[!0-9]*",
        "/x/[]]",
        "/x/[[:digit:]]",
        "/a\\[b",
        "/x/[^a]",
        "/x/[\\]]",
        "/x/[[:alpha:]_-]*",
        "",
    };
    const char *why = "unset";

    (void)state;
    for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
        if (glob_check(good[i], &why) != 0)
            fail_msg("\"%s\" refused: %s", good[i], why);
        assert_null(why);
    }
}

static void test_bad(void **state)
{
    static const char *const bad[] = {
        "[[[",   "/mnt/[a-z", "/x/[",          "/x/[!",
        "/x/[]", "/a\\",      "/x/[[:nope:]]", "/x/[[:alpha]",
    };
    const char *why;

    (void)state;
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        why = NULL;
        if (glob_check(bad[i], &why) != -1)
            fail_msg("\"%s\" accepted", bad[i]);
        assert_non_null(why);
    }
}

static void test_config_refuses(void **state)
{
    struct config cfg;
    char err[512];

    (void)state;
    config_defaults(&cfg);
    assert_int_equal(config_load_string(&cfg, "t.conf",
                                        "cache_ttl 3\n"
                                        "mount_include_path /a [[[\n",
                                        err, sizeof(err)),
                     -1);
    assert_string_equal(err, "t.conf:2: mount_include_path: \"[[[\" is not a "
                             "valid pattern: '[' without its ']' (write \\[ "
                             "for a literal bracket)");
    assert_int_equal(config_load_string(&cfg, "t.conf",
                                        "mount_exclude_path /x/[a-\n", err,
                                        sizeof(err)),
                     -1);
    assert_non_null(strstr(err, "t.conf:1: mount_exclude_path:"));
    assert_int_equal(config_load_string(&cfg, "t.conf",
                                        "mount_exclude_path /x/[a-z]* \\[\n",
                                        err, sizeof(err)),
                     0);
    assert_int_equal(cfg.exclude_paths.count, 2);
    config_free(&cfg);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_good),
        cmocka_unit_test(test_bad),
        cmocka_unit_test(test_config_refuses),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
