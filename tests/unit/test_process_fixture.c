/*
 * test_process_fixture.c - collector_processes() and collector_signal()
 * end to end: over the fixture tree tests/fixtures/linux/procs (see its
 * README.md for what each pid exercises), then against the real /proc.
 *
 * The fixture is copied into a temporary directory first, where what git
 * cannot hold is made: empty fd/ directories, a 1 MB cmdline, an
 * unreadable file.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "collector.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define BTIME    1700000000ull
#define ARGS_MAX 4096

#define STAT_FIELDS                                                            \
    (PROC_F_PPID | PROC_F_NAME | PROC_F_STATE | PROC_F_START | PROC_F_CPU |    \
     PROC_F_THREADS | PROC_F_PRIO | PROC_F_TTY | PROC_F_PGRP | PROC_F_FAULTS)

static char g_argv0[PATH_MAX];

struct fx {
    char root[64];
    struct proc_list list;
};

static void run(const char *cmd)
{
    int rc = system(cmd);

    if (rc != 0)
        fail_msg("command failed (%d): %s", rc, cmd);
}

static void write_file(const char *root, const char *rel, const void *data,
                       size_t n)
{
    char path[256];
    FILE *f;

    snprintf(path, sizeof(path), "%s/%s", root, rel);
    f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(data, 1, n, f), n);
    assert_int_equal(fclose(f), 0);
}

static void sub_mkdir(const char *root, const char *rel)
{
    char path[256];

    snprintf(path, sizeof(path), "%s/%s", root, rel);
    assert_int_equal(mkdir(path, 0755), 0);
}

/* io of pid 103 made unreadable: chmod 000 stops anyone but root; root
 * reads through any mode, so there a directory takes the file's place
 * (open works, read() fails with EISDIR: an unreadable file). */
static void make_unreadable(const char *root)
{
    char path[256];

    snprintf(path, sizeof(path), "%s/103/io", root);
    if (geteuid() != 0) {
        assert_int_equal(chmod(path, 0), 0);
        return;
    }
    assert_int_equal(unlink(path), 0);
    assert_int_equal(mkdir(path, 0755), 0);
}

static int scan(const char *root, size_t args_max, struct proc_list *out)
{
    struct collector_options opt = {.proc_root = root, .args_max = args_max};
    struct collector *c;
    enum col_status st = collector_open(&opt, &c);

    assert_int_equal(st, COL_OK);
    st = collector_processes(c, out);
    collector_close(c);
    return st;
}

static int setup_tree(void **state)
{
    struct fx *f = calloc(1, sizeof(*f));
    char cmd[512];

    assert_non_null(f);
    strcpy(f->root, "/tmp/sia-procs-XXXXXX");
    assert_non_null(mkdtemp(f->root));
    snprintf(cmd, sizeof(cmd), "cp -a '%s/linux/procs/.' '%s/'", SIA_FIXTURES,
             f->root);
    run(cmd);
    sub_mkdir(f->root, "2/fd");
    sub_mkdir(f->root, "42/fd");
    sub_mkdir(f->root, "106/fd");
    make_unreadable(f->root);
    assert_int_equal(scan(f->root, ARGS_MAX, &f->list), COL_OK);
    *state = f;
    return 0;
}

static int teardown_tree(void **state)
{
    struct fx *f = *state;
    char cmd[512];

    proc_list_free(&f->list);
    snprintf(cmd, sizeof(cmd), "chmod -R u+rwX '%s'; rm -rf '%s'", f->root,
             f->root);
    run(cmd);
    free(f);
    return 0;
}

static const struct proc_row *row_of(const struct proc_list *l, int32_t pid)
{
    for (size_t i = 0; i < l->count; i++)
        if (l->rows[i].pid == pid)
            return &l->rows[i];
    fail_msg("pid %d not in the list", (int)pid);
    return NULL;
}

#define assert_bytes_eq(b, lit)                                                \
    do {                                                                       \
        assert_non_null((b).ptr);                                              \
        assert_int_equal((b).len, sizeof(lit) - 1);                            \
        assert_memory_equal((b).ptr, lit, sizeof(lit) - 1);                    \
    } while (0)

static uint64_t cs(uint64_t ticks)
{
    return ticks * 100 / (uint64_t)sysconf(_SC_CLK_TCK);
}

static uint64_t pages(uint64_t n)
{
    return n * (uint64_t)sysconf(_SC_PAGESIZE);
}

static void test_rows_sorted_and_filtered(void **state)
{
    static const int32_t want[] = {1,   2,   42,  100,   101,    102,
                                   103, 105, 106, 12345, 4194304};
    const struct proc_list *l = &((struct fx *)*state)->list;

    assert_int_equal(l->count, sizeof(want) / sizeof(want[0]));
    for (size_t i = 0; i < l->count; i++)
        assert_int_equal(l->rows[i].pid, want[i]);
    assert_true(l->cap >= l->count);
}

static void test_reference_row(void **state)
{
    const struct proc_row *r = row_of(&((struct fx *)*state)->list, 1);

    assert_int_equal(r->missing, 0);
    assert_int_equal(r->ppid, 0);
    assert_bytes_eq(r->name, "systemd");
    assert_bytes_eq(r->exe, "/usr/lib/systemd/systemd");
    assert_bytes_eq(r->args, "/sbin/init splash");
    assert_int_equal(r->args_truncated, 0);
    assert_int_equal(r->state, PROC_STATE_SLEEPING);
    assert_int_equal(r->uid, 0);
    assert_int_equal(r->gid, 0);
    assert_int_equal(r->start_time_cs, BTIME * 100 + cs(15));
    assert_int_equal(r->cpu_user_cs, cs(1234));
    assert_int_equal(r->cpu_system_cs, cs(567));
    assert_int_equal(r->rss_bytes, pages(3207));
    assert_int_equal(r->vsz_bytes, pages(42799));
    assert_int_equal(r->shared_bytes, pages(2110));
    assert_int_equal(r->threads, 1);
    assert_int_equal(r->nice, 0);
    assert_int_equal(r->priority, 20);
    assert_bytes_eq(r->tty, "");
    assert_int_equal(r->open_files, 4);
    assert_int_equal(r->read_bytes, 123456789);
    assert_int_equal(r->write_bytes, 987654321);
    assert_bytes_eq(r->cgroup, "/init.scope");
    assert_int_equal(r->pgrp, 1);
    assert_int_equal(r->session, 1);
    assert_int_equal(r->minor_faults, 51234);
    assert_int_equal(r->major_faults, 87);
    assert_bytes_eq(r->cwd, "/");
}

static void test_kernel_thread(void **state)
{
    const struct proc_row *r = row_of(&((struct fx *)*state)->list, 2);

    /* no exe, no cwd, no argv: empty values, not missing ones */
    assert_int_equal(r->missing, 0);
    assert_bytes_eq(r->name, "kthreadd");
    assert_bytes_eq(r->exe, "");
    assert_bytes_eq(r->cwd, "");
    assert_bytes_eq(r->args, "");
    assert_int_equal(r->open_files, 0);
    assert_int_equal(r->rss_bytes, 0);
    assert_int_equal(r->ppid, 0);
    assert_int_equal(r->start_time_cs, BTIME * 100 + cs(23));
}

static void test_zombie(void **state)
{
    const struct proc_row *r = row_of(&((struct fx *)*state)->list, 42);

    assert_int_equal(r->missing, 0);
    assert_int_equal(r->state, PROC_STATE_ZOMBIE);
    assert_bytes_eq(r->name, "defunct-child");
    assert_bytes_eq(r->exe, "");
    assert_bytes_eq(r->args, "");
    assert_int_equal(r->uid, 1000);
    assert_int_equal(r->cpu_user_cs, cs(3));
    assert_int_equal(r->cpu_system_cs, cs(1));
    assert_int_equal(r->write_bytes, 4096);
}

static void test_tricky_name(void **state)
{
    const struct proc_row *r = row_of(&((struct fx *)*state)->list, 100);

    assert_int_equal(r->missing, 0);
    assert_bytes_eq(r->name, "my) S 9 (x\ny");
    assert_int_equal(r->state, PROC_STATE_RUNNING);
    assert_int_equal(r->ppid, 1);
    assert_int_equal(r->pgrp, 100);
    assert_int_equal(r->session, 90);
    assert_bytes_eq(r->tty, "pts/3");
    assert_int_equal(r->nice, -5);
    assert_int_equal(r->priority, 15);
    assert_int_equal(r->threads, 4);
    assert_int_equal(r->uid, 1000);
    assert_int_equal(r->euid, 1001);
    assert_int_equal(r->gid, 100);
    assert_int_equal(r->egid, 101);
    assert_bytes_eq(r->args, "./weird --flag  arg with space");
    assert_bytes_eq(r->exe, "/opt/weird dir/wei)rd");
    assert_bytes_eq(r->cwd, "/home/u/my dir");
    assert_bytes_eq(r->cgroup, "/user.slice/user-1000.slice/session-3.scope");
    assert_int_equal(r->open_files, 2);
    assert_int_equal(r->minor_faults, 10);
    assert_int_equal(r->major_faults, 2);
    assert_int_equal(r->rss_bytes, pages(200));
    assert_int_equal(r->start_time_cs, BTIME * 100 + cs(12345));
}

static void test_invalid_utf8_and_missing_files(void **state)
{
    const struct proc_row *r = row_of(&((struct fx *)*state)->list, 101);

    /* no status, io, fd/: exactly those bits; nothing else guessed */
    assert_int_equal(r->missing, PROC_F_IDS | PROC_F_IO | PROC_F_FDS);
    assert_bytes_eq(r->name, "\xff\xfe\x80"
                             "bad");
    assert_bytes_eq(r->args, "\xc3\x28"
                             "arg \xff");
    assert_bytes_eq(r->exe, "");
    assert_bytes_eq(r->cwd, "");
    assert_int_equal(r->priority, -51);
    assert_int_equal(r->ppid, 100);
    assert_bytes_eq(r->tty, "tty1");
    assert_bytes_eq(r->cgroup, "/grp/a");
}

static void test_name_from_argv0(void **state)
{
    const struct proc_row *r = row_of(&((struct fx *)*state)->list, 102);

    assert_int_equal(r->missing, 0);
    assert_bytes_eq(r->name, "very-long-program-name");
    assert_bytes_eq(r->args, "/usr/local/bin/very-long-program-name --small");
    assert_int_equal(r->args_truncated, 0);
    assert_bytes_eq(r->tty, "ttyS1");
    assert_int_equal(r->open_files, 3);
}

static void test_name_from_exe_unreadable_io(void **state)
{
    const struct proc_row *r = row_of(&((struct fx *)*state)->list, 103);

    if (geteuid() == 0)
        print_message("root: io simulated unreadable by a directory\n");
    /* io unreadable, cwd not a symlink (readlink: EINVAL) */
    assert_int_equal(r->missing, PROC_F_IO | PROC_F_CWD);
    assert_null(r->cwd.ptr);
    assert_bytes_eq(r->name, "data-collector-daemon");
    assert_bytes_eq(r->args, "python3 /srv/app.py");
    assert_bytes_eq(r->tty, "console");
    assert_int_equal(r->open_files, 1);
}

static void test_truncated_stat(void **state)
{
    const struct proc_row *r = row_of(&((struct fx *)*state)->list, 105);

    /* the row stays, the name survives, every other stat field is
     * missing, and the other files are still read */
    assert_int_equal(r->missing, STAT_FIELDS & ~(uint64_t)PROC_F_NAME);
    assert_bytes_eq(r->name, "trunc");
    assert_int_equal(r->read_bytes, 7);
    assert_int_equal(r->write_bytes, 8);
    assert_bytes_eq(r->args, "trunc");
    assert_int_equal(r->open_files, 1);
    assert_null(r->tty.ptr);
}

static void test_long_name_and_status(void **state)
{
    const struct proc_row *r = row_of(&((struct fx *)*state)->list, 106);

    assert_int_equal(r->missing, 0);
    assert_bytes_eq(r->name, "kworker/R-kvfree_rcu_reclaim");
    assert_int_equal(r->state, PROC_STATE_IDLE);
    assert_int_equal(r->uid, 5);
    assert_int_equal(r->euid, 6);
    assert_int_equal(r->gid, 9);
    assert_int_equal(r->egid, 10);
    assert_bytes_eq(r->tty, "pts/300");
    assert_int_equal(r->nice, -20);
    assert_int_equal(r->open_files, 0);
}

static void test_no_statm(void **state)
{
    const struct proc_list *l = &((struct fx *)*state)->list;
    const struct proc_row *r = row_of(l, 4194304);

    assert_int_equal(r->missing, PROC_F_MEM);
    assert_int_equal(r->ppid, 12345);
    assert_bytes_eq(r->args, "cat /etc/hosts");
    assert_int_equal(r->open_files, 3);
    r = row_of(l, 12345);
    assert_int_equal(r->missing, 0);
    assert_bytes_eq(r->tty, "pts/3");
    assert_bytes_eq(r->name, "bash");
    assert_int_equal(r->cpu_user_cs, cs(7));
    assert_int_equal(r->rss_bytes, pages(800));
}

/* A 1 MB command line: cut at args_max, flagged, argv[0] still names the
 * process. */
static void test_huge_cmdline(void **state)
{
    static const char argv0[] = "/usr/local/bin/very-long-program-name";
    struct fx *f = *state;
    size_t n = 1u << 20;
    char *big = malloc(n);
    struct proc_list l;
    const struct proc_row *r;

    assert_non_null(big);
    memset(big, 'a', n);
    memcpy(big, argv0, sizeof(argv0)); /* with its NUL */
    for (size_t i = 100; i < n; i += 100)
        big[i] = '\0';
    write_file(f->root, "102/cmdline", big, n);
    assert_int_equal(scan(f->root, ARGS_MAX, &l), COL_OK);
    r = row_of(&l, 102);
    assert_int_equal(r->args_truncated, 1);
    assert_int_equal(r->args.len, ARGS_MAX);
    assert_memory_equal(r->args.ptr, argv0, sizeof(argv0) - 1);
    assert_int_equal(r->args.ptr[sizeof(argv0) - 1], ' ');
    assert_int_equal(r->args.ptr[100], ' ');
    assert_int_equal(r->args.ptr[101], 'a');
    assert_null(memchr(r->args.ptr, '\0', r->args.len));
    assert_bytes_eq(r->name, "very-long-program-name");
    proc_list_free(&l);
    free(big);
}

/* args_max is a limit on the joined line: "abc def" fits in 7 bytes. */
static void test_args_max_boundary(void **state)
{
    struct fx *f = *state;
    struct proc_list l;
    const struct proc_row *r;

    write_file(f->root, "102/cmdline", "abc\0def\0", 8);
    assert_int_equal(scan(f->root, 7, &l), COL_OK);
    r = row_of(&l, 102);
    assert_bytes_eq(r->args, "abc def");
    assert_int_equal(r->args_truncated, 0);
    proc_list_free(&l);

    assert_int_equal(scan(f->root, 6, &l), COL_OK);
    r = row_of(&l, 102);
    assert_bytes_eq(r->args, "abc de");
    assert_int_equal(r->args_truncated, 1);
    /* argv[0] "abc" does not extend "very-long-progr": exe does */
    assert_bytes_eq(r->name, "very-long-program-name");
    proc_list_free(&l);
}

/* Without btime every start time is missing, nothing else. */
static void test_no_btime(void **state)
{
    static const char stat[] = "cpu  1 2 3\ncpu0 1 2 3\nctxt 5\n";
    struct fx *f = *state;
    struct proc_list l;
    const struct proc_row *r;

    write_file(f->root, "stat", stat, sizeof(stat) - 1);
    assert_int_equal(scan(f->root, ARGS_MAX, &l), COL_OK);
    r = row_of(&l, 1);
    assert_int_equal(r->missing, PROC_F_START);
    assert_int_equal(r->cpu_user_cs, cs(1234));
    proc_list_free(&l);
}

static void test_signal_guards(void **state)
{
    struct fx *f = *state;
    struct collector_options opt = {.proc_root = f->root, .args_max = ARGS_MAX};
    struct collector *c;
    uint64_t start1 = BTIME * 100 + cs(15);

    assert_int_equal(collector_open(&opt, &c), COL_OK);
    assert_int_equal(collector_signal(c, 0, start1, 0), COL_ERR_INVAL);
    assert_int_equal(collector_signal(c, -1, start1, SIGTERM), COL_ERR_INVAL);
    assert_int_equal(collector_signal(c, 1, start1, -1), COL_ERR_INVAL);
    assert_int_equal(collector_signal(c, 1, start1, 100000), COL_ERR_INVAL);
    /* fixture pid 1 started at `start1`: any other start is a reused pid */
    assert_int_equal(collector_signal(c, 1, start1 + 1, 0), COL_ERR_GONE);
    /* 104 has no stat, 99 has no directory */
    assert_int_equal(collector_signal(c, 104, 0, 0), COL_ERR_GONE);
    assert_int_equal(collector_signal(c, 99, 0, 0), COL_ERR_GONE);
    /* the start matches: the (real) pid 1 is probed with signal 0 */
    assert_int_equal(collector_signal(c, 1, start1, 0),
                     geteuid() == 0 ? COL_OK : COL_ERR_ACCESS);
    collector_close(c);
}

/* ----------------------------------------------------------- real /proc */

static const struct proc_row *find(const struct proc_list *l, int32_t pid)
{
    for (size_t i = 0; i < l->count; i++)
        if (l->rows[i].pid == pid)
            return &l->rows[i];
    return NULL;
}

static void live_scan(struct proc_list *l)
{
    assert_int_equal(scan("/proc", ARGS_MAX, l), COL_OK);
    assert_true(l->count >= 2);
    for (size_t i = 1; i < l->count; i++)
        assert_true(l->rows[i - 1].pid < l->rows[i].pid);
}

/* "Threads:" of /proc/self/status, read by the test itself. */
static uint32_t self_threads(void)
{
    FILE *f = fopen("/proc/self/status", "r");
    char line[256];
    unsigned v = 0;

    assert_non_null(f);
    while (fgets(line, sizeof(line), f) != NULL)
        if (sscanf(line, "Threads: %u", &v) == 1)
            break;
    fclose(f);
    assert_true(v >= 1);
    return v;
}

static void *parked_thread(void *arg)
{
    char c;
    ssize_t got = read(*(int *)arg, &c, 1); /* until the pipe is closed */

    return got == 0 ? NULL : arg;
}

static void test_live_self(void **state)
{
    struct proc_list l;
    const struct proc_row *r;
    char exe[PATH_MAX], cwd[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe));
    uint64_t now_cs = (uint64_t)time(NULL) * 100;
    int park[2];
    pthread_t parked;
    void *ret = &ret;
    uint32_t before;

    assert_true(n > 0);
    assert_non_null(getcwd(cwd, sizeof(cwd)));
    /* One thread of our own, so the count is not just "1"; the base is
     * what the kernel says now (TSan adds its own threads). */
    assert_int_equal(pipe(park), 0);
    assert_int_equal(pthread_create(&parked, NULL, parked_thread, &park[0]), 0);
    before = self_threads();
    assert_true(before >= 2);
    live_scan(&l);
    r = find(&l, (int32_t)getpid());
    assert_non_null(r);
    assert_int_equal(r->ppid, getppid());
    /* comm is "test_process_fi" (cut at 15): extended from argv[0] */
    assert_bytes_eq(r->name, "test_process_fixture");
    assert_int_equal(r->uid, getuid());
    assert_int_equal(r->euid, geteuid());
    assert_int_equal(r->gid, getgid());
    assert_int_equal(r->egid, getegid());
    assert_int_equal(r->state, PROC_STATE_RUNNING);
    /* the scan's own command-line helper (cmdline_read.c, detached) may
     * or may not still be running when our status is read */
    assert_true(r->threads >= before && r->threads <= before + 1);
    assert_int_equal(r->exe.len, (size_t)n);
    assert_memory_equal(r->exe.ptr, exe, (size_t)n);
    assert_string_equal(r->cwd.ptr, cwd);
    assert_int_equal(strncmp(r->args.ptr, g_argv0, strlen(g_argv0)), 0);
    assert_int_equal(r->pgrp, getpgrp());
    assert_int_equal(r->session, getsid(0));
    assert_true(r->open_files >= 3);
    assert_true(r->rss_bytes > 0 && r->vsz_bytes >= r->rss_bytes);
    /* started in the last 10 minutes, not in the future (1 s slack for
     * btime's whole-second rounding) */
    assert_true(r->start_time_cs <= now_cs + 100);
    assert_true(r->start_time_cs + 60000 >= now_cs);
    assert_int_equal(r->missing & ~(uint64_t)PROC_F_IO, 0);
    proc_list_free(&l);
    close(park[1]);
    assert_int_equal(pthread_join(parked, &ret), 0);
    assert_null(ret); /* its read saw the end of the pipe */
    close(park[0]);
}

static uint32_t count_entries(const char *path)
{
    DIR *d = opendir(path);
    struct dirent *e;
    uint32_t n = 0;

    assert_non_null(d);
    while ((e = readdir(d)) != NULL)
        n += strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0;
    closedir(d);
    return n;
}

static pid_t spawn_sleeper(void)
{
    pid_t pid = fork();

    assert_true(pid >= 0);
    if (pid == 0) {
        pause();
        _exit(0);
    }
    return pid;
}

static void test_live_signal(void **state)
{
    struct collector_options opt = {.proc_root = "/proc", .args_max = ARGS_MAX};
    struct collector *c;
    struct proc_list l;
    pid_t child = spawn_sleeper();
    const struct proc_row *r;
    uint64_t start;
    int status;
    char fd_dir[64];

    live_scan(&l);
    r = find(&l, child);
    assert_non_null(r);
    assert_int_equal(r->ppid, getpid());
    /* its fds cannot change while it sleeps: both ways of counting them
     * (st_size of fd/ on 6.2+, else its entries) must agree */
    snprintf(fd_dir, sizeof(fd_dir), "/proc/%d/fd", (int)child);
    assert_int_equal(r->open_files, count_entries(fd_dir));
    assert_int_equal(r->missing & PROC_F_FDS, 0);
    start = r->start_time_cs;
    proc_list_free(&l);

    assert_int_equal(collector_open(&opt, &c), COL_OK);
    assert_int_equal(collector_signal(c, child, start, 0), COL_OK);
    assert_int_equal(collector_signal(c, child, start + 1, SIGTERM),
                     COL_ERR_GONE);
    assert_int_equal(collector_signal(c, child, start, SIGTERM), COL_OK);
    assert_int_equal(waitpid(child, &status, 0), child);
    assert_true(WIFSIGNALED(status));
    assert_int_equal(WTERMSIG(status), SIGTERM);
    assert_int_equal(collector_signal(c, child, start, 0), COL_ERR_GONE);
    collector_close(c);
}

/* A zombie child of ours shows as one, with no exe. */
static void test_live_zombie(void **state)
{
    struct proc_list l;
    pid_t child = fork();
    const struct proc_row *r;
    char path[64];
    struct stat st;

    assert_true(child >= 0);
    if (child == 0)
        _exit(0);
    /* wait until it has exited but leave it unreaped */
    snprintf(path, sizeof(path), "/proc/%d/stat", (int)child);
    for (int i = 0; i < 1000; i++) {
        FILE *fp = fopen(path, "r");
        char buf[256] = "";

        assert_non_null(fp);
        assert_non_null(fgets(buf, sizeof(buf), fp));
        fclose(fp);
        if (strstr(buf, ") Z ") != NULL)
            break;
        usleep(1000);
    }
    live_scan(&l);
    r = find(&l, child);
    assert_non_null(r);
    assert_int_equal(r->state, PROC_STATE_ZOMBIE);
    assert_bytes_eq(r->exe, "");
    assert_bytes_eq(r->args, "");
    assert_int_equal(r->missing & PROC_F_EXE, 0);
    proc_list_free(&l);
    assert_int_equal(waitpid(child, NULL, 0), child);
    assert_int_equal(stat(path, &st), -1);
}

/* The whole /proc scan, timed (reported, not asserted: sanitizers and
 * shared machines make CPU time too noisy for a hard limit). */
static void test_live_scan_cost(void **state)
{
    struct timespec a, b;
    struct proc_list l;
    double ms;

    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &a);
    live_scan(&l);
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &b);
    ms = (double)(b.tv_sec - a.tv_sec) * 1e3 +
         (double)(b.tv_nsec - a.tv_nsec) / 1e6;
    print_message("scanned %zu processes in %.2f ms CPU\n", l.count, ms);
    assert_non_null(find(&l, (int32_t)getpid()));
    proc_list_free(&l);
}

int main(int argc, char **argv)
{
    const struct CMUnitTest fixture[] = {
        cmocka_unit_test(test_rows_sorted_and_filtered),
        cmocka_unit_test(test_reference_row),
        cmocka_unit_test(test_kernel_thread),
        cmocka_unit_test(test_zombie),
        cmocka_unit_test(test_tricky_name),
        cmocka_unit_test(test_invalid_utf8_and_missing_files),
        cmocka_unit_test(test_name_from_argv0),
        cmocka_unit_test(test_name_from_exe_unreadable_io),
        cmocka_unit_test(test_truncated_stat),
        cmocka_unit_test(test_long_name_and_status),
        cmocka_unit_test(test_no_statm),
        cmocka_unit_test(test_signal_guards),
        /* these rewrite files of the temporary tree: keep them last */
        cmocka_unit_test(test_huge_cmdline),
        cmocka_unit_test(test_args_max_boundary),
        cmocka_unit_test(test_no_btime),
    };
    const struct CMUnitTest live[] = {
        cmocka_unit_test(test_live_self),
        cmocka_unit_test(test_live_signal),
        cmocka_unit_test(test_live_zombie),
        cmocka_unit_test(test_live_scan_cost),
    };
    int failed;

    snprintf(g_argv0, sizeof(g_argv0), "%s", argc > 0 ? argv[0] : "");
    failed = cmocka_run_group_tests_name("fixture", fixture, setup_tree,
                                         teardown_tree);
    failed += cmocka_run_group_tests_name("live", live, NULL, NULL);
    return failed;
}
