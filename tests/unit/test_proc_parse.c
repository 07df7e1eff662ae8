/*
 * test_proc_parse.c - the procfs parsers, fed from strings.
 *
 * Every input is copied into a heap buffer of exactly its length before
 * parsing, so AddressSanitizer catches any read past the end.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "collector.h"
#include "linux/proc_parse.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A string literal and its length, NULs included. */
#define LIT(s) (s), (sizeof(s) - 1)

/* A real 6.x stat line (pid 1 of a container). */
static const char STAT_REAL[] =
    "1 (process_api) S 0 0 0 0 -1 4194560 21944 1046974 0 714 44 165 "
    "1537 772 10 -10 13 0 23 42876928 2880 18446744073709551615 1 1 0 0 "
    "0 0 0 4096 1256 0 0 0 17 1 0 0 0 0 0 0 0 0 0 0 0 0 0\n";

static char *dup_exact(const char *s, size_t n)
{
    char *p = malloc(n ? n : 1);

    assert_non_null(p);
    memcpy(p, s, n);
    return p;
}

static int stat_of(const char *s, size_t n, struct pp_stat *st)
{
    char *p = dup_exact(s, n);
    int rc = pp_parse_stat(p, n, st);

    free(p); /* st->comm dangles now: callers check numbers only */
    return rc;
}

static void assert_bytes(const char *got, size_t got_len, const char *want,
                         size_t want_len)
{
    assert_int_equal(got_len, want_len);
    assert_memory_equal(got, want, want_len);
}

static void test_stat_real_line(void **state)
{
    struct pp_stat st;

    assert_int_equal(pp_parse_stat(LIT(STAT_REAL), &st), PP_OK);
    assert_bytes(st.comm, st.comm_len, LIT("process_api"));
    assert_int_equal(st.state, 'S');
    assert_int_equal(st.ppid, 0);
    assert_int_equal(st.pgrp, 0);
    assert_int_equal(st.session, 0);
    assert_int_equal(st.tty_nr, 0);
    assert_int_equal(st.minflt, 21944);
    assert_int_equal(st.majflt, 0);
    assert_int_equal(st.utime, 44);
    assert_int_equal(st.stime, 165);
    assert_int_equal(st.priority, 10);
    assert_int_equal(st.nice, -10);
    assert_int_equal(st.num_threads, 13);
    assert_int_equal(st.starttime, 23);
}

/* A name that holds ')', '(', spaces, a newline and text shaped like the
 * fields that follow must not shift them. */
static void test_stat_tricky_names(void **state)
{
    static const char line[] =
        "100 (my) S 9 (x\ny) R 1 100 90 34819 -1 0 10 0 2 0 250 125 0 0 "
        "15 -5 4 0 12345 4096 1 0\n";
    struct pp_stat st;

    assert_int_equal(pp_parse_stat(LIT(line), &st), PP_OK);
    assert_bytes(st.comm, st.comm_len, LIT("my) S 9 (x\ny"));
    assert_int_equal(st.state, 'R');
    assert_int_equal(st.ppid, 1);
    assert_int_equal(st.pgrp, 100);
    assert_int_equal(st.session, 90);
    assert_int_equal(st.tty_nr, 34819);
    assert_int_equal(st.minflt, 10);
    assert_int_equal(st.majflt, 2);
    assert_int_equal(st.nice, -5);
    assert_int_equal(st.num_threads, 4);
    assert_int_equal(st.starttime, 12345);

    assert_int_equal(pp_parse_stat(LIT("5 ())) S 2 0 0 0 -1 0 0 0 0 0 0 0 0 "
                                       "0 20 0 1 0 7 0 0 0\n"),
                                   &st),
                     PP_OK);
    assert_bytes(st.comm, st.comm_len, LIT("))"));
    assert_int_equal(st.ppid, 2);
    assert_int_equal(pp_parse_stat(LIT("5 (() S 3 0 0 0 -1 0 0 0 0 0 0 0 0 "
                                       "0 20 0 1 0 7 0 0 0\n"),
                                   &st),
                     PP_OK);
    assert_bytes(st.comm, st.comm_len, LIT("("));
    assert_int_equal(st.ppid, 3);
    assert_int_equal(pp_parse_stat(LIT("5 () S 4 0 0 0 -1 0 0 0 0 0 0 0 0 "
                                       "0 20 0 1 0 7 0 0 0\n"),
                                   &st),
                     PP_OK);
    assert_int_equal(st.comm_len, 0);
    assert_int_equal(st.ppid, 4);
}

/* Names are bytes: invalid UTF-8 and even a NUL pass through. */
static void test_stat_binary_name(void **state)
{
    struct pp_stat st;

    assert_int_equal(pp_parse_stat(LIT("7 (\xff\0z\x80) D 1 0 0 0 -1 0 0 0 0 "
                                       "0 0 0 0 0 20 0 1 0 7 0 0 0\n"),
                                   &st),
                     PP_OK);
    assert_bytes(st.comm, st.comm_len, LIT("\xff\0z\x80"));
    assert_int_equal(st.state, 'D');
}

/* Every prefix of a real line: an error until rss and the separator
 * after it are in, then the right value.  Exact-size buffers. */
static void test_stat_every_truncation(void **state)
{
    const char *rss = strstr(STAT_REAL, " 2880 ");
    size_t need = (size_t)(rss - STAT_REAL) + 6; /* through "2880 " */

    for (size_t n = 0; n <= sizeof(STAT_REAL) - 1; n++) {
        struct pp_stat st;
        int rc = stat_of(STAT_REAL, n, &st);

        if (n < need) {
            assert_int_not_equal(rc, PP_OK);
        } else {
            assert_int_equal(rc, PP_OK);
            assert_int_equal(st.starttime, 23);
        }
    }
}

static int stat_with(const char *fields)
{
    char line[512];
    struct pp_stat st;

    snprintf(line, sizeof(line), "9 (x) %s\n", fields);
    return stat_of(line, strlen(line), &st);
}

static void test_stat_garbage(void **state)
{
    static const char tail[] = "0 0 -1 0 0 0 0 0 1 2 0 0 20 0 1 0 7 8 9 0";
    char f[256];

    snprintf(f, sizeof(f), "S 1 %s", tail);
    assert_int_equal(stat_with(f), PP_OK);
    snprintf(f, sizeof(f), "S 1x %s", tail);
    assert_int_equal(stat_with(f), PP_ERR_SYNTAX);
    snprintf(f, sizeof(f), "S +1 %s", tail);
    assert_int_equal(stat_with(f), PP_ERR_SYNTAX);
    snprintf(f, sizeof(f), "S 0x1 %s", tail);
    assert_int_equal(stat_with(f), PP_ERR_SYNTAX);
    snprintf(f, sizeof(f), "S - %s", tail);
    assert_int_equal(stat_with(f), PP_ERR_MISSING);
    snprintf(f, sizeof(f), "SS 1 %s", tail);
    assert_int_equal(stat_with(f), PP_ERR_SYNTAX);
    /* a newline ends the line: fields from the next line are not taken */
    assert_int_equal(stat_with("S 1 0 0\n0 -1 0 0 0 0 0 1 2 0 0 20 0 1 0 7"),
                     PP_ERR_MISSING);
    assert_int_equal(stat_of(LIT("9 (x)S 1 0 0 0 -1 0 0 0 0 0 1 2 0 0 20 0 1 "
                                 "0 7 8 9 0\n"),
                             &(struct pp_stat){0}),
                     PP_ERR_SYNTAX);
    assert_int_equal(stat_of(LIT("9 x S 1\n"), &(struct pp_stat){0}),
                     PP_ERR_MISSING);
    assert_int_equal(stat_of(LIT("9 )x( S 1\n"), &(struct pp_stat){0}),
                     PP_ERR_MISSING);
    assert_int_equal(stat_of("", 0, &(struct pp_stat){0}), PP_ERR_MISSING);
}

static void test_stat_overlong_numbers(void **state)
{
    char f[256];
    struct pp_stat st;
    char line[512];

    snprintf(f, sizeof(f),
             "S 99999999999 0 0 0 -1 0 0 0 0 0 1 2 0 0 20 0 1 "
             "0 7 8 9 0");
    assert_int_equal(stat_with(f), PP_ERR_RANGE);
    assert_int_equal(
        stat_with("S 1 0 0 0 -1 0 0 0 0 0 18446744073709551616 2 0 "
                  "0 20 0 1 0 7 8 9 0"),
        PP_ERR_RANGE);
    assert_int_equal(stat_with("S 1 0 0 0 -1 0 0 0 0 0 1 2 0 0 20 "
                               "-2147483649 1 0 7 8 9 0"),
                     PP_ERR_RANGE);
    assert_int_equal(stat_with("S 1 0 0 0 -1 0 0 0 0 0 1 2 0 0 20 0 "
                               "4294967296 0 7 8 9 0"),
                     PP_ERR_RANGE);
    assert_int_equal(stat_with("S 1 0 0 0 -1 0 0 0 0 0 1 2 0 0 20 0 -1 0 7 8 "
                               "9 0"),
                     PP_ERR_SYNTAX);
    /* the extremes that do fit */
    snprintf(line, sizeof(line),
             "9 (x) S -2147483648 0 0 -1 -1 0 0 0 0 0 18446744073709551615 0 "
             "0 0 2147483647 -2147483648 4294967295 0 18446744073709551615 "
             "0 0 0\n");
    assert_int_equal(pp_parse_stat(line, strlen(line), &st), PP_OK);
    assert_int_equal(st.ppid, INT32_MIN);
    assert_int_equal(st.tty_nr, UINT32_MAX);
    assert_true(st.utime == UINT64_MAX);
    assert_int_equal(st.priority, INT32_MAX);
    assert_int_equal(st.nice, INT32_MIN);
    assert_int_equal(st.num_threads, UINT32_MAX);
    assert_true(st.starttime == UINT64_MAX);
}

static void test_statm(void **state)
{
    struct pp_statm m;

    assert_int_equal(pp_parse_statm(LIT("42799 3207 2110 269 0 5036 0\n"), &m),
                     PP_OK);
    assert_int_equal(m.size, 42799);
    assert_int_equal(m.resident, 3207);
    assert_int_equal(m.shared, 2110);
    assert_int_equal(pp_parse_statm(LIT("1 2\n"), &m), PP_ERR_MISSING);
    assert_int_equal(pp_parse_statm(LIT("1 2 3"), &m), PP_ERR_MISSING);
    assert_int_equal(pp_parse_statm(LIT("1 2 x 4\n"), &m), PP_ERR_SYNTAX);
    assert_int_equal(pp_parse_statm(LIT("1 2 -3 4\n"), &m), PP_ERR_SYNTAX);
}

static const char STATUS[] = "Name:\tUid:\\t5\nUmask:\t0022\nState:\tS "
                             "(sleeping)\nTgid:\t7\nNgid:\t0\nPid:\t7\n"
                             "PPid:\t1\nTracerPid:\t0\n"
                             "Uid:\t1000\t1001\t1002\t1003\n"
                             "Gid:\t100\t101\t102\t103\n"
                             "FDSize:\t64\nGroups:\t4 24\n";

static void test_status_ids(void **state)
{
    struct pp_ids ids;

    assert_int_equal(pp_parse_status_ids(LIT(STATUS), &ids), PP_OK);
    assert_int_equal(ids.uid, 1000);
    assert_int_equal(ids.euid, 1001);
    assert_int_equal(ids.gid, 100);
    assert_int_equal(ids.egid, 101);
    assert_int_equal(
        pp_parse_status_ids(LIT("Uid:\t0\t0\t0\t0\nGroups:\t\n"), &ids),
        PP_ERR_MISSING);
    assert_int_equal(
        pp_parse_status_ids(LIT("Uid:\t-1\t0\t0\t0\nGid:\t0\t0\t0\t0\n"), &ids),
        PP_ERR_SYNTAX);
    assert_int_equal(
        pp_parse_status_ids(
            LIT("Uid:\t4294967296\t0\t0\t0\nGid:\t0\t0\t0\t0\n"), &ids),
        PP_ERR_RANGE);
    assert_int_equal(
        pp_parse_status_ids(LIT("Uid:\t7\nGid:\t0\t0\t0\t0\n"), &ids),
        PP_ERR_MISSING);
}

/* A prefix read may cut the status anywhere: never a wrong id. */
static void test_status_every_prefix(void **state)
{
    const char *gid_end = strstr(STATUS, "103\n") + 4;
    size_t need = (size_t)(gid_end - STATUS);

    for (size_t n = 0; n < sizeof(STATUS); n++) {
        char *p = dup_exact(STATUS, n);
        struct pp_ids ids;
        int rc = pp_parse_status_ids(p, n, &ids);

        free(p);
        if (n < need) {
            assert_int_equal(rc, PP_ERR_MISSING);
        } else {
            assert_int_equal(rc, PP_OK);
            assert_int_equal(ids.euid, 1001);
            assert_int_equal(ids.egid, 101);
        }
    }
}

static void test_io(void **state)
{
    struct pp_io io;

    assert_int_equal(pp_parse_io(LIT("rchar: 1\nwchar: 2\nsyscr: 3\nsyscw: 4\n"
                                     "cancelled_write_bytes: 9\n"
                                     "read_bytes: 123456789\n"
                                     "write_bytes: 987654321\n"),
                                 &io),
                     PP_OK);
    assert_int_equal(io.read_bytes, 123456789);
    assert_int_equal(io.write_bytes, 987654321);
    assert_int_equal(pp_parse_io(LIT("read_bytes: 1\n"
                                     "cancelled_write_bytes: 9\n"),
                                 &io),
                     PP_ERR_MISSING);
    assert_int_equal(pp_parse_io(LIT("read_bytes: 1\nwrite_bytes: 2"), &io),
                     PP_ERR_MISSING);
    assert_int_equal(pp_parse_io(LIT("read_bytes: 1k\nwrite_bytes: 2\n"), &io),
                     PP_ERR_SYNTAX);
}

static void check_join(const char *raw, size_t n, const char *want,
                       size_t want_len)
{
    char *p = dup_exact(raw, n);
    size_t got = pp_cmdline_join(p, n);

    assert_bytes(p, got, want, want_len);
    free(p);
}

static void test_cmdline(void **state)
{
    check_join(LIT("/sbin/init\0splash\0"), LIT("/sbin/init splash"));
    check_join(LIT("a\0\0b\0"), LIT("a  b"));
    check_join(LIT("a\0b\0\0\0\0"), LIT("a b"));
    check_join(LIT("sshd: u@pts/0"), LIT("sshd: u@pts/0"));
    check_join(LIT("\xc3\x28\0\xff\0"), LIT("\xc3\x28 \xff"));
    check_join(LIT("\0"), "", 0);
    check_join("", 0, "", 0);
    assert_int_equal(pp_cmdline_argv0(LIT("/usr/bin/foo\0-x\0")), 12);
    assert_int_equal(pp_cmdline_argv0(LIT("nginx: master\0\0\0")), 13);
    assert_int_equal(pp_cmdline_argv0(LIT("sshd: u@pts/0")), 5);
    assert_int_equal(pp_cmdline_argv0(LIT("cut-argv0")), 9);
    assert_int_equal(pp_cmdline_argv0("", 0), 0);
}

static void check_cgroup(const char *buf, size_t n, int want_rc,
                         const char *want)
{
    char *p = dup_exact(buf, n);
    const char *path = NULL;
    size_t len = 0;

    assert_int_equal(pp_parse_cgroup(p, n, &path, &len), want_rc);
    if (want != NULL)
        assert_bytes(path, len, want, strlen(want));
    free(p);
}

static void test_cgroup(void **state)
{
    check_cgroup(LIT("0::/init.scope\n"), PP_OK, "/init.scope");
    check_cgroup(LIT("9:name=systemd:/\n8:pids:/p\n0::/user.slice/x\n"), PP_OK,
                 "/user.slice/x");
    check_cgroup(LIT("12:cpuset:/\n1:name=systemd:/s/session-3.scope\n"), PP_OK,
                 "/s/session-3.scope");
    check_cgroup(LIT("3:cpu:/c\n1:name=systemd,cpu:/both\n"), PP_OK, "/both");
    check_cgroup(LIT("5:name=systemdX:/y\n2:cpu,cpuacct:/z\n"), PP_OK, "/y");
    check_cgroup(LIT("0::/a:b c\n"), PP_OK, "/a:b c");
    check_cgroup(LIT("0::\n"), PP_OK, "");
    check_cgroup(LIT("garbage\n"), PP_ERR_SYNTAX, NULL);
    check_cgroup(LIT("0::/x"), PP_ERR_MISSING, NULL);
    check_cgroup("", 0, PP_ERR_MISSING, NULL);
}

static void check_tty(uint32_t nr, const char *want)
{
    char buf[PP_TTY_NAME_MAX];
    size_t n = pp_tty_name(nr, buf, sizeof(buf));

    assert_string_equal(buf, want);
    assert_int_equal(n, strlen(want));
}

static void test_tty_names(void **state)
{
    char small[4];

    check_tty(0, "");
    check_tty(136 << 8, "pts/0");
    check_tty((136 << 8) | 3, "pts/3");
    check_tty((137 << 8) | 5, "pts/261");
    check_tty((143 << 8) | 255, "pts/2047");
    check_tty((136 << 8) | (300 & 0xff) | ((300 & ~0xff) << 12), "pts/300");
    check_tty((4 << 8) | 0, "tty0");
    check_tty((4 << 8) | 1, "tty1");
    check_tty((4 << 8) | 63, "tty63");
    check_tty((4 << 8) | 64, "ttyS0");
    check_tty((4 << 8) | 65, "ttyS1");
    check_tty((5 << 8) | 1, "console");
    check_tty((5 << 8) | 0, "5:0");
    check_tty(188 << 8, "188:0");
    check_tty(144 << 8, "144:0");
    check_tty(UINT32_MAX, "4095:1048575");
    assert_int_equal(pp_tty_name((136 << 8) | 3, small, sizeof(small)), 3);
    assert_string_equal(small, "pts");
}

static void test_states(void **state)
{
    static const struct {
        char c;
        int32_t st;
    } map[] = {
        {'R', PROC_STATE_RUNNING},      {'S', PROC_STATE_SLEEPING},
        {'D', PROC_STATE_DISK_SLEEP},   {'T', PROC_STATE_STOPPED},
        {'t', PROC_STATE_TRACING_STOP}, {'Z', PROC_STATE_ZOMBIE},
        {'X', PROC_STATE_DEAD},         {'x', PROC_STATE_DEAD},
        {'K', PROC_STATE_WAKE_KILL},    {'W', PROC_STATE_WAKING},
        {'P', PROC_STATE_PARKED},       {'I', PROC_STATE_IDLE},
        {'?', PROC_STATE_OTHER},        {'r', PROC_STATE_OTHER},
        {'\0', PROC_STATE_OTHER},
    };

    for (size_t i = 0; i < sizeof(map) / sizeof(map[0]); i++)
        assert_int_equal(pp_state(map[i].c), map[i].st);
}

static void check_name(const char *comm, const char *argv0, const char *exe,
                       const char *want)
{
    const char *name;
    size_t n;

    pp_full_name(comm, strlen(comm), argv0, argv0 ? strlen(argv0) : 0, exe,
                 exe ? strlen(exe) : 0, &name, &n);
    assert_bytes(name, n, want, strlen(want));
}

static void test_full_name(void **state)
{
    check_name("very-long-progr", "/usr/local/bin/very-long-program-name", NULL,
               "very-long-program-name");
    check_name("very-long-progr", "very-long-program-name", NULL,
               "very-long-program-name");
    check_name("data-collector-", "python3", "/srv/bin/data-collector-daemon",
               "data-collector-daemon");
    /* argv[0] wins over exe when both extend comm */
    check_name("data-collector-", "/x/data-collector-a", "/y/data-collector-b",
               "data-collector-a");
    /* neither starts with comm */
    check_name("data-collector-", "python3", "/usr/bin/python3.11",
               "data-collector-");
    /* not cut: 14 and 16 bytes stay as they are */
    check_name("data-collector", "/x/data-collector-a", NULL, "data-collector");
    /* a comm holding '/' can never be a basename's prefix */
    check_name("kworker/R-kvfre", "/a/kworker/R-kvfree", NULL,
               "kworker/R-kvfre");
    check_name("data-collector-", "/x/", "/y/", "data-collector-");
    check_name("data-collector-", NULL, NULL, "data-collector-");
    /* an executable deleted since exec: the kernel's note is no name */
    check_name("data-collector-", "python3",
               "/srv/bin/data-collector-daemon (deleted)",
               "data-collector-daemon");
    check_name("data-collector-", NULL, " (deleted)", "data-collector-");
}

static void test_system_files(void **state)
{
    int64_t bt = 0;
    uint64_t up = 0;
    uint32_t load[3] = {0};

    assert_int_equal(pp_parse_btime(LIT("cpu 1\nbtime 1700000000\nx 1\n"), &bt),
                     PP_OK);
    assert_int_equal(bt, 1700000000);
    assert_int_equal(pp_parse_btime(LIT("xbtime 5\n"), &bt), PP_ERR_MISSING);
    assert_int_equal(pp_parse_btime(LIT("btime -5\n"), &bt), PP_ERR_SYNTAX);
    assert_int_equal(pp_parse_btime(LIT("btime 5x\n"), &bt), PP_ERR_SYNTAX);
    assert_int_equal(pp_parse_btime(LIT("btime 17000"), &bt), PP_ERR_MISSING);

    assert_int_equal(pp_count_cpus(LIT("cpu  1 2\ncpu0 1\ncpu1 2\ncpu15 3\n"
                                       "intr 4\nxcpu2 1\ncpux 1\n")),
                     3);
    assert_int_equal(pp_count_cpus(LIT("cpu  1\ncpu7 1")), 1);
    assert_int_equal(pp_count_cpus(LIT("cpu  1\n")), 0);

    assert_int_equal(pp_parse_uptime(LIT("586.40 1136.91\n"), &up), PP_OK);
    assert_int_equal(up, 58640);
    assert_int_equal(pp_parse_uptime(LIT("12.5 3.0\n"), &up), PP_OK);
    assert_int_equal(up, 1250);
    assert_int_equal(pp_parse_uptime(LIT("7 1\n"), &up), PP_OK);
    assert_int_equal(up, 700);
    assert_int_equal(pp_parse_uptime(LIT("0.999 1\n"), &up), PP_OK);
    assert_int_equal(up, 99);
    assert_int_equal(pp_parse_uptime(LIT("1. 2\n"), &up), PP_ERR_SYNTAX);
    assert_int_equal(pp_parse_uptime(LIT(".5 2\n"), &up), PP_ERR_SYNTAX);
    assert_int_equal(pp_parse_uptime(LIT("1.2.3 2\n"), &up), PP_ERR_SYNTAX);
    assert_int_equal(pp_parse_uptime(LIT("586.4"), &up), PP_ERR_MISSING);
    assert_int_equal(pp_parse_uptime(LIT("184467440737095517 1\n"), &up),
                     PP_ERR_RANGE);

    assert_int_equal(pp_parse_loadavg(LIT("0.52 1.05 12.00 2/89 5800\n"), load),
                     PP_OK);
    assert_int_equal(load[0], 52);
    assert_int_equal(load[1], 105);
    assert_int_equal(load[2], 1200);
    assert_int_equal(pp_parse_loadavg(LIT("0.5x 1 2 1/2 3\n"), load),
                     PP_ERR_SYNTAX);
    assert_int_equal(pp_parse_loadavg(LIT("1 2\n"), load), PP_ERR_MISSING);
    assert_int_equal(pp_parse_loadavg(LIT("42949672.96 0 0 1/1 1\n"), load),
                     PP_ERR_RANGE);
}

/* Mutated real inputs through every parser: no crash, no over-read
 * (the sanitizer build checks that). */
static void test_mutations_never_crash(void **state)
{
    static const char *const seeds[] = {
        STAT_REAL, STATUS, "read_bytes: 1\nwrite_bytes: 2\n",
        "0::/a\n1:name=systemd:/b\n", "0.52 1.05 12.00 2/89 5800\n"};
    static const char alphabet[] = "()\n\t :-.0123456789\0\xff";
    uint32_t seed = 12345;
    int ok = 0;

    for (int i = 0; i < 20000; i++) {
        const char *s = seeds[i % 5];
        size_t n = strlen(s);
        char *p = dup_exact(s, n);
        struct pp_stat st;
        struct pp_statm sm;
        struct pp_ids ids;
        struct pp_io io;
        const char *path;
        size_t plen, cut;
        uint64_t up;
        uint32_t load[3];
        int64_t bt;

        for (int k = 0; k < 4; k++) {
            seed = seed * 1103515245u + 12345u;
            p[(seed >> 8) % n] = alphabet[(seed >> 20) % (sizeof(alphabet))];
        }
        cut = (seed >> 4) % (n + 1);
        ok += pp_parse_stat(p, cut, &st) == PP_OK;
        ok += pp_parse_statm(p, cut, &sm) == PP_OK;
        ok += pp_parse_status_ids(p, cut, &ids) == PP_OK;
        ok += pp_parse_io(p, cut, &io) == PP_OK;
        ok += pp_parse_cgroup(p, cut, &path, &plen) == PP_OK;
        ok += pp_parse_btime(p, cut, &bt) == PP_OK;
        ok += pp_parse_uptime(p, cut, &up) == PP_OK;
        ok += pp_parse_loadavg(p, cut, load) == PP_OK;
        assert_true(pp_count_cpus(p, cut) <= cut);
        assert_true(pp_cmdline_argv0(p, cut) <= cut);
        assert_true(pp_cmdline_join(p, cut) <= cut);
        free(p);
    }
    /* some mutations still parse, most do not */
    assert_true(ok > 1000);
    assert_true(ok < 20000 * 8 / 2);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_stat_real_line),
        cmocka_unit_test(test_stat_tricky_names),
        cmocka_unit_test(test_stat_binary_name),
        cmocka_unit_test(test_stat_every_truncation),
        cmocka_unit_test(test_stat_garbage),
        cmocka_unit_test(test_stat_overlong_numbers),
        cmocka_unit_test(test_statm),
        cmocka_unit_test(test_status_ids),
        cmocka_unit_test(test_status_every_prefix),
        cmocka_unit_test(test_io),
        cmocka_unit_test(test_cmdline),
        cmocka_unit_test(test_cgroup),
        cmocka_unit_test(test_tty_names),
        cmocka_unit_test(test_states),
        cmocka_unit_test(test_full_name),
        cmocka_unit_test(test_system_files),
        cmocka_unit_test(test_mutations_never_crash),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
