/*
 * refresher.c - the worker threads behind the snapshots (see refresher.h).
 */
#include "refresher.h"

#include "collector.h"
#include "mount_probe.h"
#include "mount_snapshot.h"
#include "privacy.h"
#include "proc_snapshot.h"
#include "usercache.h"

#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* Never rescan sooner than this after a scan ends, however slow it was. */
#define MIN_PAUSE_MS 200

struct worker {
    pthread_t thread;
    int started;
};

struct refresher {
    pthread_mutex_t lock;
    pthread_cond_t cond; /* stop requested */
    int stopping;
    int wake_fd;
    char *proc_root;
    struct cfgref *cfg;            /* under lock */
    struct proc_snapshot *procs;   /* parked, under lock */
    struct mount_snapshot *mounts; /* parked, under lock */
    struct worker proc_worker, mount_worker;
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

/* Sleeps until `deadline_ms` (monotonic) or stop; returns 1 on stop. */
static int pause_until(struct refresher *r, uint64_t deadline_ms)
{
    struct timespec now_rt, ts;
    uint64_t now = sia_mono_ms();
    uint64_t wait_ms = deadline_ms > now ? deadline_ms - now : 0;
    int stop;

    /* The condition variable uses CLOCK_REALTIME by default; a wait of a
     * few seconds computed from the monotonic clock is close enough. */
    clock_gettime(CLOCK_REALTIME, &now_rt);
    ts.tv_sec = now_rt.tv_sec + (time_t)(wait_ms / 1000);
    ts.tv_nsec = now_rt.tv_nsec + (long)(wait_ms % 1000) * 1000000L;
    if (ts.tv_nsec >= 1000000000L) {
        ts.tv_sec++;
        ts.tv_nsec -= 1000000000L;
    }
    pthread_mutex_lock(&r->lock);
    while (!r->stopping && wait_ms > 0 &&
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

static int open_collector(struct refresher *r, size_t args_max,
                          struct collector **c)
{
    struct collector_options opt = {.proc_root = r->proc_root,
                                    .args_max = args_max};

    return collector_open(&opt, c) == COL_OK ? 0 : -1;
}

static void park_procs(struct refresher *r, struct proc_snapshot *s)
{
    struct proc_snapshot *old;

    pthread_mutex_lock(&r->lock);
    old = r->procs; /* never taken: the main loop was busy */
    r->procs = s;
    pthread_mutex_unlock(&r->lock);
    proc_snapshot_free(old);
    wake_main(r);
}

/* A scan with the privacy rules applied (privacy.h), before any request
 * can see it. */
static struct proc_snapshot *private_snapshot(const struct config *cfg,
                                              struct collector *c,
                                              struct usercache *uc)
{
    struct proc_snapshot *s = proc_snapshot_build(c, uc);

    if (s != NULL && privacy_apply(cfg, &s->procs, cfg->args_max) < 0) {
        proc_snapshot_free(s);
        return proc_snapshot_failed("out of memory");
    }
    return s;
}

static void *proc_body(void *arg)
{
    struct refresher *r = arg;
    struct usercache *uc = usercache_new();
    struct collector *c = NULL;
    size_t args_max = 0;

    while (uc != NULL) {
        struct cfgref *cfg = current_cfg(r);
        uint64_t start = sia_mono_ms();
        unsigned ttl = cfg->cfg.cache_ttl_s;

        if (c == NULL || args_max != cfg->cfg.args_max) {
            collector_close(c);
            c = NULL;
            args_max = cfg->cfg.args_max;
            open_collector(r, args_max, &c);
        }
        if (c != NULL)
            park_procs(r, private_snapshot(&cfg->cfg, c, uc));
        else
            park_procs(r, proc_snapshot_failed("cannot open the proc root"));
        cfgref_put(cfg);
        if (pause_until(r, next_start(start, sia_mono_ms(), ttl)))
            break;
    }
    collector_close(c);
    usercache_free(uc);
    return NULL;
}

static void park_mounts(struct refresher *r, struct mount_snapshot *s)
{
    struct mount_snapshot *old;

    pthread_mutex_lock(&r->lock);
    old = r->mounts;
    r->mounts = s;
    pthread_mutex_unlock(&r->lock);
    mount_snapshot_free(old);
    wake_main(r);
}

static void *mount_body(void *arg)
{
    struct refresher *r = arg;
    struct collector *c = NULL;
    struct mount_prober *prober = NULL;
    unsigned timeout_ms = 0;

    for (;;) {
        struct cfgref *cfg = current_cfg(r);
        uint64_t start = sia_mono_ms();
        unsigned ttl = cfg->cfg.mount_ttl_s;

        /* The proc root may come back (a container's bind mount): retry.
         * Until then the last mount snapshot stays, and its StatusAge
         * shows how old it is. */
        if (c == NULL)
            open_collector(r, 0, &c);
        if (c == NULL) {
            cfgref_put(cfg);
            if (pause_until(r, next_start(start, sia_mono_ms(), ttl)))
                break;
            continue;
        }
        if (prober == NULL || timeout_ms != cfg->cfg.mount_timeout_ms) {
            /* Stuck probes survive this: their jobs own themselves. */
            mount_prober_free(prober);
            timeout_ms = cfg->cfg.mount_timeout_ms;
            prober = mount_prober_new(timeout_ms, NULL);
        }
        if (prober != NULL)
            park_mounts(r, mount_snapshot_build(&cfg->cfg, c, prober));
        cfgref_put(cfg);
        if (pause_until(r, next_start(start, sia_mono_ms(), ttl)))
            break;
    }
    mount_prober_free(prober);
    collector_close(c);
    return NULL;
}

/* Workers block every signal: SIGTERM and SIGHUP are the main thread's
 * business, and a blocked worker syscall should not see EINTR. */
static int start_worker(struct refresher *r, struct worker *w,
                        void *(*body)(void *))
{
    sigset_t all, old;

    sigfillset(&all);
    pthread_sigmask(SIG_BLOCK, &all, &old);
    w->started = pthread_create(&w->thread, NULL, body, r) == 0;
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    return w->started ? 0 : -1;
}

struct refresher *refresher_start(struct cfgref *cfg, const char *proc_root,
                                  int wake_fd, char *err, size_t errlen)
{
    struct refresher *r = calloc(1, sizeof(*r));
    struct collector *probe = NULL;

    if (r == NULL || (r->proc_root = strdup(proc_root)) == NULL) {
        snprintf(err, errlen, "out of memory");
        free(r);
        return NULL;
    }
    pthread_mutex_init(&r->lock, NULL);
    pthread_cond_init(&r->cond, NULL);
    r->wake_fd = wake_fd;
    r->cfg = cfgref_get(cfg);
    if (open_collector(r, 0, &probe) < 0) {
        snprintf(err, errlen, "cannot open proc root %s", proc_root);
        refresher_stop(r);
        return NULL;
    }
    collector_close(probe);
    if (start_worker(r, &r->proc_worker, proc_body) < 0 ||
        start_worker(r, &r->mount_worker, mount_body) < 0) {
        snprintf(err, errlen, "cannot start worker thread");
        refresher_stop(r);
        return NULL;
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
    if (r->proc_worker.started)
        pthread_join(r->proc_worker.thread, NULL);
    if (r->mount_worker.started)
        pthread_join(r->mount_worker.thread, NULL);
    proc_snapshot_free(r->procs);
    mount_snapshot_free(r->mounts);
    cfgref_put(r->cfg);
    pthread_cond_destroy(&r->cond);
    pthread_mutex_destroy(&r->lock);
    free(r->proc_root);
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

struct proc_snapshot *refresher_take_procs(struct refresher *r)
{
    struct proc_snapshot *s;

    pthread_mutex_lock(&r->lock);
    s = r->procs;
    r->procs = NULL;
    pthread_mutex_unlock(&r->lock);
    return s;
}

struct mount_snapshot *refresher_take_mounts(struct refresher *r)
{
    struct mount_snapshot *s;

    pthread_mutex_lock(&r->lock);
    s = r->mounts;
    r->mounts = NULL;
    pthread_mutex_unlock(&r->lock);
    return s;
}
