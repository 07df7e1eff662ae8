/*
 * notify_pdu.h - the contents of each SYSINFO-MIB notification: its OID
 * and its varbinds (full OIDs and plain values), built from the rows
 * that caused it.  Pure: no net-snmp; the glue turns a notify_pdu into
 * snmpTrapOID.0 plus these varbinds and sends it through the master.
 *
 * Octet-string values point into the rows passed in: send the PDU
 * before they are freed.
 */
#ifndef SIA_NOTIFY_PDU_H
#define SIA_NOTIFY_PDU_H

#include "mib.h"
#include "threshold.h"
#include "watch.h"

#include <stddef.h>
#include <stdint.h>

/* Module root (10) + up to 5 arcs + a 32-byte IMPLIED watch name. */
#define NOTIFY_OID_MAX      48
#define NOTIFY_VARBINDS_MAX 6

struct notify_varbind {
    uint32_t oid[NOTIFY_OID_MAX];
    size_t oid_len;
    struct mib_value value;
};

struct notify_pdu {
    uint32_t trap_oid[NOTIFY_OID_MAX]; /* the NOTIFICATION-TYPE */
    size_t trap_oid_len;
    struct notify_varbind vb[NOTIFY_VARBINDS_MAX]; /* its OBJECTS, in order */
    size_t count;
};

/* sysinfoWatchProblem (row not ok) or sysinfoWatchRecovered (ok). */
void notify_pdu_watch(const struct watch_row *w, struct notify_pdu *out);

/* sysinfoMountThresholdCrossed when now is worse than prev, else
 * sysinfoMountThresholdCleared; prev NULL (first bad state after
 * start-up) counts as ok.  Value and level go as Unsigned32: available
 * space in mebibytes (rounded down). */
void notify_pdu_threshold(uint32_t mount_index, const void *mount_point,
                          size_t mount_point_len,
                          const struct threshold_result *prev,
                          const struct threshold_result *now,
                          struct notify_pdu *out);

/* sysinfoMountTimeout when mount_status is timeout(2), else
 * sysinfoMountResponding.  status_text: sysinfoMountStatusText. */
void notify_pdu_mount_status(uint32_t mount_index, const void *mount_point,
                             size_t mount_point_len, int mount_status,
                             const char *status_text, struct notify_pdu *out);

#endif
