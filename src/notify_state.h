/*
 * notify_state.h - when to send a notification: the per-object memory of
 * what was last said.  Pure: the caller passes each object's state and a
 * monotonic time; nothing here sends anything.
 *
 * One notify_state per kind of object (watches, mount thresholds, mount
 * timeouts), keyed by bytes (a watch's name, a mount's index).  Each
 * evaluation round the caller observes every object it has a row for,
 * then ends the round; objects not observed are forgotten (a removed
 * watch, an unmounted filesystem).  A round without data (the process
 * table could not be read) must not be run at all, or its objects would
 * be forgotten and notified again as new.
 *
 * Rules, per object:
 *   - first observation (start-up, a watch added by a reload, a new
 *     mount): a good state is recorded silently; a bad state is sent;
 *   - afterwards, a state different from the last one sent (or recorded)
 *     is sent, and becomes the last one;
 *   - but never two notifications for one object less than its minimum
 *     interval apart: a change inside the interval is held, and sent at
 *     the first observation after the interval if the state still
 *     differs from the last one sent (a flap that came back is never
 *     sent);
 *   - an observation of class NOTIFY_NONE (no judgement: unknown) changes
 *     nothing but keeps the object alive.
 * A reload keeps the notify_state: watches that keep their name keep
 * their state, so a reload sends nothing spurious.
 */
#ifndef SIA_NOTIFY_STATE_H
#define SIA_NOTIFY_STATE_H

#include <stddef.h>
#include <stdint.h>

enum notify_class {
    NOTIFY_GOOD = 1, /* ok: nothing to say at start-up */
    NOTIFY_BAD = 2,  /* a problem: said even at start-up */
    NOTIFY_NONE = 3, /* no judgement: ignored */
};

struct notify_event {
    int send;       /* 1: send a notification for this object now */
    int have_prev;  /* prev_state is meaningful */
    int prev_state; /* the state last sent or recorded */
    int state;      /* the state being sent */
};

struct notify_state;

struct notify_state *notify_state_new(void);     /* NULL when out of memory */
void notify_state_free(struct notify_state *ns); /* accepts NULL */

/* Number of objects remembered. */
size_t notify_state_count(const struct notify_state *ns);

/* Observes one object in the current round.  Fills *ev (ev->send says
 * whether to notify).  Returns 0, or -1 when out of memory (then nothing
 * is remembered and ev->send is 0). */
int notify_observe(struct notify_state *ns, const void *key, size_t keylen,
                   int state, enum notify_class cls, uint64_t now_ms,
                   uint64_t min_interval_ms, struct notify_event *ev);

/* Ends a round: forgets the objects not observed since the last end. */
void notify_round_end(struct notify_state *ns);

#endif
