/*
 * cmdline_read.c - see cmdline_read.h.
 *
 * One batch is one helper thread reading jobs in order.  The batch is
 * shared by the scanning thread and the helper (reference counted): when
 * the scanner gives up on it, the helper finds it abandoned when its
 * read returns, drops the result, removes its pid from the stuck set and
 * frees what is left.
 */
#include "cmdline_read.h"

#include "linux_internal.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

struct cmdr_stuck {
    pthread_mutex_t mu;
    int refs;
    int32_t pids[CMDR_MAX_STUCK];
    size_t n;
};

struct cmdr_batch {
    pthread_mutex_t mu;
    pthread_cond_t cv; /* CLOCK_MONOTONIC */
    int refs;
    int root_fd; /* our own dup */
    int procfs;  /* root_fd is on procfs: no file type checks */
    size_t max;
    size_t n;
    struct cmdr_job *res; /* res[i].pid in, the rest out */
    size_t next;          /* res[0, next) are done */
    pid_t tid;            /* the helper thread's id, once it runs */
    int abandoned;
    struct cmdr_stuck *stuck;
};

struct cmdr_stuck *cmdr_stuck_new(void)
{
    struct cmdr_stuck *s = calloc(1, sizeof(*s));

    if (s == NULL)
        return NULL;
    pthread_mutex_init(&s->mu, NULL);
    s->refs = 1;
    return s;
}

static void stuck_ref(struct cmdr_stuck *s)
{
    pthread_mutex_lock(&s->mu);
    s->refs++;
    pthread_mutex_unlock(&s->mu);
}

void cmdr_stuck_put(struct cmdr_stuck *s)
{
    int last;

    if (s == NULL)
        return;
    pthread_mutex_lock(&s->mu);
    last = --s->refs == 0;
    pthread_mutex_unlock(&s->mu);
    if (last) {
        pthread_mutex_destroy(&s->mu);
        free(s);
    }
}

size_t cmdr_stuck_count(struct cmdr_stuck *s)
{
    size_t n;

    pthread_mutex_lock(&s->mu);
    n = s->n;
    pthread_mutex_unlock(&s->mu);
    return n;
}

static int stuck_has(struct cmdr_stuck *s, int32_t pid)
{
    int found = 0;

    pthread_mutex_lock(&s->mu);
    for (size_t i = 0; i < s->n && !found; i++)
        found = s->pids[i] == pid;
    pthread_mutex_unlock(&s->mu);
    return found;
}

/* Callers make sure there is room (no batch starts when full). */
static void stuck_add(struct cmdr_stuck *s, int32_t pid)
{
    pthread_mutex_lock(&s->mu);
    if (s->n < CMDR_MAX_STUCK)
        s->pids[s->n++] = pid;
    pthread_mutex_unlock(&s->mu);
}

static void stuck_remove(struct cmdr_stuck *s, int32_t pid)
{
    pthread_mutex_lock(&s->mu);
    for (size_t i = 0; i < s->n; i++) {
        if (s->pids[i] == pid) {
            s->pids[i] = s->pids[--s->n];
            break;
        }
    }
    pthread_mutex_unlock(&s->mu);
}

static void batch_put(struct cmdr_batch *b)
{
    int last;

    pthread_mutex_lock(&b->mu);
    last = --b->refs == 0;
    pthread_mutex_unlock(&b->mu);
    if (!last)
        return;
    for (size_t i = b->next; i < b->n; i++)
        free(b->res[i].data);
    close(b->root_fd);
    cmdr_stuck_put(b->stuck);
    pthread_cond_destroy(&b->cv);
    pthread_mutex_destroy(&b->mu);
    free(b->res);
    free(b);
}

/* One read into the helper's scratch buffer, kept as an exact-size copy
 * the job then owns (a 4 KB buffer per process would make a scan's peak
 * memory grow by 4 KB a process). */
static void read_one(const struct cmdr_batch *b, struct lx_buf *buf,
                     struct cmdr_job *j)
{
    char path[24];
    int rc;

    snprintf(path, sizeof(path), "%d/cmdline", (int)j->pid);
    rc = b->procfs ? lx_read_proc(b->root_fd, path, buf, b->max, &j->cut)
                   : lx_read_at(b->root_fd, path, buf, b->max, &j->cut);
    if (rc < 0) {
        j->err = errno;
        return;
    }
    j->data = malloc(buf->len + 1);
    if (j->data == NULL) {
        j->err = ENOMEM;
        return;
    }
    memcpy(j->data, buf->data, buf->len + 1);
    j->len = buf->len;
}

/* Publishes job i; returns 1 when the scanner gave up on the batch.  The
 * scanner is woken only when the batch is done: while it waits, it
 * checks progress every CMDR_STALL_MS, so a wake-up per job (a futex
 * call and a context switch per process) would buy nothing. */
static int publish(struct cmdr_batch *b, size_t i, const struct cmdr_job *j)
{
    int abandoned;

    pthread_mutex_lock(&b->mu);
    abandoned = b->abandoned;
    if (!abandoned) {
        b->res[i] = *j;
        b->next = i + 1;
        if (b->next == b->n)
            pthread_cond_broadcast(&b->cv);
    }
    pthread_mutex_unlock(&b->mu);
    return abandoned;
}

static void *batch_thread(void *arg)
{
    struct cmdr_batch *b = arg;
    struct lx_buf buf = {0};

    pthread_mutex_lock(&b->mu);
    b->tid = (pid_t)syscall(SYS_gettid);
    pthread_mutex_unlock(&b->mu);

    for (size_t i = 0; i < b->n; i++) {
        struct cmdr_job j = {.pid = b->res[i].pid};

        if (stuck_has(b->stuck, j.pid))
            j.err = ETIMEDOUT; /* an earlier read of it is still stuck */
        else
            read_one(b, &buf, &j);
        if (publish(b, i, &j)) {
            /* The scanner gave up on job i (the one it waited for). */
            free(j.data);
            stuck_remove(b->stuck, j.pid);
            break;
        }
    }
    lx_buf_free(&buf);
    batch_put(b);
    return NULL;
}

static struct cmdr_batch *batch_new(const struct cmdr_scan *sc, size_t from)
{
    const struct cmdr_job *jobs = sc->jobs + from;
    size_t n = sc->n - from;
    struct cmdr_batch *b = calloc(1, sizeof(*b));
    pthread_condattr_t ca;

    if (b == NULL || (b->res = calloc(n, sizeof(*b->res))) == NULL ||
        (b->root_fd = fcntl(sc->root_fd, F_DUPFD_CLOEXEC, 0)) < 0) {
        if (b != NULL)
            free(b->res);
        free(b);
        return NULL;
    }
    for (size_t i = 0; i < n; i++)
        b->res[i].pid = jobs[i].pid;
    pthread_mutex_init(&b->mu, NULL);
    pthread_condattr_init(&ca);
    pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
    pthread_cond_init(&b->cv, &ca);
    pthread_condattr_destroy(&ca);
    b->refs = 2; /* the scanner and the thread */
    b->n = n;
    b->max = sc->max;
    b->procfs = sc->procfs;
    b->stuck = sc->stuck;
    stuck_ref(sc->stuck);
    return b;
}

static int batch_start(struct cmdr_batch *b)
{
    pthread_attr_t at;
    pthread_t t;
    int rc;

    pthread_attr_init(&at);
    pthread_attr_setdetachstate(&at, PTHREAD_CREATE_DETACHED);
    rc = pthread_create(&t, &at, batch_thread, b);
    pthread_attr_destroy(&at);
    if (rc != 0)
        b->refs = 1; /* no thread: only the scanner holds it */
    return rc;
}

static void deadline_in(struct timespec *ts, unsigned ms)
{
    clock_gettime(CLOCK_MONOTONIC, ts);
    ts->tv_sec += ms / 1000;
    ts->tv_nsec += (long)(ms % 1000) * 1000000L;
    if (ts->tv_nsec >= 1000000000L) {
        ts->tv_sec++;
        ts->tv_nsec -= 1000000000L;
    }
}

/* Is the helper waiting in the kernel (state D or S), rather than slow
 * because the machine is busy (R)?  Only a waiting helper is stuck: on a
 * loaded machine a runnable one may simply not have had the CPU for
 * CMDR_STALL_MS.  Our own thread: the real /proc, not --proc-root. */
static int helper_waiting(pid_t tid)
{
    char path[64], buf[512];
    const char *p;
    ssize_t n;
    int fd;

    if (tid <= 0)
        return 0; /* not even started: slow, not stuck */
    snprintf(path, sizeof(path), "/proc/self/task/%d/stat", (int)tid);
    fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return 1;
    n = read(fd, buf, sizeof(buf) - 1);
    close(fd);
    if (n <= 0)
        return 1;
    buf[n] = '\0';
    p = strrchr(buf, ')');
    return p == NULL || p[1] != ' ' || p[2] != 'R';
}

/* Waits while the thread makes progress.  Moves the finished results to
 * jobs; returns how many, and sets *stalled when the thread was given up
 * on (its current job's pid is then in the stuck set). */
static size_t batch_wait(struct cmdr_batch *b, struct cmdr_job *jobs,
                         int *stalled)
{
    struct timespec ts;
    size_t seen, done;

    pthread_mutex_lock(&b->mu);
    seen = b->next;
    deadline_in(&ts, CMDR_STALL_MS);
    while (b->next < b->n) {
        if (pthread_cond_timedwait(&b->cv, &b->mu, &ts) == ETIMEDOUT &&
            b->next == seen) {
            if (helper_waiting(b->tid))
                break;
            deadline_in(&ts, CMDR_STALL_MS); /* busy machine: wait on */
        }
        if (b->next != seen) {
            seen = b->next;
            deadline_in(&ts, CMDR_STALL_MS);
        }
    }
    done = b->next;
    *stalled = done < b->n;
    if (*stalled) {
        b->abandoned = 1;
        stuck_add(b->stuck, b->res[done].pid);
    }
    for (size_t i = 0; i < done; i++) {
        jobs[i] = b->res[i];
        b->res[i].data = NULL;
    }
    pthread_mutex_unlock(&b->mu);
    return done;
}

static void give_up(struct cmdr_job *jobs, size_t n, int err)
{
    for (size_t i = 0; i < n; i++) {
        jobs[i].data = NULL;
        jobs[i].err = err;
    }
}

/* A batch for jobs[from, n) with its thread running, or NULL. */
static struct cmdr_batch *batch_launch(const struct cmdr_scan *sc, size_t from)
{
    struct cmdr_batch *b = batch_new(sc, from);

    if (b != NULL && batch_start(b) != 0) {
        batch_put(b);
        b = NULL;
    }
    return b;
}

void cmdr_begin(struct cmdr_scan *sc, struct cmdr_stuck *s, int root_fd,
                int procfs, struct cmdr_job *jobs, size_t n, size_t max)
{
    *sc = (struct cmdr_scan){s, root_fd, procfs, jobs, n, max, NULL};
    if (n > 0 && cmdr_stuck_count(s) < CMDR_MAX_STUCK)
        sc->running = batch_launch(sc, 0);
}

void cmdr_end(struct cmdr_scan *sc)
{
    size_t from = 0;
    int stalls = 0;

    while (from < sc->n) {
        struct cmdr_batch *b = sc->running;
        size_t got;
        int stalled;

        sc->running = NULL;
        if (b == NULL && (stalls == CMDR_STALLS_PER_SCAN ||
                          cmdr_stuck_count(sc->stuck) >= CMDR_MAX_STUCK)) {
            give_up(sc->jobs + from, sc->n - from, ETIMEDOUT);
            return;
        }
        if (b == NULL && (b = batch_launch(sc, from)) == NULL) {
            give_up(sc->jobs + from, sc->n - from, ENOMEM);
            return;
        }
        got = batch_wait(b, sc->jobs + from, &stalled);
        batch_put(b);
        from += got;
        if (stalled) {
            give_up(sc->jobs + from, 1, ETIMEDOUT);
            from++;
            stalls++;
        }
    }
}
