/*
 * alerts.c - rows to notifications (see alerts.h).
 */
#include "alerts.h"

#include "notify_state.h"
#include "sysinfo_oids.h"

#include <stdlib.h>
#include <string.h>

/* The threshold result last notified for a mount, for the values of a
 * later sysinfoMountThresholdCleared. */
struct sent_result {
    uint32_t index;
    struct threshold_result r;
    int seen;
};

struct alerts {
    struct notify_state *watches;
    struct notify_state *thresholds;
    struct notify_state *timeouts;
    struct sent_result *sent; /* sorted by index */
    size_t sent_count, sent_cap;
};

struct alerts *alerts_new(void)
{
    struct alerts *a = calloc(1, sizeof(*a));

    if (a == NULL)
        return NULL;
    a->watches = notify_state_new();
    a->thresholds = notify_state_new();
    a->timeouts = notify_state_new();
    if (a->watches == NULL || a->thresholds == NULL || a->timeouts == NULL) {
        alerts_free(a);
        return NULL;
    }
    return a;
}

void alerts_free(struct alerts *a)
{
    if (a == NULL)
        return;
    notify_state_free(a->watches);
    notify_state_free(a->thresholds);
    notify_state_free(a->timeouts);
    free(a->sent);
    free(a);
}

/* ---- watches ---------------------------------------------------------- */

static enum notify_class watch_class(int status)
{
    if (status == SIA_WATCH_OK)
        return NOTIFY_GOOD;
    return status == SIA_WATCH_UNKNOWN ? NOTIFY_NONE : NOTIFY_BAD;
}

int alerts_watches(struct alerts *a, const struct watch_table *t,
                   const struct cfg_alerts *cfg, uint64_t now_ms,
                   alerts_send_fn send, void *ctx)
{
    struct notify_event ev;
    struct notify_pdu pdu;
    int sent = 0, rc = 0;

    for (size_t i = 0; i < t->count; i++) {
        const struct watch_row *w = &t->rows[i];
        uint64_t interval =
            (uint64_t)cfg_notify_interval(cfg, w->def->has_notify_interval,
                                          w->def->notify_interval_s) *
            1000;
        if (notify_observe(a->watches, w->def->name, strlen(w->def->name),
                           w->status, watch_class(w->status), now_ms, interval,
                           &ev) < 0) {
            rc = -1;
            continue;
        }
        if (!ev.send)
            continue;
        notify_pdu_watch(w, &pdu);
        send(ctx, &pdu);
        sent++;
    }
    notify_round_end(a->watches);
    return rc < 0 ? -1 : sent;
}

/* ---- mounts ----------------------------------------------------------- */

static struct sent_result *find_sent(struct alerts *a, uint32_t index,
                                     size_t *at)
{
    size_t lo = 0, hi = a->sent_count;

    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (a->sent[mid].index == index) {
            *at = mid;
            return &a->sent[mid];
        }
        if (a->sent[mid].index < index)
            lo = mid + 1;
        else
            hi = mid;
    }
    *at = lo;
    return NULL;
}

/* The slot for a mount's last notified result, made when missing. */
static struct sent_result *sent_slot(struct alerts *a, uint32_t index)
{
    size_t at;
    struct sent_result *s = find_sent(a, index, &at);

    if (s != NULL)
        return s;
    if (a->sent_count == a->sent_cap) {
        size_t cap = a->sent_cap ? a->sent_cap * 2 : 16;
        struct sent_result *grown = realloc(a->sent, cap * sizeof(*grown));
        if (grown == NULL)
            return NULL;
        a->sent = grown;
        a->sent_cap = cap;
    }
    memmove(&a->sent[at + 1], &a->sent[at],
            (a->sent_count - at) * sizeof(*a->sent));
    a->sent_count++;
    memset(&a->sent[at], 0, sizeof(a->sent[at]));
    a->sent[at].index = index;
    a->sent[at].r.status = SIA_THRESHOLD_OK; /* what a silent start means */
    return &a->sent[at];
}

static enum notify_class threshold_class(int status)
{
    if (status == SIA_THRESHOLD_OK)
        return NOTIFY_GOOD;
    return status == SIA_THRESHOLD_UNKNOWN ? NOTIFY_NONE : NOTIFY_BAD;
}

/* Returns 1 when sent, 0 when not, -1 when out of memory. */
static int mount_threshold(struct alerts *a, const struct alert_mount *m,
                           uint64_t now_ms, alerts_send_fn send, void *ctx)
{
    const struct threshold_result *r = m->threshold;
    struct sent_result *last = sent_slot(a, m->index);
    struct notify_event ev;
    struct notify_pdu pdu;

    if (last == NULL)
        return -1;
    last->seen = 1;
    if (notify_observe(a->thresholds, &m->index, sizeof(m->index), r->status,
                       threshold_class(r->status), now_ms,
                       (uint64_t)m->notify_interval_s * 1000, &ev) < 0)
        return -1;
    if (!ev.send) {
        /* the silent baseline, or the same status as last said: keep the
         * freshest result of it for the values of the next change */
        if (r->status != SIA_THRESHOLD_UNKNOWN &&
            (!ev.have_prev || r->status == last->r.status))
            last->r = *r;
        return 0;
    }
    notify_pdu_threshold(m->index, m->mount_point, m->mount_point_len,
                         ev.have_prev ? &last->r : NULL, r, &pdu);
    send(ctx, &pdu);
    last->r = *r;
    return 1;
}

static int mount_timeout(struct alerts *a, const struct alert_mount *m,
                         uint64_t now_ms, alerts_send_fn send, void *ctx)
{
    int timing_out = m->mount_status == SIA_MOUNT_TIMEOUT;
    struct notify_event ev;
    struct notify_pdu pdu;

    if (notify_observe(a->timeouts, &m->index, sizeof(m->index), timing_out,
                       timing_out ? NOTIFY_BAD : NOTIFY_GOOD, now_ms,
                       (uint64_t)m->notify_interval_s * 1000, &ev) < 0)
        return -1;
    if (!ev.send)
        return 0;
    notify_pdu_mount_status(m->index, m->mount_point, m->mount_point_len,
                            m->mount_status, m->status_text, &pdu);
    send(ctx, &pdu);
    return 1;
}

/* Forgets the results of mounts that were not in this round. */
static void sent_round_end(struct alerts *a)
{
    size_t kept = 0;

    for (size_t i = 0; i < a->sent_count; i++) {
        if (!a->sent[i].seen)
            continue;
        a->sent[i].seen = 0;
        a->sent[kept++] = a->sent[i];
    }
    a->sent_count = kept;
}

int alerts_mounts(struct alerts *a, const struct alert_mount *rows, size_t n,
                  uint64_t now_ms, alerts_send_fn send, void *ctx)
{
    int sent = 0, err = 0;

    for (size_t i = 0; i < n; i++) {
        int rc = mount_timeout(a, &rows[i], now_ms, send, ctx);
        if (rc >= 0 && rows[i].threshold != NULL) {
            int t = mount_threshold(a, &rows[i], now_ms, send, ctx);
            rc = t < 0 ? t : rc + t;
        }
        if (rc < 0)
            err = 1;
        else
            sent += rc;
    }
    notify_round_end(a->thresholds);
    notify_round_end(a->timeouts);
    sent_round_end(a);
    return err ? -1 : sent;
}
