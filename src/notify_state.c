/*
 * notify_state.c - per-object notification memory (see notify_state.h):
 * a sorted array of objects, found by binary search.
 */
#include "notify_state.h"

#include <stdlib.h>
#include <string.h>

struct object {
    unsigned char *key; /* owned */
    size_t keylen;
    int have_state; /* a state was sent or recorded */
    int state;      /* that state */
    int have_sent;  /* a notification was sent (sent_ms is valid) */
    uint64_t sent_ms;
    int seen; /* observed in the current round */
};

struct notify_state {
    struct object *obj; /* sorted by key: length, then bytes */
    size_t count, cap;
};

struct notify_state *notify_state_new(void)
{
    return calloc(1, sizeof(struct notify_state));
}

void notify_state_free(struct notify_state *ns)
{
    if (ns == NULL)
        return;
    for (size_t i = 0; i < ns->count; i++)
        free(ns->obj[i].key);
    free(ns->obj);
    free(ns);
}

size_t notify_state_count(const struct notify_state *ns)
{
    return ns ? ns->count : 0;
}

static int cmp(const struct object *o, const void *key, size_t len)
{
    if (o->keylen != len)
        return o->keylen < len ? -1 : 1;
    return len ? memcmp(o->key, key, len) : 0;
}

/* Position of key, or where it would go (*found = 0). */
static size_t locate(const struct notify_state *ns, const void *key, size_t len,
                     int *found)
{
    size_t lo = 0, hi = ns->count;

    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = cmp(&ns->obj[mid], key, len);
        if (c == 0) {
            *found = 1;
            return mid;
        }
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    *found = 0;
    return lo;
}

static struct object *insert(struct notify_state *ns, size_t at,
                             const void *key, size_t len)
{
    unsigned char *copy = malloc(len ? len : 1);

    if (copy == NULL)
        return NULL;
    if (ns->count == ns->cap) {
        size_t cap = ns->cap ? ns->cap * 2 : 16;
        struct object *grown = realloc(ns->obj, cap * sizeof(*grown));
        if (grown == NULL) {
            free(copy);
            return NULL;
        }
        ns->obj = grown;
        ns->cap = cap;
    }
    memmove(&ns->obj[at + 1], &ns->obj[at],
            (ns->count - at) * sizeof(*ns->obj));
    ns->count++;
    memcpy(copy, key, len);
    memset(&ns->obj[at], 0, sizeof(*ns->obj));
    ns->obj[at].key = copy;
    ns->obj[at].keylen = len;
    return &ns->obj[at];
}

/* The rules of notify_state.h for an object that has a state. */
static void decide(struct object *o, int state, enum notify_class cls,
                   uint64_t now_ms, uint64_t min_interval_ms,
                   struct notify_event *ev)
{
    if (!o->have_state) { /* first judgement */
        o->have_state = 1;
        o->state = state;
        if (cls == NOTIFY_BAD) {
            ev->send = 1;
            o->have_sent = 1;
            o->sent_ms = now_ms;
        }
        return;
    }
    ev->have_prev = 1;
    ev->prev_state = o->state;
    if (state == o->state)
        return;
    if (o->have_sent && now_ms - o->sent_ms < min_interval_ms)
        return; /* held: looked at again next round */
    ev->send = 1;
    o->state = state;
    o->have_sent = 1;
    o->sent_ms = now_ms;
}

int notify_observe(struct notify_state *ns, const void *key, size_t keylen,
                   int state, enum notify_class cls, uint64_t now_ms,
                   uint64_t min_interval_ms, struct notify_event *ev)
{
    int found;
    size_t at = locate(ns, key, keylen, &found);
    struct object *o = found ? &ns->obj[at] : insert(ns, at, key, keylen);

    memset(ev, 0, sizeof(*ev));
    ev->state = state;
    if (o == NULL)
        return -1;
    o->seen = 1;
    if (cls != NOTIFY_NONE)
        decide(o, state, cls, now_ms, min_interval_ms, ev);
    return 0;
}

void notify_round_end(struct notify_state *ns)
{
    size_t kept = 0;

    for (size_t i = 0; i < ns->count; i++) {
        if (!ns->obj[i].seen) {
            free(ns->obj[i].key);
            continue;
        }
        ns->obj[i].seen = 0;
        ns->obj[kept++] = ns->obj[i];
    }
    ns->count = kept;
}
