/*
 * test_mount_probe.c - the deadline-bounded prober, with a fake statfs
 * that hangs on chosen paths until the test releases it.
 */
#include "mount_probe.h"
#include "sysinfo_oids.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <setjmp.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#define TIMEOUT_MS 300u
/* Thread start-up and a loaded 2-core CI machine under ASan. */
#define SLACK_MS 500u

/* The fake filesystem: paths starting with "/hung" block until released;
 * "/err" fails with EACCES; "/nomsg" fails without an errno; the others
 * answer at once with numbers derived from the path's length. */
struct fake {
    pthread_mutex_t mu;
    pthread_cond_t cv;
    int released;
    unsigned calls;       /* every call */
    unsigned hung_calls;  /* calls on a /hung path */
    unsigned hung_return; /* of those, returned */
};

#define FAKE_INIT                                                              \
    {                                                                          \
        PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, 0, 0, 0, 0        \
    }

static enum col_status fake_fs_usage(void *ctx, const char *path,
                                     struct fs_usage *out, int *err_no)
{
    struct fake *f = ctx;
    int hung = strncmp(path, "/hung", 5) == 0;

    pthread_mutex_lock(&f->mu);
    f->calls++;
    if (hung) {
        f->hung_calls++;
        while (!f->released)
            pthread_cond_wait(&f->cv, &f->mu);
        f->hung_return++;
    }
    pthread_mutex_unlock(&f->mu);
    if (strcmp(path, "/err") == 0) {
        *err_no = EACCES;
        return COL_ERR_IO;
    }
    if (strcmp(path, "/nomsg") == 0)
        return COL_ERR_ACCESS;
    out->size_bytes = strlen(path) * 1000u;
    out->free_bytes = strlen(path) * 100u;
    out->avail_bytes = strlen(path) * 10u;
    out->inodes = 77;
    out->inodes_free = 7;
    out->block_size = 4096;
    return COL_OK;
}

static void fake_release(struct fake *f)
{
    pthread_mutex_lock(&f->mu);
    f->released = 1;
    pthread_cond_broadcast(&f->cv);
    pthread_mutex_unlock(&f->mu);
}

static unsigned fake_get(struct fake *f, const unsigned *field)
{
    unsigned v;

    pthread_mutex_lock(&f->mu);
    v = *field;
    pthread_mutex_unlock(&f->mu);
    return v;
}

static uint64_t now_ms(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}

/* Polls cond(arg) for up to 5 s. */
static int wait_for(int (*cond)(void *), void *arg)
{
    for (int i = 0; i < 500; i++) {
        if (cond(arg))
            return 1;
        usleep(10 * 1000);
    }
    return 0;
}

static int no_stuck(void *arg)
{
    return mount_prober_stuck(arg) == 0;
}

static int no_threads(void *arg)
{
    return mount_probe_threads_alive() == 0;
}

/* A thread counts itself out after its job is done, so just after a run
 * the count may still include threads that are about to exit. */
static int threads_are(void *arg)
{
    return mount_probe_threads_alive() == *(size_t *)arg;
}

static void assert_threads(size_t n)
{
    if (!wait_for(threads_are, &n))
        fail_msg("%zu probe threads alive, want %zu",
                 mount_probe_threads_alive(), n);
}

static struct mount_prober *new_fake_prober(struct fake *f)
{
    struct mount_probe_ops ops = {fake_fs_usage, f};
    struct mount_prober *p = mount_prober_new(TIMEOUT_MS, &ops);

    assert_non_null(p);
    return p;
}

static void test_all_answer(void **state)
{
    static struct fake f = FAKE_INIT;
    const char *paths[] = {"/", "/home", "/err", "/nomsg"};
    struct mount_probe_result r[4];
    struct mount_prober *p = new_fake_prober(&f);
    uint64_t t0 = now_ms(), t1;

    assert_int_equal(mount_prober_run(p, paths, 4, r), COL_OK);
    t1 = now_ms();
    /* Nothing hung: the run ends when the last answer comes, not at the
     * deadline. */
    assert_true(t1 - t0 < TIMEOUT_MS);
    assert_int_equal(r[0].status, SIA_MOUNT_OK);
    assert_int_equal(r[0].usage.size_bytes, 1000);
    assert_int_equal(r[0].usage.free_bytes, 100);
    assert_int_equal(r[0].usage.avail_bytes, 10);
    assert_int_equal(r[0].usage.inodes, 77);
    assert_int_equal(r[0].usage.inodes_free, 7);
    assert_int_equal(r[0].usage.block_size, 4096);
    assert_int_equal(r[0].err_no, 0);
    assert_true(r[0].mono_ms >= t0 && r[0].mono_ms <= t1);
    assert_int_equal(r[1].status, SIA_MOUNT_OK);
    assert_int_equal(r[1].usage.size_bytes, 5000);
    assert_int_equal(r[2].status, SIA_MOUNT_ERROR);
    assert_int_equal(r[2].err_no, EACCES);
    assert_int_equal(r[2].usage.size_bytes, 0);
    assert_int_equal(r[3].status, SIA_MOUNT_ERROR);
    assert_int_equal(r[3].err_no, EACCES); /* from COL_ERR_ACCESS */
    assert_int_equal(fake_get(&f, &f.calls), 4);
    assert_int_equal(mount_prober_stuck(p), 0);
    mount_prober_free(p);
    assert_true(wait_for(no_threads, NULL));
}

static void test_hung_path(void **state)
{
    static struct fake f = FAKE_INIT;
    const char *paths[] = {"/a", "/hung", "/bb"};
    struct mount_probe_result r[3];
    struct mount_prober *p = new_fake_prober(&f);
    uint64_t t0 = now_ms(), el;

    /* Run 1: one deadline, the hung path times out, the others answer. */
    assert_int_equal(mount_prober_run(p, paths, 3, r), COL_OK);
    el = now_ms() - t0;
    assert_true(el + 5 >= TIMEOUT_MS);
    assert_true(el < TIMEOUT_MS + SLACK_MS);
    assert_int_equal(r[0].status, SIA_MOUNT_OK);
    assert_int_equal(r[0].usage.size_bytes, 2000);
    assert_int_equal(r[1].status, SIA_MOUNT_TIMEOUT);
    assert_int_equal(r[1].err_no, ETIMEDOUT);
    assert_int_equal(r[1].still_stuck, 0);
    assert_int_equal(r[1].usage.size_bytes, 0);
    assert_int_equal(r[2].status, SIA_MOUNT_OK);
    assert_int_equal(r[2].usage.size_bytes, 3000);
    assert_int_equal(mount_prober_stuck(p), 1);
    assert_int_equal(fake_get(&f, &f.hung_calls), 1);

    /* Run 2: timeout again at once, and no second call on /hung. */
    t0 = now_ms();
    assert_int_equal(mount_prober_run(p, paths, 3, r), COL_OK);
    assert_true(now_ms() - t0 < TIMEOUT_MS);
    assert_int_equal(r[1].status, SIA_MOUNT_TIMEOUT);
    assert_int_equal(r[1].still_stuck, 1);
    assert_int_equal(r[0].status, SIA_MOUNT_OK);
    assert_int_equal(fake_get(&f, &f.hung_calls), 1);
    assert_int_equal(fake_get(&f, &f.calls), 5);

    /* The filesystem recovers: the late answer is dropped, the next run
     * probes again and gets a fresh one. */
    fake_release(&f);
    assert_true(wait_for(no_stuck, p));
    assert_int_equal(fake_get(&f, &f.hung_return), 1);
    t0 = now_ms();
    assert_int_equal(mount_prober_run(p, paths, 3, r), COL_OK);
    assert_int_equal(r[1].status, SIA_MOUNT_OK);
    assert_int_equal(r[1].usage.size_bytes, 5000);
    assert_true(r[1].mono_ms >= t0);
    assert_int_equal(fake_get(&f, &f.hung_calls), 2);
    mount_prober_free(p);
    assert_true(wait_for(no_threads, NULL));
}

static void test_many_hung_one_deadline(void **state)
{
    static struct fake f = FAKE_INIT;
    char names[40][16];
    const char *paths[40];
    struct mount_probe_result r[40];
    struct mount_prober *p = new_fake_prober(&f);
    uint64_t t0, el;
    size_t timeouts = 0;

    for (int i = 0; i < 40; i++) {
        snprintf(names[i], sizeof(names[i]), "%s%d", i % 4 ? "/ok" : "/hung",
                 i);
        paths[i] = names[i];
    }
    t0 = now_ms();
    assert_int_equal(mount_prober_run(p, paths, 40, r), COL_OK);
    el = now_ms() - t0;
    /* Ten hung filesystems cost one deadline, not ten. */
    assert_true(el < TIMEOUT_MS + SLACK_MS);
    for (int i = 0; i < 40; i++) {
        assert_int_equal(r[i].status, i % 4 ? SIA_MOUNT_OK : SIA_MOUNT_TIMEOUT);
        timeouts += r[i].status == SIA_MOUNT_TIMEOUT;
    }
    assert_int_equal(timeouts, 10);
    assert_int_equal(mount_prober_stuck(p), 10);
    assert_threads(10);
    fake_release(&f);
    assert_true(wait_for(no_stuck, p));
    mount_prober_free(p);
    assert_true(wait_for(no_threads, NULL));
}

/* The prober goes away while a call hangs: the thread keeps its job and
 * frees it when the call returns.  ASan's leak check at exit fails the
 * test if anything is left behind; use-after-free would abort it. */
static void test_free_while_stuck(void **state)
{
    static struct fake f = FAKE_INIT;
    const char *paths[] = {"/hung/x", "/y"};
    struct mount_probe_result r[2];
    struct mount_prober *p = new_fake_prober(&f);

    assert_int_equal(mount_prober_run(p, paths, 2, r), COL_OK);
    assert_int_equal(r[0].status, SIA_MOUNT_TIMEOUT);
    assert_int_equal(r[1].status, SIA_MOUNT_OK);
    assert_threads(1);
    mount_prober_free(p);
    /* Still blocked, after its prober is gone. */
    assert_int_equal(fake_get(&f, &f.hung_return), 0);
    assert_threads(1);
    fake_release(&f);
    assert_true(wait_for(no_threads, NULL));
    assert_int_equal(fake_get(&f, &f.hung_return), 1);
}

static void test_edges(void **state)
{
    static struct fake f = FAKE_INIT;
    const char *paths[] = {"/a", NULL};
    struct mount_probe_result r[2];
    struct mount_prober *p = new_fake_prober(&f);

    assert_int_equal(mount_prober_run(p, NULL, 0, NULL), COL_OK);
    assert_int_equal(mount_prober_run(p, paths, 2, r), COL_ERR_INVAL);
    assert_int_equal(mount_prober_run(p, NULL, 1, r), COL_ERR_INVAL);
    assert_int_equal(mount_prober_run(NULL, paths, 1, r), COL_ERR_INVAL);
    assert_int_equal(fake_get(&f, &f.calls), 0);
    mount_prober_free(p);
    mount_prober_free(NULL);
}

/* NULL ops: the real collector_fs_usage. */
static void test_real_statfs(void **state)
{
    const char *paths[] = {SIA_FIXTURES, "/nonexistent/sia-probe"};
    struct mount_probe_result r[2];
    struct mount_prober *p = mount_prober_new(0, NULL);

    assert_non_null(p);
    assert_int_equal(mount_prober_run(p, paths, 2, r), COL_OK);
    assert_int_equal(r[0].status, SIA_MOUNT_OK);
    assert_true(r[0].usage.size_bytes > 0);
    assert_true(r[0].usage.block_size > 0);
    assert_int_equal(r[1].status, SIA_MOUNT_ERROR);
    assert_int_equal(r[1].err_no, ENOENT);
    mount_prober_free(p);
    assert_true(wait_for(no_threads, NULL));
}

/* ------------------------------------------- a real hung FUSE mount */

/* tests/tools/hangfs, built next to this program: a FUSE daemon that
 * stops answering when it is sent SIGSTOP.  Needs root, /dev/fuse and a
 * private mount namespace; skipped otherwise. */
struct hangfs_env {
    pid_t pid;
    char dir[64];
};

static struct hangfs_env hangfs_env;

/* The hung mount must be seen by this process only: anything else on the
 * machine that walks the mount table (df, an agent under test) would
 * block on it too.  unshare(CLONE_NEWNS) needs a single-threaded caller,
 * hence main() before any test; MS_PRIVATE stops the mount propagating
 * back to the parent namespace. */
static int private_mount_ns;

static void enter_private_mount_ns(void)
{
    private_mount_ns = geteuid() == 0 && unshare(CLONE_NEWNS) == 0 &&
                       mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) == 0;
}

static int find_hangfs(char *out, size_t size)
{
    ssize_t n = readlink("/proc/self/exe", out, size - 1);
    char *slash;

    if (n <= 0)
        return -1;
    out[n] = '\0';
    slash = strrchr(out, '/');
    if (slash == NULL || (size_t)(slash - out) + sizeof("/hangfs") > size)
        return -1;
    strcpy(slash, "/hangfs");
    return access(out, X_OK);
}

static int hangfs_mounted(const char *dir)
{
    struct fs_usage u;
    int err;

    return collector_fs_usage(dir, &u, &err) == COL_OK &&
           u.size_bytes == 1000000ull * 4096;
}

static int hangfs_setup(void **state)
{
    struct hangfs_env *env = &hangfs_env;
    char exe[PATH_MAX];

    memset(env, 0, sizeof(*env));
    *state = env;
    if (!private_mount_ns || access("/dev/fuse", R_OK | W_OK) != 0 ||
        find_hangfs(exe, sizeof(exe)) != 0)
        return 0;
    strcpy(env->dir, "/tmp/sia-hangfs.XXXXXX");
    if (mkdtemp(env->dir) == NULL)
        return -1;
    env->pid = fork();
    if (env->pid == 0) {
        int null = open("/dev/null", O_WRONLY);

        dup2(null, 2);
        execl(exe, "hangfs", env->dir, (char *)NULL);
        _exit(127);
    }
    for (int i = 0; i < 500 && !hangfs_mounted(env->dir); i++) {
        if (waitpid(env->pid, NULL, WNOHANG) == env->pid) {
            env->pid = 0; /* could not mount here (no privilege) */
            break;
        }
        usleep(10 * 1000);
    }
    return 0;
}

static int hangfs_teardown(void **state)
{
    struct hangfs_env *env = *state;
    int i;

    if (env->pid > 0) {
        kill(env->pid, SIGCONT);
        umount2(env->dir, MNT_DETACH);
        /* The daemon exits once the kernel drops the connection. */
        for (i = 0; i < 500; i++) {
            if (waitpid(env->pid, NULL, WNOHANG) == env->pid)
                break;
            usleep(10 * 1000);
        }
        if (i == 500) {
            kill(env->pid, SIGKILL);
            waitpid(env->pid, NULL, 0);
        }
    }
    if (env->dir[0] != '\0')
        rmdir(env->dir);
    wait_for(no_threads, NULL);
    return 0;
}

static int proc_stopped(pid_t pid)
{
    char path[64], text[512];
    const char *paren;
    ssize_t n;
    int fd;

    snprintf(path, sizeof(path), "/proc/%ld/stat", (long)pid);
    fd = open(path, O_RDONLY);
    if (fd < 0)
        return 0;
    n = read(fd, text, sizeof(text) - 1);
    close(fd);
    if (n <= 0)
        return 0;
    text[n] = '\0';
    paren = strrchr(text, ')');
    return paren != NULL && paren[1] == ' ' && paren[2] == 'T';
}

static int hangfs_stopped(void *arg)
{
    return proc_stopped(*(pid_t *)arg);
}

static void test_real_hung_fuse(void **state)
{
    struct hangfs_env *env = *state;
    const char *paths[] = {env->dir, SIA_FIXTURES};
    struct mount_probe_result r[2];
    struct mount_prober *p;
    uint64_t t0;

    if (env->pid <= 0)
        skip(); /* not root, no namespace, no /dev/fuse, or no mount */
    p = mount_prober_new(TIMEOUT_MS, NULL);
    assert_non_null(p);
    assert_int_equal(mount_prober_run(p, paths, 2, r), COL_OK);
    assert_int_equal(r[0].status, SIA_MOUNT_OK);
    assert_int_equal(r[0].usage.size_bytes, 1000000ull * 4096);
    assert_int_equal(r[0].usage.free_bytes, 400000ull * 4096);
    assert_int_equal(r[0].usage.avail_bytes, 350000ull * 4096);
    assert_int_equal(r[0].usage.inodes, 100000);
    assert_int_equal(r[0].usage.inodes_free, 90000);
    assert_int_equal(r[0].usage.block_size, 4096);

    /* The daemon stops answering: statfs blocks in the kernel. */
    kill(env->pid, SIGSTOP);
    assert_true(wait_for(hangfs_stopped, &env->pid));
    t0 = now_ms();
    assert_int_equal(mount_prober_run(p, paths, 2, r), COL_OK);
    assert_true(now_ms() - t0 < TIMEOUT_MS + SLACK_MS);
    assert_int_equal(r[0].status, SIA_MOUNT_TIMEOUT);
    assert_int_equal(r[1].status, SIA_MOUNT_OK);
    assert_int_equal(mount_prober_run(p, paths, 2, r), COL_OK);
    assert_int_equal(r[0].status, SIA_MOUNT_TIMEOUT);
    assert_int_equal(r[0].still_stuck, 1);
    assert_threads(1);

    /* It answers again: the stuck call returns, the next run is ok. */
    kill(env->pid, SIGCONT);
    assert_true(wait_for(no_stuck, p));
    assert_int_equal(mount_prober_run(p, paths, 2, r), COL_OK);
    assert_int_equal(r[0].status, SIA_MOUNT_OK);
    assert_int_equal(r[0].usage.size_bytes, 1000000ull * 4096);
    mount_prober_free(p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_all_answer),
        cmocka_unit_test(test_hung_path),
        cmocka_unit_test(test_many_hung_one_deadline),
        cmocka_unit_test(test_free_while_stuck),
        cmocka_unit_test(test_edges),
        cmocka_unit_test(test_real_statfs),
        cmocka_unit_test_setup_teardown(test_real_hung_fuse, hangfs_setup,
                                        hangfs_teardown),
    };

    enter_private_mount_ns();
    return cmocka_run_group_tests(tests, NULL, NULL);
}
