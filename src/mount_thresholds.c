/*
 * mount_thresholds.c - threshold rules over a mount snapshot (see
 * mount_thresholds.h).
 */
#include "mount_thresholds.h"

#include "sysinfo_oids.h"
#include "threshold.h"

#include <stdlib.h>
#include <string.h>

struct remembered {
    uint32_t index;
    struct threshold_state st;
    int seen;
};

struct threshold_memory {
    struct remembered *r; /* sorted by index */
    size_t count, cap;
};

struct threshold_memory *threshold_memory_new(void)
{
    return calloc(1, sizeof(struct threshold_memory));
}

void threshold_memory_free(struct threshold_memory *m)
{
    if (m == NULL)
        return;
    free(m->r);
    free(m);
}

/* The state of a mount, made (all clear) when new; NULL: out of memory. */
static struct threshold_state *state_of(struct threshold_memory *m,
                                        uint32_t index)
{
    size_t lo = 0, hi = m->count;

    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (m->r[mid].index == index) {
            m->r[mid].seen = 1;
            return &m->r[mid].st;
        }
        if (m->r[mid].index < index)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (m->count == m->cap) {
        size_t cap = m->cap ? m->cap * 2 : 16;
        struct remembered *grown = realloc(m->r, cap * sizeof(*grown));
        if (grown == NULL)
            return NULL;
        m->r = grown;
        m->cap = cap;
    }
    memmove(&m->r[lo + 1], &m->r[lo], (m->count - lo) * sizeof(*m->r));
    m->count++;
    memset(&m->r[lo], 0, sizeof(m->r[lo]));
    m->r[lo].index = index;
    m->r[lo].seen = 1;
    return &m->r[lo].st;
}

static void forget_unseen(struct threshold_memory *m)
{
    size_t kept = 0;

    for (size_t i = 0; i < m->count; i++) {
        if (!m->r[i].seen)
            continue;
        m->r[i].seen = 0;
        m->r[kept++] = m->r[i];
    }
    m->count = kept;
}

static int apply_one(struct mount_entry *e, const struct cfg_alerts *a,
                     struct threshold_memory *m)
{
    const struct cfg_threshold *rule = cfg_threshold_find(
        a, e->row.mount_point.ptr ? e->row.mount_point.ptr : "",
        e->row.fstype.ptr ? e->row.fstype.ptr : "");
    struct threshold_input in = {.mount_point = e->row.mount_point.ptr,
                                 .mount_point_len = e->row.mount_point.len,
                                 .mount_status = e->status,
                                 .usage = e->usage};
    struct threshold_state *st;

    if (rule == NULL)
        return 0;
    st = state_of(m, e->index);
    e->threshold = malloc(sizeof(*e->threshold));
    if (st == NULL || e->threshold == NULL)
        return -1;
    e->notify_interval_s = cfg_notify_interval(a, rule->has_notify_interval,
                                               rule->notify_interval_s);
    threshold_evaluate(rule, &in, st, e->threshold);
    return 0;
}

int mount_thresholds_apply(struct mount_snapshot *s, const struct cfg_alerts *a,
                           struct threshold_memory *m)
{
    for (size_t i = 0; i < s->count; i++) {
        s->rows[i].notify_interval_s = a->notify_interval_s;
        if (apply_one(&s->rows[i], a, m) < 0)
            return -1;
    }
    forget_unseen(m);
    return 0;
}
