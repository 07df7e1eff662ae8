/*
 * notify_pdu.c - the varbinds of each notification (see notify_pdu.h).
 */
#include "notify_pdu.h"

#include "sysinfo_oids.h"

#include <string.h>

static const uint32_t prefix[] = {SIA_OID_NOTIFY_PREFIX};
static const uint32_t watch_entry[] = {SIA_OID_WATCH_TABLE, 1};
static const uint32_t watches[] = {SIA_OID_WATCHES};
static const uint32_t mount_entry[] = {SIA_OID_MOUNT_TABLE, 1};
static const uint32_t thresholds[] = {SIA_OID_THRESHOLDS};

#define LEN(a) (sizeof(a) / sizeof((a)[0]))

static void set_trap(struct notify_pdu *out, uint32_t n)
{
    memset(out, 0, sizeof(*out));
    memcpy(out->trap_oid, prefix, sizeof(prefix));
    out->trap_oid[LEN(prefix)] = n;
    out->trap_oid_len = LEN(prefix) + 1;
}

/* Appends a varbind base.col, returns it for the index and value. */
static struct notify_varbind *add(struct notify_pdu *out, const uint32_t *base,
                                  size_t base_len, uint32_t col)
{
    struct notify_varbind *vb = &out->vb[out->count++];

    memcpy(vb->oid, base, base_len * sizeof(*base));
    vb->oid[base_len] = col;
    vb->oid_len = base_len + 1;
    return vb;
}

/* A watch column instance: .col.<name bytes> (IMPLIED, no length). */
static struct notify_varbind *watch_col(struct notify_pdu *out,
                                        const char *name, uint32_t col)
{
    struct notify_varbind *vb = add(out, watch_entry, LEN(watch_entry), col);

    for (const char *p = name; *p != '\0' && vb->oid_len < NOTIFY_OID_MAX; p++)
        vb->oid[vb->oid_len++] = (unsigned char)*p;
    return vb;
}

static struct notify_varbind *mount_col(struct notify_pdu *out, uint32_t index,
                                        uint32_t col)
{
    struct notify_varbind *vb = add(out, mount_entry, LEN(mount_entry), col);

    vb->oid[vb->oid_len++] = index;
    return vb;
}

/* An accessible-for-notify scalar: .id.0 */
static struct notify_varbind *scalar(struct notify_pdu *out,
                                     const uint32_t *base, size_t base_len,
                                     uint32_t id)
{
    struct notify_varbind *vb = add(out, base, base_len, id);

    vb->oid[vb->oid_len++] = 0;
    return vb;
}

void notify_pdu_watch(const struct watch_row *w, struct notify_pdu *out)
{
    const char *name = w->def->name;

    set_trap(out, w->status == SIA_WATCH_OK ? SIA_NOTIFY_WATCH_RECOVERED
                                            : SIA_NOTIFY_WATCH_PROBLEM);
    mib_octets(
        &scalar(out, watches, LEN(watches), SIA_WATCHES_NOTIFY_NAME)->value,
        name, strlen(name));
    mib_int(&watch_col(out, name, SIA_WATCH_STATUS)->value, w->status);
    mib_octets(&watch_col(out, name, SIA_WATCH_MESSAGE)->value, w->message,
               strlen(w->message));
    mib_gauge(&watch_col(out, name, SIA_WATCH_COUNT)->value, w->count);
}

/* sysinfoThresholdValue and Level are Unsigned32 (no 64-bit values in a
 * notification, RFC 3584): bytes go as mebibytes, and anything larger
 * latches at the top. */
static uint32_t on_wire(int measure, uint64_t v)
{
    if (measure == SIA_MEASURE_AVAIL_MIB)
        v >>= 20;
    return v > UINT32_MAX ? UINT32_MAX : (uint32_t)v;
}

void notify_pdu_threshold(uint32_t mount_index, const void *mount_point,
                          size_t mount_point_len,
                          const struct threshold_result *prev,
                          const struct threshold_result *now,
                          struct notify_pdu *out)
{
    static const struct threshold_result ok = {.status = SIA_THRESHOLD_OK};
    const struct threshold_result *p = prev ? prev : &ok;
    int measure;
    uint64_t value, level;

    threshold_notification_values(p, now, &measure, &value, &level);
    set_trap(out, now->status > p->status ? SIA_NOTIFY_THRESHOLD_CROSSED
                                          : SIA_NOTIFY_THRESHOLD_CLEARED);
    mib_octets(&mount_col(out, mount_index, SIA_MNT_MOUNT_POINT)->value,
               mount_point, mount_point_len);
    mib_int(&mount_col(out, mount_index, SIA_MNT_THRESHOLD_STATUS)->value,
            now->status);
    mib_octets(&mount_col(out, mount_index, SIA_MNT_THRESHOLD_MESSAGE)->value,
               now->message, strlen(now->message));
    mib_int(&scalar(out, thresholds, LEN(thresholds), SIA_THR_MEASURE)->value,
            measure);
    mib_gauge(&scalar(out, thresholds, LEN(thresholds), SIA_THR_VALUE)->value,
              on_wire(measure, value));
    mib_gauge(&scalar(out, thresholds, LEN(thresholds), SIA_THR_LEVEL)->value,
              on_wire(measure, level));
}

void notify_pdu_mount_status(uint32_t mount_index, const void *mount_point,
                             size_t mount_point_len, int mount_status,
                             const char *status_text, struct notify_pdu *out)
{
    set_trap(out, mount_status == SIA_MOUNT_TIMEOUT
                      ? SIA_NOTIFY_MOUNT_TIMEOUT
                      : SIA_NOTIFY_MOUNT_RESPONDING);
    mib_octets(&mount_col(out, mount_index, SIA_MNT_MOUNT_POINT)->value,
               mount_point, mount_point_len);
    mib_int(&mount_col(out, mount_index, SIA_MNT_STATUS)->value, mount_status);
    mib_octets(&mount_col(out, mount_index, SIA_MNT_STATUS_TEXT)->value,
               status_text ? status_text : "",
               status_text ? strlen(status_text) : 0);
}
