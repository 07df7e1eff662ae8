/*
 * refresher.c - the worker threads behind the snapshots (see refresher.h).
 */
#include "refresher.h"

#include "collector.h"
#include "source.h"
#include "util.h"

#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <time.h>
#include <unistd.h>

/* Never rescan sooner than this after a scan ends, however slow it was. */
#define MIN_PAUSE_MS 200

struct worker {
    struct refresher *r;
    const struct source *src;
    pthread_t thread;
    int started;
    void *parked;         /* newest snapshot not yet taken, under lock */
    struct msglist fails; /* failure reports not yet taken, under lock */
};

struct refresher {
    pthread_mutex_t lock;
    pthread_cond_t cond; /* stop requested; on CLOCK_MONOTONIC */
    int stopping;
    int wake_fd;
    struct collector_options collector; /* its proc_root: collector_root */
    char *collector_root;
    struct cfgref *cfg; /* under lock */
    size_t count;
    struct worker *workers;
};

static struct cfgref *current_cfg(struct refresher *r)
{
    struct cfgref *cfg;

    pthread_mutex_lock(&r->lock);
    cfg = cfgref_get(r->cfg);
    pthread_mutex_unlock(&r->lock);
    return cfg;
}

static void wake_main(struct refresher *r)
{
    char byte = 's';

    /* Non-blocking pipe: when it is full the main loop is awake anyway. */
    while (write(r->wake_fd, &byte, 1) < 0 && errno == EINTR)
        ;
}

/* Sleeps until `deadline_ms` (monotonic) or stop; returns 1 on stop.  The
 * condition variable waits on CLOCK_MONOTONIC too, so a wall clock
 * stepped back does not stretch the pause. */
static int pause_until(struct refresher *r, uint64_t deadline_ms)
{
    struct timespec ts = {.tv_sec = (time_t)(deadline_ms / 1000),
                          .tv_nsec = (long)(deadline_ms % 1000) * 1000000L};
    int stop;

    pthread_mutex_lock(&r->lock);
    while (!r->stopping && sia_mono_ms() < deadline_ms &&
           pthread_cond_timedwait(&r->cond, &r->lock, &ts) != ETIMEDOUT)
        ;
    stop = r->stopping;
    pthread_mutex_unlock(&r->lock);
    return stop;
}

/* When the next scan should start so that the snapshot it replaces never
 * gets older than the TTL. */
static uint64_t next_start(uint64_t start, uint64_t end, unsigned ttl_s)
{
    uint64_t took = end - start;
    uint64_t ttl_ms = (uint64_t)ttl_s * 1000u;
    uint64_t at = start + (ttl_ms > took ? ttl_ms - took : 0);

    return at < end + MIN_PAUSE_MS ? end + MIN_PAUSE_MS : at;
}

unsigned refresher_backoff_ms(unsigned prev_ms)
{
    if (prev_ms < REFRESHER_BACKOFF_MIN_MS)
        return REFRESHER_BACKOFF_MIN_MS;
    if (prev_ms >= REFRESHER_BACKOFF_MAX_MS / 2)
        return REFRESHER_BACKOFF_MAX_MS;
    return prev_ms * 2;
}

static void park(struct worker *w, void *snapshot, const char *why,
                 unsigned retry_ms)
{
    struct refresher *r = w->r;
    void *old = NULL;

    pthread_mutex_lock(&r->lock);
    if (snapshot != NULL) {
        old = w->parked; /* never taken: the main loop was busy */
        w->parked = snapshot;
    } else {
        msglist_add(&w->fails, LOG_ERR, "%s: %s; retrying in %u s",
                    w->src->name, why, (retry_ms + 999) / 1000);
    }
    pthread_mutex_unlock(&r->lock);
    w->src->free(old);
    wake_main(r);
}

static void *worker_body(void *arg)
{
    struct worker *w = arg;
    struct refresher *r = w->r;
    void *state = NULL;
    unsigned backoff_ms = 0;

    for (;;) {
        struct cfgref *cfg = current_cfg(r);
        struct source_env env = {.cfg = &cfg->cfg, .collector = &r->collector};
        uint64_t start = sia_mono_ms(), at;
        unsigned ttl = w->src->ttl_s(&cfg->cfg);
        char err[256] = "";
        void *s = w->src->build(&state, &env, err, sizeof(err));

        cfgref_put(cfg);
        if (s != NULL) {
            backoff_ms = 0;
            at = next_start(start, sia_mono_ms(), ttl);
        } else {
            backoff_ms = refresher_backoff_ms(backoff_ms);
            at = sia_mono_ms() + backoff_ms;
        }
        park(w, s, err[0] ? err : "no snapshot", backoff_ms);
        if (pause_until(r, at))
            break;
    }
    w->src->state_free(state);
    return NULL;
}

/* Workers block every signal: SIGTERM and SIGHUP are the main thread's
 * business, and a blocked worker syscall should not see EINTR. */
static int start_worker(struct worker *w)
{
    sigset_t all, old;

    sigfillset(&all);
    pthread_sigmask(SIG_BLOCK, &all, &old);
    w->started = pthread_create(&w->thread, NULL, worker_body, w) == 0;
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    return w->started ? 0 : -1;
}

static int init_sync(struct refresher *r)
{
    pthread_condattr_t attr;
    int rc;

    if (pthread_condattr_init(&attr) != 0)
        return -1;
    rc = pthread_condattr_setclock(&attr, CLOCK_MONOTONIC) == 0 &&
                 pthread_cond_init(&r->cond, &attr) == 0
             ? 0
             : -1;
    pthread_condattr_destroy(&attr);
    if (rc == 0)
        pthread_mutex_init(&r->lock, NULL);
    return rc;
}

struct refresher *refresher_start(const struct source *const *sources, size_t n,
                                  struct cfgref *cfg,
                                  const struct collector_options *collector,
                                  int wake_fd, char *err, size_t errlen)
{
    struct refresher *r = calloc(1, sizeof(*r));

    if (r == NULL ||
        (collector->proc_root != NULL &&
         (r->collector_root = strdup(collector->proc_root)) == NULL) ||
        (r->workers = calloc(n ? n : 1, sizeof(*r->workers))) == NULL ||
        init_sync(r) < 0) {
        snprintf(err, errlen, "out of memory");
        if (r != NULL)
            free(r->collector_root);
        free(r ? r->workers : NULL);
        free(r);
        return NULL;
    }
    r->wake_fd = wake_fd;
    r->collector = *collector;
    r->collector.proc_root = r->collector_root;
    r->cfg = cfgref_get(cfg);
    r->count = n;
    for (size_t i = 0; i < n; i++) {
        r->workers[i].r = r;
        r->workers[i].src = sources[i];
        if (start_worker(&r->workers[i]) < 0) {
            snprintf(err, errlen, "cannot start the %s worker thread",
                     sources[i]->name);
            refresher_stop(r);
            return NULL;
        }
    }
    return r;
}

void refresher_stop(struct refresher *r)
{
    if (r == NULL)
        return;
    pthread_mutex_lock(&r->lock);
    r->stopping = 1;
    pthread_cond_broadcast(&r->cond);
    pthread_mutex_unlock(&r->lock);
    for (size_t i = 0; i < r->count; i++) {
        struct worker *w = &r->workers[i];

        if (w->started)
            pthread_join(w->thread, NULL);
        w->src->free(w->parked);
        msglist_free(&w->fails);
    }
    cfgref_put(r->cfg);
    pthread_cond_destroy(&r->cond);
    pthread_mutex_destroy(&r->lock);
    free(r->workers);
    free(r->collector_root);
    free(r);
}

void refresher_set_config(struct refresher *r, struct cfgref *cfg)
{
    struct cfgref *old;

    pthread_mutex_lock(&r->lock);
    old = r->cfg;
    r->cfg = cfgref_get(cfg);
    pthread_mutex_unlock(&r->lock);
    cfgref_put(old);
}

void *refresher_take(struct refresher *r, size_t i, struct msglist *failures)
{
    struct worker *w = &r->workers[i];
    void *s;

    pthread_mutex_lock(&r->lock);
    s = w->parked;
    w->parked = NULL;
    *failures = w->fails;
    memset(&w->fails, 0, sizeof(w->fails));
    pthread_mutex_unlock(&r->lock);
    return s;
}
