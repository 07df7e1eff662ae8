/*
 * test_options.c - the command line: every option, and usage errors.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "options.h"

static int parse(struct options *o, int argc, char **argv)
{
    char err[256];

    return options_parse(o, argc, argv, err, sizeof(err));
}

static void test_defaults(void **state)
{
    struct options o;
    char *argv[] = {"sysinfo-agentx", NULL};

    assert_int_equal(parse(&o, 1, argv), 0);
    assert_int_equal(o.mode, RUN_AGENT);
    assert_int_equal(o.foreground, 0);
    assert_string_equal(o.proc_root, "/proc");
    assert_null(o.master);
    options_free(&o);
}

static void test_all_options(void **state)
{
    struct options o;
    char *argv[] = {"sysinfo-agentx",
                    "-f",
                    "-x",
                    "unix:/tmp/a.sock",
                    "-c",
                    "/etc/x.conf",
                    "-p",
                    "/run/x.pid",
                    "-Lf",
                    "/tmp/log",
                    "-Le",
                    "--proc-root",
                    "/host/proc",
                    "--dump",
                    NULL};

    assert_int_equal(parse(&o, 14, argv), 0);
    assert_int_equal(o.foreground, 1);
    assert_string_equal(o.master, "unix:/tmp/a.sock");
    assert_string_equal(o.config_file, "/etc/x.conf");
    assert_string_equal(o.pid_file, "/run/x.pid");
    assert_string_equal(o.proc_root, "/host/proc");
    assert_int_equal(o.mode, RUN_DUMP);
    assert_int_equal(o.log_count, 2);
    assert_string_equal(o.log_opts[0], "f /tmp/log");
    assert_string_equal(o.log_opts[1], "e");
    options_free(&o);
}

static void test_errors(void **state)
{
    struct options o;
    char *a1[] = {"sysinfo-agentx", "-x", NULL};
    char *a2[] = {"sysinfo-agentx", "--bogus", NULL};
    char *a3[] = {"sysinfo-agentx", "extra", NULL};
    char *a4[] = {"sysinfo-agentx", "-Lf", NULL};

    assert_int_equal(parse(&o, 2, a1), -1);
    options_free(&o);
    assert_int_equal(parse(&o, 2, a2), -1);
    options_free(&o);
    assert_int_equal(parse(&o, 2, a3), -1);
    options_free(&o);
    assert_int_equal(parse(&o, 2, a4), -1);
    options_free(&o);
}

static void test_modes(void **state)
{
    struct options o;
    char *a1[] = {"sysinfo-agentx", "--check-config", NULL};
    char *a2[] = {"sysinfo-agentx", "--version", NULL};
    char *a3[] = {"sysinfo-agentx", "--help", NULL};

    assert_int_equal(parse(&o, 2, a1), 0);
    assert_int_equal(o.mode, RUN_CHECK_CONFIG);
    assert_int_equal(parse(&o, 2, a2), 0);
    assert_int_equal(o.mode, RUN_VERSION);
    assert_int_equal(parse(&o, 2, a3), 0);
    assert_int_equal(o.mode, RUN_HELP);
}

static void test_oid(void **state)
{
    struct options o;
    char err[256];
    char *a1[] = {"sysinfo-agentx", "--oid", "mount", "/var", NULL};
    char *a2[] = {"sysinfo-agentx", "--oid", "watch", NULL};
    char *a3[] = {"sysinfo-agentx", "--oid", "watch", "a", "b", NULL};
    char *a4[] = {"sysinfo-agentx", "--oid", NULL};
    char *a5[] = {"sysinfo-agentx", "--oid", "mount", NULL};

    assert_int_equal(parse(&o, 4, a1), 0);
    assert_int_equal(o.mode, RUN_OID);
    assert_string_equal(o.oid_kind, "mount");
    assert_string_equal(o.oid_arg, "/var");
    assert_int_equal(options_parse(&o, 3, a2, err, sizeof(err)), -1);
    assert_string_equal(err, "--oid watch needs a name");
    assert_int_equal(options_parse(&o, 5, a3, err, sizeof(err)), -1);
    assert_string_equal(err, "unexpected argument: b");
    assert_int_equal(options_parse(&o, 2, a4, err, sizeof(err)), -1);
    assert_int_equal(options_parse(&o, 3, a5, err, sizeof(err)), -1);
    assert_string_equal(err, "--oid mount needs a mount point");
    options_free(&o);
}

/* Found by tests/fuzz/fuzz_options.c: a parse that stopped inside a
 * cluster of short options ("-zf": error at 'z') left getopt pointing at
 * the rest of that argument, and the next parse (the daemon parses once;
 * the tests and the fuzzer parse many times) went on reading it: the "f"
 * of an argv that no longer exists. */
static void test_no_state_between_parses(void **state)
{
    struct options o;
    char first0[] = "sysinfo-agentx", first1[] = "-zf";
    char *first[] = {first0, first1, NULL};
    char *second[] = {"sysinfo-agentx", NULL};

    assert_int_equal(parse(&o, 2, first), -1);
    options_free(&o);
    memset(first1, 'q', sizeof(first1) - 1); /* the old argv is gone */
    assert_int_equal(parse(&o, 1, second), 0);
    assert_int_equal(o.foreground, 0);
    assert_int_equal(o.mode, RUN_AGENT);
    options_free(&o);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_defaults),
        cmocka_unit_test(test_all_options),
        cmocka_unit_test(test_errors),
        cmocka_unit_test(test_modes),
        cmocka_unit_test(test_oid),
        cmocka_unit_test(test_no_state_between_parses),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
