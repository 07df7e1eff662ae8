/*
 * test_privacy.c - secrets in command lines are redacted by default, and
 * arguments, working directory and executable can be hidden (issue 11,
 * defect 5).  Exact outputs: a redacted value says "<redacted>".
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "config.h"
#include "privacy.h"

#include <stdlib.h>
#include <string.h>

static void expect(const char *in, const char *want)
{
    char *out = NULL;
    size_t n = 0;
    int rc = privacy_redact_args(in, strlen(in), &out, &n);

    if (want == NULL) {
        if (rc != 0)
            fail_msg("\"%s\" redacted to \"%s\"", in, out);
        assert_null(out);
        return;
    }
    if (rc != 1)
        fail_msg("\"%s\" not redacted (want \"%s\")", in, want);
    assert_int_equal(n, strlen(want));
    assert_string_equal(out, want);
    free(out);
}

static void test_builtin_forms(void **state)
{
    (void)state;
    expect("app --password=Hunter2 -v", "app --password=<redacted> -v");
    expect("app --password Hunter2 -v", "app --password <redacted> -v");
    expect("app --db-passwd=x --api-key=abc",
           "app --db-passwd=<redacted> --api-key=<redacted>");
    expect("mysql -uroot -pS3cr3t db", "mysql -uroot -p<redacted> db");
    expect("/usr/bin/mysqldump -pS3cr3t", "/usr/bin/mysqldump -p<redacted>");
    expect("sshpass -p S3cr3t ssh host", "sshpass -p <redacted> ssh host");
    expect("redis-cli -a S3cr3t ping", "redis-cli -a <redacted> ping");
    expect("curl https://bob:Hunter2@example.com/x?token=abc&y=1",
           "curl https://bob:<redacted>@example.com/x?token=<redacted>&y=1");
    expect("env AWS_SECRET_ACCESS_KEY=abc TOKEN=t x",
           "env AWS_SECRET_ACCESS_KEY=<redacted> TOKEN=<redacted> x");
    expect("psql postgresql://u:pw@db/name",
           "psql postgresql://u:<redacted>@db/name");
    expect("app secret=1 token=2", "app secret=<redacted> token=<redacted>");
    /* Not secrets. */
    expect("sleep 1000", NULL);
    expect("grep -p foo", NULL); /* -p only for known clients */
    expect("ssh user@host", NULL);
    expect("curl https://example.com/a@b", NULL);
    expect("", NULL);
    /* The option at the end has no value to redact. */
    expect("app --token", NULL);
}

static struct proc_row row(int32_t pid, uint32_t uid, const char *args)
{
    struct proc_row r;

    memset(&r, 0, sizeof(r));
    r.pid = pid;
    r.uid = r.euid = uid;
    assert_int_equal(col_bytes_set(&r.args, args, strlen(args)), 0);
    assert_int_equal(col_bytes_set(&r.exe, "/bin/x", 6), 0);
    assert_int_equal(col_bytes_set(&r.cwd, "/home/x", 7), 0);
    return r;
}

static void apply(const char *conf, struct proc_row *rows, size_t n,
                  size_t args_max)
{
    struct proc_list l = {rows, n, n};
    struct config cfg;
    char err[256];

    config_defaults(&cfg);
    if (config_load_string(&cfg, "t.conf", conf, err, sizeof(err)) != 0)
        fail_msg("%s", err);
    assert_int_equal(privacy_apply(&cfg, &l, args_max), 0);
    config_free(&cfg);
}

static void free_rows(struct proc_row *rows, size_t n)
{
    for (size_t i = 0; i < n; i++)
        proc_row_free(&rows[i]);
}

static void test_apply(void **state)
{
    struct proc_row r[3];

    (void)state;
    /* Default: redaction on, nothing hidden. */
    r[0] = row(10, 0, "mysqld --password=abc");
    r[1] = row(11, 1000, "vim notes");
    apply("", r, 2, 4096);
    assert_string_equal(r[0].args.ptr, "mysqld --password=<redacted>");
    assert_string_equal(r[1].args.ptr, "vim notes");
    assert_string_equal(r[0].cwd.ptr, "/home/x");
    free_rows(r, 2);

    /* Off. */
    r[0] = row(10, 0, "mysqld --password=abc");
    apply("args_redact off\n", r, 1, 4096);
    assert_string_equal(r[0].args.ptr, "mysqld --password=abc");
    free_rows(r, 1);

    /* Hidden for root only; everything for all. */
    r[0] = row(10, 0, "a b");
    r[1] = row(11, 1000, "c d");
    apply("hide_args root\nhide_cwd root\nhide_exe 0\n", r, 2, 4096);
    assert_string_equal(r[0].args.ptr, "<hidden>");
    assert_string_equal(r[0].cwd.ptr, "<hidden>");
    assert_string_equal(r[0].exe.ptr, "<hidden>");
    assert_string_equal(r[1].args.ptr, "c d");
    assert_string_equal(r[1].exe.ptr, "/bin/x");
    free_rows(r, 2);
    r[0] = row(11, 1000, "c d");
    r[1] = row(12, 1000, "e");
    r[1].missing |= PROC_F_IDS; /* owner unknown: hidden with any list */
    apply("hide_cwd all\nhide_args 4242\n", r, 2, 4096);
    assert_string_equal(r[0].cwd.ptr, "<hidden>");
    assert_string_equal(r[0].args.ptr, "c d");
    assert_string_equal(r[1].args.ptr, "<hidden>");
    free_rows(r, 2);

    /* Configured patterns: the group, or the whole match. */
    r[0] = row(10, 1000, "job --key k1 --pin 1234 --pin 5678 ID-77");
    apply("args_redact_pattern \"--pin ([0-9]+)\" \"ID-[0-9]+\"\n", r, 1, 4096);
    assert_string_equal(r[0].args.ptr,
                        "job --key k1 --pin <redacted> --pin <redacted> "
                        "<redacted>");
    free_rows(r, 1);

    /* Longer than args_max after redaction: cut, flagged. */
    r[0] = row(10, 1000, "x --token=ab");
    apply("", r, 1, 16);
    assert_int_equal(r[0].args.len, 16);
    assert_memory_equal(r[0].args.ptr, "x --token=<redac", 16);
    assert_int_equal(r[0].args_truncated, 1);
    free_rows(r, 1);
}

static void test_bad_config(void **state)
{
    struct config cfg;
    char err[256];

    (void)state;
    config_defaults(&cfg);
    assert_int_equal(config_load_string(&cfg, "t.conf",
                                        "\nargs_redact_pattern \"(\"\n", err,
                                        sizeof(err)),
                     -1);
    assert_non_null(strstr(err, "t.conf:2: args_redact_pattern: \"(\" is not "
                                "a valid regular expression"));
    assert_int_equal(config_load_string(&cfg, "t.conf",
                                        "hide_args no-such-user-x\n", err,
                                        sizeof(err)),
                     -1);
    assert_non_null(strstr(err, "t.conf:1: hide_args:"));
    assert_int_equal(config_load_string(&cfg, "t.conf", "args_redact maybe\n",
                                        err, sizeof(err)),
                     -1);
    config_free(&cfg);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_builtin_forms),
        cmocka_unit_test(test_apply),
        cmocka_unit_test(test_bad_config),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
