/*
 * agent_demand.c - demand-driven scans: a request that would be answered
 * from a snapshot older than its source's TTL asks the refresher for a
 * scan and waits for it without blocking the main thread: its requests
 * are delegated (net-snmp answers them later), and answered from the new
 * snapshot as soon as it is swapped in, or from the old one when
 * scan_wait runs out (its age column then says how old it is).
 *
 * While a walk pins the process snapshot (the source's hold policy) its
 * requests are answered at once from the pinned one: one walk, one scan.
 * Once a wait has run out, requests for that source are answered at once
 * (from the old snapshot) until the scan lands.  Nobody asking means no
 * scans (refresher.h).
 */
#include "agent_glue.h"

#include "cfgref.h"
#include "refresher.h"
#include "util.h"

#include <stdlib.h>

/* More waiting handler calls than this are answered from the old
 * snapshot at once: a flood must not pile up delegated requests. */
#define WAITING_MAX 256

/* A request waits about as long as a scan of its source usually takes
 * (twice the last one, at least WAIT_MIN_MS), never over scan_wait: a
 * scan slowed down by a hung filesystem (the mount scan waits
 * mount_timeout for it) does not hold requests up, they get the old
 * snapshot at once. */
#define WAIT_MIN_MS 50u

static unsigned wait_ms(struct agent *a, size_t i)
{
    unsigned usual = 2 * refresher_scan_ms(a->refresher, i) + WAIT_MIN_MS;
    unsigned most = a->cfg->cfg.scan_wait_ms;

    return usual < most ? usual : most;
}

struct waiting {
    netsnmp_delegated_cache *cache;
    struct waiting *next;
};

/* Is source i's served snapshot stale and free to replace? */
static int stale(struct agent *a, size_t i, uint64_t now)
{
    const struct source *src = sia_sources[i];
    const struct served *sv = &a->served[i];
    uint64_t ttl_ms = (uint64_t)src->ttl_s(&a->cfg->cfg) * 1000u;

    if (sv->next != NULL)
        return 0; /* a newer one is here, held back: swapped in soon */
    if (sv->now != NULL && now - src->taken_ms(sv->now) < ttl_ms)
        return 0;
    if (sv->now != NULL && src->hold != NULL &&
        src->hold(sv->now, sv->last_next_ms, now, &a->cfg->cfg))
        return 0; /* a walk in progress keeps its snapshot */
    return 1;
}

static void wait_expired(unsigned reg, void *data)
{
    struct served *sv = data;

    sv->wait_alarm = 0;
    sv->gave_up = 1;
    DEBUGMSGTL(("sysinfo", "%s: no fresh scan within scan_wait\n",
                sia_sources[sv->id]->name));
    agent_answer_waiting(sv->agent, sv->id);
}

int agent_wait_fresh(const struct agent_node *node, netsnmp_mib_handler *h,
                     netsnmp_handler_registration *reg,
                     netsnmp_agent_request_info *reqinfo,
                     netsnmp_request_info *requests)
{
    struct agent *a = node->agent;
    int i = node->reg->reads;
    struct served *sv;
    struct waiting *w;
    unsigned ms;
    struct timeval tv;

    if (i < 0 || (reqinfo->mode != MODE_GET && reqinfo->mode != MODE_GETNEXT) ||
        !sia_group_reads_now(node->reg, &a->cfg->cfg) ||
        !stale(a, (size_t)i, sia_mono_ms()))
        return 0;
    sv = &a->served[i];
    refresher_demand(a->refresher, (size_t)i);
    /* A GETBULK reaches us only from the standalone listener (an AgentX
     * master sends GETNEXTs), and net-snmp cannot resume a delegated one:
     * it answers genError.  So it waits here, bounded the same way, and
     * after a wait that ran out the old snapshot answers at once. */
    if (reqinfo->asp != NULL && reqinfo->asp->pdu != NULL &&
        reqinfo->asp->pdu->command == SNMP_MSG_GETBULK) {
        if (!sv->gave_up) {
            const void *before = sv->now;

            agent_wait_swap(a, (size_t)i, wait_ms(a, (size_t)i));
            sv->gave_up = sv->now == before;
        }
        return 0;
    }
    if (sv->gave_up || sv->waiting_count >= WAITING_MAX ||
        (w = malloc(sizeof(*w))) == NULL)
        return 0;
    w->cache =
        netsnmp_create_delegated_cache(h, reg, reqinfo, requests, (void *)node);
    if (w->cache == NULL) {
        free(w);
        return 0;
    }
    for (netsnmp_request_info *rq = requests; rq != NULL; rq = rq->next)
        if (!rq->processed)
            rq->delegated = 1;
    w->next = sv->waiting;
    sv->waiting = w;
    sv->waiting_count++;
    ms = wait_ms(a, (size_t)i);
    tv.tv_sec = (time_t)(ms / 1000);
    tv.tv_usec = (suseconds_t)(ms % 1000) * 1000;
    if (sv->wait_alarm == 0)
        sv->wait_alarm = snmp_alarm_register_hr(tv, 0, wait_expired, sv);
    DEBUGMSGTL(
        ("sysinfo:request", "%s stale: waiting for a scan\n", node->reg->name));
    return 1;
}

/* Answers one delegated handler call, unless the agent dropped it
 * meanwhile (a timed-out or closed session). */
static void answer_one(struct agent *a, netsnmp_delegated_cache *cache)
{
    netsnmp_delegated_cache *live = netsnmp_handler_check_cache(cache);

    if (live != NULL) {
        agent_answer(a, live->localinfo, live->reginfo, live->reqinfo,
                     live->requests);
        for (netsnmp_request_info *rq = live->requests; rq != NULL;
             rq = rq->next)
            rq->delegated = 0;
    }
    netsnmp_free_delegated_cache(cache);
}

void agent_answer_waiting(struct agent *a, size_t i)
{
    struct served *sv = &a->served[i];
    struct waiting *w = sv->waiting, *prev = NULL, *next;

    if (sv->wait_alarm != 0) {
        snmp_alarm_unregister(sv->wait_alarm);
        sv->wait_alarm = 0;
    }
    sv->waiting = NULL;
    sv->waiting_count = 0;
    /* oldest first: reverse the list */
    for (; w != NULL; w = next) {
        next = w->next;
        w->next = prev;
        prev = w;
    }
    for (w = prev; w != NULL; w = next) {
        next = w->next;
        answer_one(a, w->cache);
        free(w);
    }
}
