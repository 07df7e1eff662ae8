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
    int want;             /* a scan is wanted (demand, first, failed) */
    int scanning;         /* a scan is running, under lock */
    uint64_t not_before;  /* no scan before this (back-off, pause) */
    unsigned scan_ms;     /* how long the last good scan took */
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

unsigned refresher_backoff_ms(unsigned prev_ms)
{
    if (prev_ms < REFRESHER_BACKOFF_MIN_MS)
        return REFRESHER_BACKOFF_MIN_MS;
    if (prev_ms >= REFRESHER_BACKOFF_MAX_MS / 2)
        return REFRESHER_BACKOFF_MAX_MS;
    return prev_ms * 2;
}

/* Ends a scan: parks its snapshot or its failure (a failed scan stays
 * wanted, after the back-off), in one step with the end of `scanning`, so
 * that a demand sees either the scan running or its snapshot parked. */
static void park(struct worker *w, void *snapshot, const char *why,
                 unsigned retry_ms, uint64_t start)
{
    struct refresher *r = w->r;
    void *old = NULL;

    pthread_mutex_lock(&r->lock);
    if (snapshot != NULL) {
        old = w->parked; /* never taken: the main loop was busy */
        w->parked = snapshot;
        w->scan_ms = (unsigned)(sia_mono_ms() - start);
    } else {
        msglist_add(&w->fails, LOG_ERR, "%s: %s; retrying in %u s",
                    w->src->name, why, (retry_ms + 999) / 1000);
        w->want = 1;
    }
    w->scanning = 0;
    w->not_before = sia_mono_ms() + (snapshot ? MIN_PAUSE_MS : retry_ms);
    pthread_mutex_unlock(&r->lock);
    w->src->free(old);
    wake_main(r);
}

/* When the source must be scanned without being asked (watches that
 * need evaluating while nobody polls): UINT64_MAX when never. */
static uint64_t background_at(const struct worker *w, const struct config *cfg,
                              uint64_t last_start)
{
    if (w->src->background == NULL || cfg->scan_interval_s == 0 ||
        !w->src->background(cfg))
        return UINT64_MAX;
    return last_start + (uint64_t)cfg->scan_interval_s * 1000u;
}

/* Sleeps until a scan is wanted (and allowed) or the background time
 * comes; returns 1 on stop.  Waits with no timeout when nothing is due:
 * an idle agent does not wake. */
static int wait_for_work(struct worker *w, uint64_t last_start)
{
    struct refresher *r = w->r;
    int stop;

    pthread_mutex_lock(&r->lock);
    for (;;) {
        struct cfgref *cfg = cfgref_get(r->cfg);
        uint64_t bg = background_at(w, &cfg->cfg, last_start);
        uint64_t now = sia_mono_ms();
        uint64_t due = w->want ? w->not_before : UINT64_MAX;

        cfgref_put(cfg);
        if (bg < due)
            due = bg;
        if (r->stopping || now >= due)
            break;
        if (due == UINT64_MAX) {
            pthread_cond_wait(&r->cond, &r->lock);
        } else {
            struct timespec ts = {.tv_sec = (time_t)(due / 1000),
                                  .tv_nsec = (long)(due % 1000) * 1000000L};

            pthread_cond_timedwait(&r->cond, &r->lock, &ts);
        }
    }
    stop = r->stopping;
    if (!stop) {
        w->want = 0;
        w->scanning = 1;
    }
    pthread_mutex_unlock(&r->lock);
    return stop;
}

static void *worker_body(void *arg)
{
    struct worker *w = arg;
    struct refresher *r = w->r;
    void *state = NULL;
    unsigned backoff_ms = 0;
    uint64_t start = 0;

    while (!wait_for_work(w, start)) {
        struct cfgref *cfg = current_cfg(r);
        struct source_env env = {.cfg = &cfg->cfg, .collector = &r->collector};
        char err[256] = "";
        void *s;

        start = sia_mono_ms();
        s = w->src->build(&state, &env, err, sizeof(err));
        cfgref_put(cfg);
        backoff_ms = s != NULL ? 0 : refresher_backoff_ms(backoff_ms);
        park(w, s, err[0] ? err : "no snapshot", backoff_ms, start);
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
        r->workers[i].want = 1; /* the first scan */
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
    pthread_cond_broadcast(&r->cond); /* the background interval may change */
    pthread_mutex_unlock(&r->lock);
    cfgref_put(old);
}

void refresher_demand(struct refresher *r, size_t i)
{
    struct worker *w = &r->workers[i];

    pthread_mutex_lock(&r->lock);
    if (!w->scanning && w->parked == NULL && !w->want) {
        w->want = 1;
        pthread_cond_broadcast(&r->cond);
    }
    pthread_mutex_unlock(&r->lock);
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

unsigned refresher_scan_ms(struct refresher *r, size_t i)
{
    unsigned ms;

    pthread_mutex_lock(&r->lock);
    ms = r->workers[i].scan_ms;
    pthread_mutex_unlock(&r->lock);
    return ms;
}
