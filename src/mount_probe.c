/*
 * mount_probe.c - deadline-bounded statfs (see mount_probe.h).
 *
 * Locking: one mutex, in the hub, guards every job's refs/done/result and
 * the hub's own counters.  The hub is reference counted like the jobs
 * (the prober holds one reference, every running thread another), so a
 * thread that outlives the prober still has a live mutex to take.
 */
#include "mount_probe.h"

#include "sysinfo_oids.h"

#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

struct probe_hub {
    pthread_mutex_t mu;
    pthread_cond_t cv; /* CLOCK_MONOTONIC; signalled when pending hits 0 */
    size_t refs;       /* the prober + every running thread */
    uint64_t run_id;   /* the run being waited for; 0 between runs */
    size_t pending;    /* jobs of run_id still running */
};

struct probe_job {
    struct probe_hub *hub;
    size_t refs; /* the thread (while running) + the prober */
    uint64_t run_id;
    int done;
    enum col_status st;
    struct fs_usage usage;
    int err_no;
    uint64_t done_ms;
    struct mount_probe_ops ops;
    char path[];
};

struct mount_prober {
    struct probe_hub *hub;
    struct mount_probe_ops ops;
    unsigned timeout_ms;
    uint64_t last_run;
    struct probe_job **stuck; /* jobs past their deadline; refs held */
    size_t nstuck, stuck_cap;
};

static atomic_size_t threads_alive;

size_t mount_probe_threads_alive(void)
{
    return atomic_load(&threads_alive);
}

static uint64_t mono_ms(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}

static enum col_status default_fs_usage(void *ctx, const char *path,
                                        struct fs_usage *out, int *err_no)
{
    return collector_fs_usage(path, out, err_no);
}

static void hub_destroy(struct probe_hub *h)
{
    pthread_cond_destroy(&h->cv);
    pthread_mutex_destroy(&h->mu);
    free(h);
}

static struct probe_hub *hub_new(void)
{
    struct probe_hub *h = calloc(1, sizeof(*h));
    pthread_condattr_t ca;
    int ok;

    if (h == NULL)
        return NULL;
    if (pthread_mutex_init(&h->mu, NULL) != 0) {
        free(h);
        return NULL;
    }
    ok = pthread_condattr_init(&ca) == 0;
    /* Monotonic: a clock step must not stretch or cut the deadline. */
    ok = ok && pthread_condattr_setclock(&ca, CLOCK_MONOTONIC) == 0 &&
         pthread_cond_init(&h->cv, &ca) == 0;
    pthread_condattr_destroy(&ca);
    if (!ok) {
        pthread_mutex_destroy(&h->mu);
        free(h);
        return NULL;
    }
    h->refs = 1;
    return h;
}

/* Drops one job reference; hub->mu held. */
static void job_unref_locked(struct probe_job *j)
{
    if (--j->refs == 0)
        free(j);
}

static void *probe_thread(void *arg)
{
    struct probe_job *j = arg;
    struct probe_hub *h = j->hub;
    struct fs_usage u = {0};
    int err = 0, last;
    enum col_status st = j->ops.fs_usage(j->ops.ctx, j->path, &u, &err);

    pthread_mutex_lock(&h->mu);
    j->st = st;
    j->usage = u;
    j->err_no = err;
    j->done_ms = mono_ms();
    j->done = 1;
    /* A job of an earlier run must not count down the current one. */
    if (j->run_id == h->run_id && --h->pending == 0)
        pthread_cond_broadcast(&h->cv);
    job_unref_locked(j);
    last = --h->refs == 0;
    pthread_mutex_unlock(&h->mu);
    if (last)
        hub_destroy(h);
    atomic_fetch_sub(&threads_alive, 1);
    return NULL;
}

/* Starts the thread of j with every signal blocked: process-directed
 * signals belong to the agent's main thread, and a thread stuck in a
 * hung filesystem could not run a handler anyway. */
static int start_thread(struct probe_job *j)
{
    pthread_attr_t attr;
    pthread_t tid;
    sigset_t all, old;
    int rc;

    rc = pthread_attr_init(&attr);
    if (rc != 0)
        return rc;
    pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
    /* statfs needs little stack; hundreds of mounts need many threads. */
    pthread_attr_setstacksize(&attr, 256 * 1024);
    sigfillset(&all);
    pthread_sigmask(SIG_SETMASK, &all, &old);
    atomic_fetch_add(&threads_alive, 1);
    rc = pthread_create(&tid, &attr, probe_thread, j);
    if (rc != 0)
        atomic_fetch_sub(&threads_alive, 1);
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    pthread_attr_destroy(&attr);
    return rc;
}

struct mount_prober *mount_prober_new(unsigned timeout_ms,
                                      const struct mount_probe_ops *ops)
{
    struct mount_prober *p = calloc(1, sizeof(*p));

    if (p == NULL)
        return NULL;
    p->hub = hub_new();
    if (p->hub == NULL) {
        free(p);
        return NULL;
    }
    p->timeout_ms = timeout_ms ? timeout_ms : MOUNT_PROBE_DEFAULT_TIMEOUT_MS;
    if (ops != NULL && ops->fs_usage != NULL)
        p->ops = *ops;
    else
        p->ops.fs_usage = default_fs_usage;
    return p;
}

void mount_prober_free(struct mount_prober *p)
{
    int last;

    if (p == NULL)
        return;
    pthread_mutex_lock(&p->hub->mu);
    for (size_t i = 0; i < p->nstuck; i++)
        job_unref_locked(p->stuck[i]);
    last = --p->hub->refs == 0;
    pthread_mutex_unlock(&p->hub->mu);
    if (last)
        hub_destroy(p->hub);
    free(p->stuck);
    free(p);
}

size_t mount_prober_stuck(struct mount_prober *p)
{
    size_t n = 0;

    pthread_mutex_lock(&p->hub->mu);
    for (size_t i = 0; i < p->nstuck; i++)
        n += !p->stuck[i]->done;
    pthread_mutex_unlock(&p->hub->mu);
    return n;
}

/* Forgets stuck jobs whose call has returned (their late answer is
 * dropped, see the header); hub->mu held. */
static void reap_stuck_locked(struct mount_prober *p)
{
    size_t k = 0;

    for (size_t i = 0; i < p->nstuck; i++) {
        if (p->stuck[i]->done)
            job_unref_locked(p->stuck[i]);
        else
            p->stuck[k++] = p->stuck[i];
    }
    p->nstuck = k;
}

/* A call on path, started by an earlier run, has not returned yet;
 * hub->mu held. */
static int is_stuck_locked(const struct mount_prober *p, const char *path)
{
    for (size_t i = 0; i < p->nstuck; i++)
        if (!p->stuck[i]->done && strcmp(p->stuck[i]->path, path) == 0)
            return 1;
    return 0;
}

static void set_timeout(struct mount_probe_result *r, uint64_t now,
                        int still_stuck)
{
    memset(r, 0, sizeof(*r));
    r->status = SIA_MOUNT_TIMEOUT;
    r->err_no = ETIMEDOUT;
    r->mono_ms = now;
    r->still_stuck = (uint8_t)still_stuck;
}

static void set_error(struct mount_probe_result *r, int err, uint64_t now)
{
    memset(r, 0, sizeof(*r));
    r->status = SIA_MOUNT_ERROR;
    r->err_no = err;
    r->mono_ms = now;
}

/* An errno for a failure the call did not give one for. */
static int status_errno(enum col_status st)
{
    switch (st) {
    case COL_ERR_NOMEM:
        return ENOMEM;
    case COL_ERR_ACCESS:
        return EACCES;
    case COL_ERR_INVAL:
        return EINVAL;
    case COL_ERR_UNSUPPORTED:
        return ENOSYS;
    default:
        return EIO;
    }
}

static void set_done(struct mount_probe_result *r, const struct probe_job *j)
{
    if (j->st != COL_OK) {
        set_error(r, j->err_no ? j->err_no : status_errno(j->st), j->done_ms);
        return;
    }
    memset(r, 0, sizeof(*r));
    r->status = SIA_MOUNT_OK;
    r->usage = j->usage;
    r->mono_ms = j->done_ms;
}

static struct probe_job *job_new(const struct mount_prober *p, const char *path,
                                 uint64_t run_id)
{
    size_t len = strlen(path);
    struct probe_job *j = malloc(sizeof(*j) + len + 1);

    if (j == NULL)
        return NULL;
    memset(j, 0, sizeof(*j));
    j->hub = p->hub;
    j->refs = 2;
    j->run_id = run_id;
    j->ops = p->ops;
    memcpy(j->path, path, len + 1);
    return j;
}

/* Starts the probe of one path, or answers it at once (still stuck, or
 * the job could not be started).  Returns the running job or NULL. */
static struct probe_job *launch(struct mount_prober *p, const char *path,
                                uint64_t run_id, uint64_t now,
                                struct mount_probe_result *r)
{
    struct probe_hub *h = p->hub;
    struct probe_job *j = NULL;
    int stuck, rc;

    pthread_mutex_lock(&h->mu);
    stuck = is_stuck_locked(p, path);
    pthread_mutex_unlock(&h->mu);
    if (stuck) {
        set_timeout(r, now, 1);
        return NULL;
    }
    j = job_new(p, path, run_id);
    if (j == NULL) {
        set_error(r, ENOMEM, now);
        return NULL;
    }
    pthread_mutex_lock(&h->mu);
    h->pending++;
    h->refs++;
    pthread_mutex_unlock(&h->mu);
    rc = start_thread(j);
    if (rc != 0) {
        pthread_mutex_lock(&h->mu);
        h->pending--;
        h->refs--; /* never the last: the prober holds one */
        pthread_mutex_unlock(&h->mu);
        free(j);
        set_error(r, rc, now);
        return NULL;
    }
    return j;
}

/* Waits until every job of this run is done or the deadline passes, then
 * reads the answers; jobs still running become stuck entries. */
static void collect(struct mount_prober *p, struct probe_job **jobs, size_t n,
                    const struct timespec *deadline,
                    struct mount_probe_result *results)
{
    struct probe_hub *h = p->hub;
    uint64_t now;

    pthread_mutex_lock(&h->mu);
    while (h->pending > 0)
        if (pthread_cond_timedwait(&h->cv, &h->mu, deadline) == ETIMEDOUT)
            break;
    h->run_id = 0; /* late finishers leave pending alone */
    now = mono_ms();
    for (size_t i = 0; i < n; i++) {
        struct probe_job *j = jobs[i];

        if (j == NULL)
            continue;
        if (j->done) {
            set_done(&results[i], j);
            job_unref_locked(j);
        } else {
            set_timeout(&results[i], now, 0);
            p->stuck[p->nstuck++] = j; /* room reserved by the caller */
        }
    }
    pthread_mutex_unlock(&h->mu);
}

/* Room for every path of a run to end up stuck, so that collect() never
 * has to allocate while it holds jobs it must not lose. */
static int reserve_stuck(struct mount_prober *p, size_t n)
{
    size_t need = p->nstuck + n;
    struct probe_job **s;

    if (need <= p->stuck_cap)
        return 0;
    s = realloc(p->stuck, need * sizeof(*s));
    if (s == NULL)
        return -1;
    p->stuck = s;
    p->stuck_cap = need;
    return 0;
}

static void deadline_in(struct timespec *ts, unsigned ms)
{
    clock_gettime(CLOCK_MONOTONIC, ts);
    ts->tv_sec += (time_t)(ms / 1000u);
    ts->tv_nsec += (long)(ms % 1000u) * 1000000L;
    if (ts->tv_nsec >= 1000000000L) {
        ts->tv_sec++;
        ts->tv_nsec -= 1000000000L;
    }
}

enum col_status mount_prober_run(struct mount_prober *p,
                                 const char *const *paths, size_t n,
                                 struct mount_probe_result *results)
{
    struct probe_job **jobs;
    struct timespec deadline;
    uint64_t run_id, start;

    if (p == NULL || (n > 0 && (paths == NULL || results == NULL)))
        return COL_ERR_INVAL;
    for (size_t i = 0; i < n; i++)
        if (paths[i] == NULL)
            return COL_ERR_INVAL;
    jobs = calloc(n ? n : 1, sizeof(*jobs));
    if (jobs == NULL || reserve_stuck(p, n) < 0) {
        free(jobs);
        return COL_ERR_NOMEM;
    }
    /* One deadline for the run, taken before the first thread starts. */
    deadline_in(&deadline, p->timeout_ms);
    start = mono_ms();
    run_id = ++p->last_run;
    pthread_mutex_lock(&p->hub->mu);
    reap_stuck_locked(p);
    p->hub->run_id = run_id;
    p->hub->pending = 0;
    pthread_mutex_unlock(&p->hub->mu);
    for (size_t i = 0; i < n; i++)
        jobs[i] = launch(p, paths[i], run_id, start, &results[i]);
    collect(p, jobs, n, &deadline, results);
    free(jobs);
    return COL_OK;
}
