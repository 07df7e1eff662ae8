/*
 * source.h - a data source: what the refresher runs on a worker thread
 * and the agent swaps in between requests (the process scan, the mount
 * scan, later the watches).  One struct source per source; the list is in
 * registry.c, and the refresher and the agent run it generically.
 *
 * Life of a snapshot: build() on the source's worker thread (no net-snmp
 * calls there), parked in the refresher's mailbox, taken by the main
 * thread, logged (msgs), swapped in when hold() allows, served through
 * into_view(), freed with free() when the next one replaces it.
 */
#ifndef SIA_SOURCE_H
#define SIA_SOURCE_H

#include <stddef.h>
#include <stdint.h>

struct alerts;
struct config;
struct msglist;
struct notify_pdu;
struct mib_view;
struct collector_options;

/* What a build may read besides its own state. */
struct source_env {
    const struct config *cfg; /* the current configuration */
    /* How to open a collector (from the command line); a source copies
     * it and sets what the configuration decides (args_max). */
    const struct collector_options *collector;
};

/* What a source's notify() sends with (agent.c fills it). */
struct source_notifier {
    struct alerts *alerts; /* the notification memory, kept across swaps
                              and reloads */
    const struct config *cfg;
    uint64_t now_ms; /* monotonic */
    void (*send)(void *ctx, const struct notify_pdu *pdu);
    void *ctx;
};

struct source {
    const char *name; /* "process table": for log lines */
    /* How old a served snapshot may get, from the configuration. */
    unsigned (*ttl_s)(const struct config *cfg);

    /* ---- worker thread ---- */
    /* One scan.  *state is the source's private worker state (NULL at
     * first; kept between scans: collectors, caches), freed with
     * state_free when the worker stops.  Returns the new snapshot, or
     * NULL with a reason in err when none could be built this time: the
     * worker has the reason logged and retries with back-off. */
    void *(*build)(void **state, const struct source_env *env, char *err,
                   size_t errlen);
    void (*state_free)(void *state);

    /* ---- either thread ---- */
    void (*free)(void *snapshot); /* accepts NULL */

    /* ---- main thread ---- */
    /* What the scan wants logged (NULL: nothing). */
    const struct msglist *(*msgs)(const void *snapshot);
    /* Points the request view at this source's snapshot (NULL: none). */
    void (*into_view)(struct mib_view *view, const void *snapshot);
    /* Swap policy: 1 to keep serving `served` for now (e.g. the process
     * table pins its snapshot during a walk); the agent asks again a
     * little later.  last_next_ms: the last GETNEXT in a group that reads
     * this source (monotonic ms, 0: never).  NULL: always swap. */
    int (*hold)(const void *served, uint64_t last_next_ms, uint64_t now_ms,
                const struct config *cfg);
    /* After a swap, with the old snapshot (freed right after) and the new
     * one; NULL: nothing to do. */
    void (*swapped)(const void *old, const void *now);
    /* The notifications the snapshot now served calls for (after each
     * swap, and once when the transport is up); NULL: none. */
    void (*notify)(const void *now, const struct source_notifier *n);
};

#endif
