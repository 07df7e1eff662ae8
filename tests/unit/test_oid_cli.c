/*
 * test_oid_cli.c - `--oid mount PATH` and `--oid watch NAME`: the
 * numbers printed for known rows, and the refusals.
 * (tests/mib/test_oid_cli.sh checks every printed name against the MIB.)
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "oid_cli.h"

/* Runs oid_cli_print into a string; returns its status. */
static int run(const char *kind, const char *arg, char **text, char *err)
{
    size_t len;
    FILE *f = open_memstream(text, &len);
    int rc;

    assert_non_null(f);
    err[0] = '\0';
    rc = oid_cli_print(f, kind, arg, err, 256);
    assert_int_equal(fclose(f), 0);
    return rc;
}

static int lines(const char *s)
{
    int n = 0;

    for (; *s != '\0'; s++)
        n += *s == '\n';
    return n;
}

static void test_mount(void **state)
{
    char *text, err[256];

    assert_int_equal(run("mount", "/", &text, err), 0);
    /* the index of / is documented in the MIB and the README */
    assert_non_null(strstr(text, ".1.3.6.1.4.1.8072.9999.9999.7337.1.3.1.1.17."
                                 "705468254 SYSINFO-MIB::sysinfoMountStatus."
                                 "705468254\n"));
    assert_non_null(strstr(text, ".1.3.1.1.24.705468254 SYSINFO-MIB::"
                                 "sysinfoMountThresholdStatus.705468254\n"));
    assert_int_equal(lines(text), 24);        /* columns 2..25 */
    assert_null(strstr(text, ".1.3.1.1.1.")); /* the index: not-accessible */
    free(text);

    assert_int_equal(run("mount", "/home/", &text, err), 0);
    assert_non_null(strstr(text, "sysinfoMountPoint.464989681\n"));
    free(text);
}

static void test_watch(void **state)
{
    char *text, err[256];

    assert_int_equal(run("watch", "nginx", &text, err), 0);
    assert_non_null(strstr(text, ".1.3.6.1.4.1.8072.9999.9999.7337.1.4.1.1.10."
                                 "110.103.105.110.120 SYSINFO-MIB::"
                                 "sysinfoWatchStatus.'nginx'\n"));
    assert_int_equal(lines(text), 17); /* columns 2..18 */
    free(text);
}

static void test_refused(void **state)
{
    char *text, err[256];

    assert_int_equal(run("mount", "var", &text, err), -1);
    assert_string_equal(err, "--oid mount: var is not an absolute path");
    assert_string_equal(text, "");
    free(text);
    assert_int_equal(run("watch", "a/b", &text, err), -1);
    assert_string_equal(err, "--oid watch: a/b is not a watch name (1 to 32 "
                             "letters, digits, '.', '_', '-')");
    free(text);
    assert_int_equal(run("disk", "/", &text, err), -1);
    assert_string_equal(err, "--oid disk: say mount PATH or watch NAME");
    free(text);
    assert_int_equal(run(NULL, NULL, &text, err), -1);
    free(text);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_mount),
        cmocka_unit_test(test_watch),
        cmocka_unit_test(test_refused),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
