/*
 * msglist.h - log messages gathered off the main thread.
 *
 * Worker threads make no net-snmp calls, snmp_log() included: they append
 * messages to the snapshot they build, and the main thread logs them when
 * it takes the snapshot.
 */
#ifndef SIA_MSGLIST_H
#define SIA_MSGLIST_H

#include <stddef.h>

struct msg {
    int priority; /* syslog priority: LOG_ERR, LOG_WARNING... */
    char *text;
};

struct msglist {
    struct msg *items;
    size_t count;
    size_t cap;
    size_t dropped; /* beyond MSGLIST_MAX */
};

#define MSGLIST_MAX 64

void msglist_add(struct msglist *l, int priority, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
void msglist_free(struct msglist *l);

/* What one source (the process scans, the mount scans) said last time:
 * a problem that persists is logged when it appears, not every refresh;
 * once gone it is forgotten, so it is logged again if it comes back. */
struct msgmemo {
    char **texts;
    size_t count;
};

/* Calls emit for each message of l that the memo does not hold, then
 * makes the memo hold l's texts. */
void msgmemo_filter(struct msgmemo *m, const struct msglist *l,
                    void (*emit)(const struct msg *msg, void *ctx), void *ctx);
void msgmemo_free(struct msgmemo *m);

#endif
