/*
 * alerts.h - from fresh rows to the notifications to send: the main
 * thread's side of watches and thresholds.  Pure: it keeps the
 * notification memory (notify_state.h) for watches, thresholds and
 * mount timeouts, and hands each notification to a callback as a
 * notify_pdu; the callback sends it (AgentX Notify through the master).
 *
 * Call alerts_watches() once per new process snapshot that has process
 * data (never for one that could not read the process table: its
 * watches would be forgotten and notified again as new), and
 * alerts_mounts() once per new mount snapshot.  A reload keeps the
 * struct alerts: watches keep their state by name.
 *
 * Classes: a watch that is ok is good; tooFew, tooMany and
 * invalidPattern are bad; unknown changes nothing.  A threshold status
 * ok is good, warning and critical are bad, unknown changes nothing.  A
 * mount's timeout state is bad while sysinfoMountStatus is timeout(2),
 * good otherwise.
 */
#ifndef SIA_ALERTS_H
#define SIA_ALERTS_H

#include "config_watch.h"
#include "notify_pdu.h"
#include "threshold.h"
#include "watch.h"

#include <stddef.h>
#include <stdint.h>

typedef void (*alerts_send_fn)(void *ctx, const struct notify_pdu *pdu);

/* One row of the mount table as the alerts see it. */
struct alert_mount {
    uint32_t index; /* sysinfoMountIndex */
    const char *mount_point;
    size_t mount_point_len;
    int mount_status;                         /* enum sia_mount_status */
    const char *status_text;                  /* sysinfoMountStatusText */
    const struct threshold_result *threshold; /* NULL: no rule applies */
    unsigned notify_interval_s;               /* the rule's, else the default */
};

struct alerts;

struct alerts *alerts_new(void);    /* NULL when out of memory */
void alerts_free(struct alerts *a); /* accepts NULL */

/* Notifies the watch changes of one evaluation.  Returns the number of
 * notifications sent, or -1 when out of memory (some may be lost). */
int alerts_watches(struct alerts *a, const struct watch_table *t,
                   const struct cfg_alerts *cfg, uint64_t now_ms,
                   alerts_send_fn send, void *ctx);

/* Notifies the threshold and timeout changes of one mount snapshot.
 * Returns the number sent, or -1 when out of memory. */
int alerts_mounts(struct alerts *a, const struct alert_mount *rows, size_t n,
                  uint64_t now_ms, alerts_send_fn send, void *ctx);

#endif
