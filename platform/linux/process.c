/*
 * process.c - the Linux process table: one row per <root>/PID, read
 * through the collector's proc root fd only (openat), so --proc-root can
 * point at a fixture tree or at a container's view of the host's /proc.
 *
 * Each pid directory is opened once and its files are opened relative to
 * it; the collector's two scratch buffers are reused for every process,
 * so the only allocations per process are the row's own strings.
 *
 * Memory columns come from statm (size, resident, shared), not from stat:
 * statm is needed anyway for "shared", and taking all three from one file
 * gives one coherent sample in one unit (pages).
 */
#include "cmdline_read.h"
#include "linux_internal.h"
#include "proc_parse.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/magic.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <unistd.h>

/* Uid: and Gid: are lines 9 and 10 of status; 1 KB holds them even after
 * a 64-byte name escaped four times over.  If a future kernel pushes them
 * further, the parser says so and the whole file is read instead. */
#define STATUS_PREFIX 1024
/* A readlink target longer than this is refused rather than grown for. */
#define LINK_MAX_BYTES (1u << 20)

#define STAT_FIELDS                                                            \
    (PROC_F_PPID | PROC_F_NAME | PROC_F_STATE | PROC_F_START | PROC_F_CPU |    \
     PROC_F_THREADS | PROC_F_PRIO | PROC_F_TTY | PROC_F_PGRP | PROC_F_FAULTS)
#define ALL_FIELDS ((PROC_F_CWD << 1) - 1)

/* The boot time, read once per scan (start times are relative to it). */
struct boot {
    int known;
    int64_t btime; /* Unix seconds */
};

/* One process being read. */
struct proc_ctx {
    struct collector *c;
    int dfd;        /* its pid directory */
    int saw_enoent; /* a file was absent: the process may have exited */
    int procfs;     /* the root is a real procfs, not a fixture tree */
    struct proc_row *r;
};

static int gone_errno(int e)
{
    return e == ENOENT || e == ESRCH;
}

/* ticks * 100 / hz without the multiplication overflowing first. */
static uint64_t ticks_to_cs(uint64_t ticks, long clk_tck)
{
    uint64_t hz = (uint64_t)clk_tck;

    return ticks / hz * 100 + ticks % hz * 100 / hz;
}

static int read_boot(struct collector *c, struct boot *b)
{
    b->known = lx_read_at(c->root_fd, "stat", &c->buf, 0, NULL) == 0 &&
               pp_parse_btime(c->buf.data, c->buf.len, &b->btime) == PP_OK;
    return b->known ? 0 : -1;
}

static uint64_t start_cs(const struct collector *c, const struct boot *b,
                         uint64_t ticks)
{
    return (uint64_t)b->btime * 100 + ticks_to_cs(ticks, c->clk_tck);
}

/* Calls fn for each entry of directory fd but "." and "..", using b as
 * the getdents buffer (no DIR: opendir() would malloc per directory). */
static int dir_each(int fd, struct lx_buf *b,
                    int (*fn)(const struct dirent64 *d, void *arg), void *arg)
{
    if (lx_buf_reserve(b, 32768) < 0)
        return -1;
    for (;;) {
        ssize_t n = getdents64(fd, b->data, b->cap - 1);

        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return n < 0 ? -1 : 0;
        for (ssize_t off = 0; off < n;) {
            const struct dirent64 *d = (const void *)(b->data + off);
            const char *nm = d->d_name;

            off += d->d_reclen;
            if (nm[0] == '.' &&
                (nm[1] == '\0' || (nm[1] == '.' && nm[2] == '\0')))
                continue;
            if (fn(d, arg) < 0)
                return -1;
        }
    }
}

struct pid_vec {
    int32_t *v;
    size_t n, cap;
};

/* A pid directory name: canonical decimal, 1..INT32_MAX. */
static int pid_of(const char *s, int32_t *pid)
{
    int64_t v = 0;

    if (s[0] < '1' || s[0] > '9')
        return -1;
    for (; *s != '\0'; s++) {
        if (*s < '0' || *s > '9')
            return -1;
        v = v * 10 + (*s - '0');
        if (v > INT32_MAX)
            return -1;
    }
    *pid = (int32_t)v;
    return 0;
}

static int add_pid(const struct dirent64 *d, void *arg)
{
    struct pid_vec *pv = arg;
    int32_t pid;

    if ((d->d_type != DT_DIR && d->d_type != DT_UNKNOWN) ||
        pid_of(d->d_name, &pid) < 0)
        return 0;
    if (pv->n == pv->cap) {
        size_t cap = pv->cap ? pv->cap * 2 : 512;
        int32_t *v = realloc(pv->v, cap * sizeof(*v));

        if (v == NULL) {
            errno = ENOMEM;
            return -1;
        }
        pv->v = v;
        pv->cap = cap;
    }
    pv->v[pv->n++] = pid;
    return 0;
}

static int cmp_pid(const void *a, const void *b)
{
    int32_t x = *(const int32_t *)a, y = *(const int32_t *)b;

    return (x > y) - (x < y);
}

/* The pids under the root, sorted.  /proc lists them in order already,
 * but a fixture tree on disk does not. */
static enum col_status list_pids(struct collector *c, struct pid_vec *pv)
{
    /* A fresh fd: getdents on root_fd would move its shared offset. */
    int fd = openat(c->root_fd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    int rc, saved;

    if (fd < 0)
        return errno == EACCES ? COL_ERR_ACCESS : COL_ERR_IO;
    rc = dir_each(fd, &c->buf, add_pid, pv);
    saved = errno;
    close(fd);
    if (rc < 0)
        return saved == ENOMEM   ? COL_ERR_NOMEM
               : saved == EACCES ? COL_ERR_ACCESS
                                 : COL_ERR_IO;
    if (pv->n > 1)
        qsort(pv->v, pv->n, sizeof(*pv->v), cmp_pid);
    return COL_OK;
}

/* One file of the pid directory, without the type check on procfs. */
static int ctx_read(const struct proc_ctx *x, const char *name,
                    struct lx_buf *b, size_t max, int *truncated)
{
    return x->procfs ? lx_read_proc(x->dfd, name, b, max, truncated)
                     : lx_read_at(x->dfd, name, b, max, truncated);
}

/* Reads one file of the pid directory; on failure marks `bit` missing
 * and remembers whether the file was absent. */
static int read_file(struct proc_ctx *x, const char *name, struct lx_buf *b,
                     size_t max, int *truncated, uint64_t bit)
{
    if (ctx_read(x, name, b, max, truncated) == 0)
        return 0;
    if (gone_errno(errno))
        x->saw_enoent = 1;
    x->r->missing |= bit;
    return -1;
}

static int set_tty(struct proc_row *r, uint32_t tty_nr)
{
    char name[PP_TTY_NAME_MAX];
    size_t n = pp_tty_name(tty_nr, name, sizeof(name));

    return col_bytes_set(&r->tty, name, n);
}

static int fill_stat(struct proc_ctx *x, const struct pp_stat *st,
                     const struct boot *b)
{
    struct proc_row *r = x->r;
    long hz = x->c->clk_tck;

    r->ppid = st->ppid;
    r->state = pp_state(st->state);
    r->pgrp = st->pgrp;
    r->session = st->session;
    r->minor_faults = st->minflt;
    r->major_faults = st->majflt;
    r->cpu_user_cs = ticks_to_cs(st->utime, hz);
    r->cpu_system_cs = ticks_to_cs(st->stime, hz);
    r->priority = st->priority;
    r->nice = st->nice;
    r->threads = st->num_threads;
    if (b->known)
        r->start_time_cs = start_cs(x->c, b, st->starttime);
    else
        r->missing |= PROC_F_START;
    if (col_bytes_set(&r->name, st->comm, st->comm_len) < 0)
        return -1;
    return set_tty(r, st->tty_nr);
}

/* stat anchors the row.  Returns 1 to keep the row, 0 when the process
 * has gone, -1 when out of memory. */
static int read_stat(struct proc_ctx *x, const struct boot *b)
{
    struct lx_buf *buf = &x->c->buf;
    struct pp_stat st;

    if (ctx_read(x, "stat", buf, 0, NULL) < 0) {
        if (gone_errno(errno))
            return 0;
        x->r->missing |= STAT_FIELDS;
        return 1;
    }
    if (pp_parse_stat(buf->data, buf->len, &st) == PP_OK)
        return fill_stat(x, &st, b) < 0 ? -1 : 1;
    /* Malformed: keep the name if the parentheses at least are there. */
    x->r->missing |= STAT_FIELDS;
    if (pp_stat_comm(buf->data, buf->len, &st.comm, &st.comm_len) == PP_OK) {
        if (col_bytes_set(&x->r->name, st.comm, st.comm_len) < 0)
            return -1;
        x->r->missing &= ~(uint64_t)PROC_F_NAME;
    }
    return 1;
}

static void read_statm(struct proc_ctx *x)
{
    struct lx_buf *buf = &x->c->buf;
    uint64_t page = (uint64_t)x->c->page_size;
    struct pp_statm m;

    if (read_file(x, "statm", buf, 0, NULL, PROC_F_MEM) < 0)
        return;
    if (pp_parse_statm(buf->data, buf->len, &m) != PP_OK) {
        x->r->missing |= PROC_F_MEM;
        return;
    }
    /* Pages to bytes; a product past 64 bits is no size (unknown). */
    if (__builtin_mul_overflow(m.size, page, &x->r->vsz_bytes) ||
        __builtin_mul_overflow(m.resident, page, &x->r->rss_bytes) ||
        __builtin_mul_overflow(m.shared, page, &x->r->shared_bytes))
        x->r->missing |= PROC_F_MEM;
}

static void read_ids(struct proc_ctx *x)
{
    struct lx_buf *buf = &x->c->buf;
    struct pp_ids ids;
    int truncated = 0;
    int rc;

    if (read_file(x, "status", buf, STATUS_PREFIX, &truncated, PROC_F_IDS))
        return;
    rc = pp_parse_status_ids(buf->data, buf->len, &ids);
    if (rc == PP_ERR_MISSING && truncated) {
        if (read_file(x, "status", buf, 0, NULL, PROC_F_IDS) < 0)
            return;
        rc = pp_parse_status_ids(buf->data, buf->len, &ids);
    }
    if (rc != PP_OK) {
        x->r->missing |= PROC_F_IDS;
        return;
    }
    x->r->uid = ids.uid;
    x->r->euid = ids.euid;
    x->r->gid = ids.gid;
    x->r->egid = ids.egid;
}

static void read_io(struct proc_ctx *x)
{
    struct lx_buf *buf = &x->c->buf;
    struct pp_io io;

    if (read_file(x, "io", buf, 0, NULL, PROC_F_IO) < 0)
        return;
    if (pp_parse_io(buf->data, buf->len, &io) != PP_OK) {
        x->r->missing |= PROC_F_IO;
        return;
    }
    x->r->read_bytes = io.read_bytes;
    x->r->write_bytes = io.write_bytes;
}

static int read_cgroup(struct proc_ctx *x)
{
    struct lx_buf *buf = &x->c->buf;
    const char *path;
    size_t n;

    if (read_file(x, "cgroup", buf, 0, NULL, PROC_F_CGROUP) < 0)
        return 0;
    if (pp_parse_cgroup(buf->data, buf->len, &path, &n) != PP_OK) {
        x->r->missing |= PROC_F_CGROUP;
        return 0;
    }
    return col_bytes_set(&x->r->cgroup, path, n);
}

/* readlinkat into b, growing b while the target may not have fit. */
static int read_link(int dfd, const char *name, struct lx_buf *b)
{
    size_t want = 4096;

    for (;;) {
        ssize_t n;

        if (lx_buf_reserve(b, want) < 0)
            return -1;
        n = readlinkat(dfd, name, b->data, b->cap - 1);
        if (n < 0)
            return -1;
        if ((size_t)n < b->cap - 1) {
            b->len = (size_t)n;
            b->data[n] = '\0';
            return 0;
        }
        if (b->cap > LINK_MAX_BYTES) {
            errno = ENAMETOOLONG;
            return -1;
        }
        want = b->cap * 2;
    }
}

/* exe and cwd: ENOENT on a live process means "none" (a kernel thread
 * has no executable), so it is "" rather than missing; the caller checks
 * afterwards that the process is indeed still alive. */
static int read_link_field(struct proc_ctx *x, const char *name,
                           struct col_bytes *out, uint64_t bit)
{
    struct lx_buf *buf = &x->c->buf;

    if (read_link(x->dfd, name, buf) == 0)
        return col_bytes_set(out, buf->data, buf->len);
    if (errno == ENOMEM)
        return -1;
    if (gone_errno(errno)) {
        x->saw_enoent = 1;
        return col_bytes_set(out, "", 0);
    }
    x->r->missing |= bit;
    return 0;
}

/* Replaces comm with the full name when the kernel cut it at 15 bytes. */
static int extend_name(struct proc_row *r, const char *argv0, size_t n)
{
    const char *name;
    size_t len;

    if (r->name.ptr == NULL)
        return 0;
    pp_full_name(r->name.ptr, r->name.len, argv0, n, r->exe.ptr, r->exe.len,
                 &name, &len);
    return name == r->name.ptr ? 0 : col_bytes_set(&r->name, name, len);
}

/* The command line, read no further than args_max + 1 bytes: one byte
 * past the limit tells a line that fits exactly (once its trailing NUL
 * is dropped) from one that was cut.  The reads themselves are done for
 * the whole scan by cmdline_read.c, off this thread. */
static int apply_cmdline(struct proc_row *r, struct cmdr_job *j, size_t max)
{
    size_t argv0_len, len;
    int cut = j->cut;

    if (j->data == NULL) {
        r->missing |= PROC_F_ARGS;
        return extend_name(r, NULL, 0);
    }
    argv0_len = pp_cmdline_argv0(j->data, j->len);
    /* argv[0] cut by the limit is no name to extend comm with. */
    if (cut && argv0_len == j->len)
        argv0_len = 0;
    len = pp_cmdline_join(j->data, j->len);
    if (len > max) {
        len = max;
        cut = 1;
    }
    r->args_truncated = (uint8_t)cut;
    if (col_bytes_set(&r->args, j->data, len) < 0)
        return -1;
    return extend_name(r, argv0_len ? j->data : NULL, argv0_len);
}

/* Frees the results of n jobs (not the array). */
static void free_jobs(struct cmdr_job *jobs, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(jobs[i].data);
}

/* Every kept row's command line, from the reads started for every
 * listed pid (the rows are a subsequence of them, in the same order);
 * frees the jobs.  -1 when out of memory. */
static int apply_cmdlines(struct collector *c, struct proc_list *l,
                          struct cmdr_job *jobs, size_t njobs)
{
    size_t k = 0;
    int rc = 0;

    for (size_t i = 0; i < l->count; i++) {
        struct proc_row *r = &l->rows[i];
        struct cmdr_job none = {.pid = r->pid, .err = ENOMEM};

        while (k < njobs && jobs[k].pid != r->pid)
            free(jobs[k++].data);
        if (rc == 0 &&
            apply_cmdline(r, k < njobs ? &jobs[k] : &none, c->args_max) < 0)
            rc = -1;
        if (k < njobs)
            free(jobs[k++].data);
    }
    free_jobs(jobs + k, njobs - k);
    free(jobs);
    return rc;
}

static int count_one(const struct dirent64 *d, void *arg)
{
    (void)d;
    ++*(uint32_t *)arg;
    return 0;
}

/* Linux 6.2+ reports the number of open fds as the st_size of
 * /proc/PID/fd: one fstatat instead of open + getdents + close, a third
 * of the cost.  0 means an older kernel or no fds at all, and a fixture
 * directory's size means nothing: those are counted entry by entry. */
static int fd_count_fast(struct proc_ctx *x)
{
    struct stat st;

    if (!x->procfs || fstatat(x->dfd, "fd", &st, 0) < 0 || st.st_size <= 0 ||
        st.st_size > UINT32_MAX)
        return 0;
    x->r->open_files = (uint32_t)st.st_size;
    return 1;
}

static void count_fds(struct proc_ctx *x)
{
    uint32_t n = 0;
    int fd, rc;

    if (fd_count_fast(x))
        return;
    fd = openat(x->dfd, "fd", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) {
        if (gone_errno(errno))
            x->saw_enoent = 1;
        x->r->missing |= PROC_F_FDS;
        return;
    }
    rc = dir_each(fd, &x->c->buf, count_one, &n);
    close(fd);
    if (rc < 0)
        x->r->missing |= PROC_F_FDS;
    else
        x->r->open_files = n;
}

/* Everything after stat but cmdline (read later for the whole scan; it
 * may extend the name with exe's).  Returns 1, or -1 when out of
 * memory. */
static int read_rest(struct proc_ctx *x)
{
    read_statm(x);
    read_ids(x);
    read_io(x);
    if (read_cgroup(x) < 0 ||
        read_link_field(x, "exe", &x->r->exe, PROC_F_EXE) < 0 ||
        read_link_field(x, "cwd", &x->r->cwd, PROC_F_CWD) < 0)
        return -1;
    count_fds(x);
    return 1;
}

/* Opening the pid directory failed: skip the pid, or keep it with every
 * field missing when it exists but may not be looked into (hidepid=1). */
static enum col_status dir_error(int err, struct proc_row *r, int *keep)
{
    *keep = 0;
    switch (err) {
    case EACCES:
    case EPERM:
        r->missing = ALL_FIELDS;
        *keep = 1;
        return COL_OK;
    case ENOMEM:
        return COL_ERR_NOMEM;
    case EMFILE:
    case ENFILE:
        return COL_ERR_IO; /* would fail for every pid: say so once */
    }
    return COL_OK; /* ENOENT, ESRCH: gone; ENOTDIR: not a process */
}

static int still_alive(int dfd)
{
    struct stat st;

    /* A reaped task's directory fd stays open, but lookups under it
     * fail: this is psutil's "does the pid still exist" check. */
    return fstatat(dfd, "stat", &st, 0) == 0;
}

static enum col_status read_process(struct collector *c, const struct boot *b,
                                    int procfs, struct proc_row *r, int *keep)
{
    struct proc_ctx x = {c, -1, 0, procfs, r};
    char name[16];
    int rc;

    snprintf(name, sizeof(name), "%d", (int)r->pid);
    x.dfd = openat(c->root_fd, name, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (x.dfd < 0)
        return dir_error(errno, r, keep);
    rc = read_stat(&x, b);
    if (rc == 1)
        rc = read_rest(&x);
    if (rc == 1 && x.saw_enoent && !still_alive(x.dfd))
        rc = 0;
    close(x.dfd);
    *keep = rc == 1;
    if (rc != 1)
        proc_row_free(r);
    return rc < 0 ? COL_ERR_NOMEM : COL_OK;
}

/* Reads every listed pid's row into out (cmdline aside). */
static enum col_status read_rows(struct collector *c, const struct pid_vec *pv,
                                 int procfs, struct proc_list *out)
{
    enum col_status st = COL_OK;
    struct boot b;

    read_boot(c, &b); /* unknown: every row's PROC_F_START is missing */
    /* The pid count bounds the row count: one allocation, no regrowth. */
    if (pv->n > 0 && (out->rows = calloc(pv->n, sizeof(*out->rows))) == NULL)
        return COL_ERR_NOMEM;
    out->cap = pv->n;
    for (size_t i = 0; st == COL_OK && i < pv->n; i++) {
        struct proc_row *r = &out->rows[out->count];
        int keep;

        memset(r, 0, sizeof(*r));
        r->pid = pv->v[i];
        st = read_process(c, &b, procfs, r, &keep);
        if (st == COL_OK && keep)
            out->count++;
    }
    return st;
}

/* The command lines are read by a helper thread (cmdline_read.h) started
 * before the other files, so both run at once. */
enum col_status collector_processes(struct collector *c, struct proc_list *out)
{
    struct pid_vec pv = {0};
    struct cmdr_job *jobs = NULL;
    struct cmdr_scan cs;
    struct statfs fs;
    enum col_status st;
    int procfs;

    memset(out, 0, sizeof(*out));
    if (c == NULL)
        return COL_ERR_INVAL;
    procfs = fstatfs(c->root_fd, &fs) == 0 && fs.f_type == PROC_SUPER_MAGIC;
    st = list_pids(c, &pv);
    if (st == COL_OK && (jobs = calloc(pv.n ? pv.n : 1, sizeof(*jobs))) == NULL)
        st = COL_ERR_NOMEM;
    for (size_t i = 0; st == COL_OK && i < pv.n; i++)
        jobs[i].pid = pv.v[i];
    cmdr_begin(&cs, c->stuck, c->root_fd, procfs, jobs, st == COL_OK ? pv.n : 0,
               c->args_max + 1);
    if (st == COL_OK)
        st = read_rows(c, &pv, procfs, out);
    cmdr_end(&cs);
    if (st == COL_OK)
        st = apply_cmdlines(c, out, jobs, pv.n) < 0 ? COL_ERR_NOMEM : COL_OK;
    else if (jobs != NULL) {
        free_jobs(jobs, pv.n);
        free(jobs);
    }
    free(pv.v);
    if (st != COL_OK)
        proc_list_free(out);
    return st;
}

/* Signals through a pidfd when the kernel has them: the pidfd is taken
 * before the start time is checked, so a pid reused in between cannot
 * receive the signal.  Returns -1 (errno ENOSYS...) when it cannot. */
static int pidfd_open_compat(int32_t pid)
{
#ifdef SYS_pidfd_open
    return (int)syscall(SYS_pidfd_open, (pid_t)pid, 0u);
#else
    (void)pid;
    errno = ENOSYS;
    return -1;
#endif
}

static int send_signal(int pidfd, int32_t pid, int sig)
{
#ifdef SYS_pidfd_send_signal
    if (pidfd >= 0)
        return (int)syscall(SYS_pidfd_send_signal, pidfd, sig, NULL, 0u);
#endif
    return kill((pid_t)pid, sig);
}

static enum col_status check_start(struct collector *c, int32_t pid,
                                   uint64_t start_time_cs)
{
    struct pp_stat st;
    struct boot b;
    char path[32];

    if (read_boot(c, &b) < 0)
        return COL_ERR_IO;
    snprintf(path, sizeof(path), "%d/stat", (int)pid);
    if (lx_read_at(c->root_fd, path, &c->buf, 0, NULL) < 0)
        return gone_errno(errno) || errno == ENOTDIR ? COL_ERR_GONE
               : errno == EACCES                     ? COL_ERR_ACCESS
                                                     : COL_ERR_IO;
    if (pp_parse_stat(c->buf.data, c->buf.len, &st) != PP_OK)
        return COL_ERR_PARSE;
    return start_cs(c, &b, st.starttime) == start_time_cs ? COL_OK
                                                          : COL_ERR_GONE;
}

enum col_status collector_signal(struct collector *c, int32_t pid,
                                 uint64_t start_time_cs, int sig)
{
    enum col_status st;
    int pidfd, rc, err;

    /* pid <= 0 would make kill() signal a whole group or everyone. */
    if (c == NULL || pid <= 0 || sig < 0 || sig > SIGRTMAX)
        return COL_ERR_INVAL;
    pidfd = pidfd_open_compat(pid);
    st = check_start(c, pid, start_time_cs);
    if (st != COL_OK) {
        if (pidfd >= 0)
            close(pidfd);
        return st;
    }
    rc = send_signal(pidfd, pid, sig);
    err = errno;
    if (pidfd >= 0)
        close(pidfd);
    if (rc == 0)
        return COL_OK;
    return err == EPERM    ? COL_ERR_ACCESS
           : err == ESRCH  ? COL_ERR_GONE
           : err == EINVAL ? COL_ERR_INVAL
                           : COL_ERR_IO;
}
