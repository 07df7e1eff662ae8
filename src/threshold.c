/*
 * threshold.c - usage against threshold rules with hysteresis (see
 * threshold.h).
 */
#include "threshold.h"

#include "sysinfo_oids.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

uint64_t threshold_percent(uint64_t part, uint64_t whole)
{
    /* part * 10000 must not wrap: scale both down for huge filesystems
     * (the result loses nothing visible in hundredths). */
    while (whole > UINT64_MAX / 10000) {
        part >>= 1;
        whole >>= 1;
    }
    if (part > whole)
        part = whole;
    return (part * 10000 + whole - 1) / whole;
}

/* ---- one measure ------------------------------------------------------ */

static int worse(int a, int b)
{
    return a > b ? a : b;
}

/* Higher is worse (used, inodes): reached at the level, held until the
 * value is at or below the level minus h. */
static void judge_rising(const struct cfg_level *lv, uint64_t v, uint64_t h,
                         int prev, struct threshold_measure *m)
{
    static const int names[2] = {SIA_THRESHOLD_CRITICAL, SIA_THRESHOLD_WARNING};
    const uint64_t levels[2] = {lv->critical, lv->warning};

    m->level = SIA_THRESHOLD_OK;
    m->limit = lv->warning != CFG_LEVEL_NONE ? lv->warning : lv->critical;
    m->clear_at = 0;
    for (int i = 0; i < 2; i++) {
        uint64_t l = levels[i];
        uint64_t clear = l > h ? l - h : 0;
        if (l == CFG_LEVEL_NONE)
            continue;
        if (v >= l || (prev >= names[i] && v > clear)) {
            m->level = names[i];
            m->limit = l;
            m->clear_at = clear;
            return;
        }
    }
}

/* Lower is worse (avail): reached below the level, held until the value
 * is at or above the level plus h. */
static void judge_falling(const struct cfg_level *lv, uint64_t v, uint64_t h,
                          int prev, struct threshold_measure *m)
{
    static const int names[2] = {SIA_THRESHOLD_CRITICAL, SIA_THRESHOLD_WARNING};
    const uint64_t levels[2] = {lv->critical, lv->warning};

    m->level = SIA_THRESHOLD_OK;
    m->limit = lv->warning != CFG_LEVEL_NONE ? lv->warning : lv->critical;
    m->clear_at = 0;
    for (int i = 0; i < 2; i++) {
        uint64_t l = levels[i];
        uint64_t clear = l > UINT64_MAX - h ? UINT64_MAX : l + h;
        if (l == CFG_LEVEL_NONE)
            continue;
        if (v < l || (prev >= names[i] && v < clear)) {
            m->level = names[i];
            m->limit = l;
            m->clear_at = clear;
            return;
        }
    }
}

static int configured(const struct cfg_level *lv)
{
    return lv->warning != CFG_LEVEL_NONE || lv->critical != CFG_LEVEL_NONE;
}

/* Computes the three measures from a known usage. */
static void measures(const struct cfg_threshold *r, const struct fs_usage *u,
                     const struct threshold_state *st,
                     struct threshold_measure m[THR_MEASURES])
{
    uint64_t used =
        u->size_bytes > u->free_bytes ? u->size_bytes - u->free_bytes : 0;
    uint64_t hbytes = u->size_bytes / 10000 * r->hysteresis +
                      u->size_bytes % 10000 * r->hysteresis / 10000;

    m[THR_USED].known = used + u->avail_bytes >= used && /* no wrap */
                        used + u->avail_bytes > 0;
    if (m[THR_USED].known)
        m[THR_USED].value = threshold_percent(used, used + u->avail_bytes);
    m[THR_AVAIL].known = 1;
    m[THR_AVAIL].value = u->avail_bytes;
    m[THR_INODES].known = u->inodes > 0;
    if (m[THR_INODES].known)
        m[THR_INODES].value = threshold_percent(
            u->inodes > u->inodes_free ? u->inodes - u->inodes_free : 0,
            u->inodes);
    if (m[THR_USED].configured && m[THR_USED].known)
        judge_rising(&r->used, m[THR_USED].value, r->hysteresis,
                     st->level[THR_USED], &m[THR_USED]);
    if (m[THR_AVAIL].configured)
        judge_falling(&r->avail, m[THR_AVAIL].value, hbytes,
                      st->level[THR_AVAIL], &m[THR_AVAIL]);
    if (m[THR_INODES].configured && m[THR_INODES].known)
        judge_rising(&r->inodes, m[THR_INODES].value, r->hysteresis,
                     st->level[THR_INODES], &m[THR_INODES]);
}

/* ---- messages --------------------------------------------------------- */

static void append(char *buf, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void append(char *buf, const char *fmt, ...)
{
    size_t used = strlen(buf);
    va_list ap;

    if (used + 1 >= THRESHOLD_MESSAGE_MAX)
        return;
    va_start(ap, fmt);
    vsnprintf(buf + used, THRESHOLD_MESSAGE_MAX - used, fmt, ap);
    va_end(ap);
}

static const char *status_name(int st)
{
    switch (st) {
    case SIA_THRESHOLD_OK:
        return "ok";
    case SIA_THRESHOLD_WARNING:
        return "warning";
    case SIA_THRESHOLD_CRITICAL:
        return "critical";
    default:
        return "unknown";
    }
}

/* A value of measure i as a person reads it: "91.20%", "1.5 GiB". */
static void fmt_value(int i, uint64_t v, char *buf, size_t len)
{
    static const char *const units[] = {"bytes", "KiB", "MiB", "GiB",
                                        "TiB",   "PiB", "EiB"};
    double d = (double)v;
    size_t u = 0;

    if (i != THR_AVAIL) {
        snprintf(buf, len, "%llu.%02llu%%", (unsigned long long)(v / 100),
                 (unsigned long long)(v % 100));
        return;
    }
    while (d >= 1024 && u + 1 < sizeof(units) / sizeof(units[0])) {
        d /= 1024;
        u++;
    }
    if (u == 0)
        snprintf(buf, len, "%llu bytes", (unsigned long long)v);
    else
        snprintf(buf, len, "%.1f %s", d, units[u]);
}

static const char *const what[THR_MEASURES] = {"used", "available",
                                               "inodes used"};

/* "91.20% used, critical at 90.00% (clears at 88.00%)" */
static void describe_level(const struct threshold_measure *m, int i, char *msg)
{
    char v[32], l[32], c[32];

    fmt_value(i, m->value, v, sizeof(v));
    fmt_value(i, m->limit, l, sizeof(l));
    fmt_value(i, m->clear_at, c, sizeof(c));
    append(msg, "%s %s, %s %s %s (clears at %s)", v, what[i],
           status_name(m->level), i == THR_AVAIL ? "below" : "at", l, c);
}

static void mount_point(const struct threshold_input *in, char *msg)
{
    size_t n = in->mount_point ? in->mount_point_len : 0, o = 0;

    if (n > 120) /* leave room for the rest of the line */
        n = 120;
    for (size_t i = 0; i < n; i++, o++) {
        unsigned char c = (unsigned char)in->mount_point[i];
        msg[o] = c >= 0x20 && c < 0x7f ? (char)c : '?';
    }
    msg[o] = '\0';
    if (n < (in->mount_point ? in->mount_point_len : 0))
        append(msg, "...");
}

static void message(const struct threshold_input *in,
                    struct threshold_result *r, int decisive)
{
    char v[32];
    const char *sep = "";

    mount_point(in, r->message);
    append(r->message, ": %s: ", status_name(r->status));
    if (in->mount_status == SIA_MOUNT_TIMEOUT) {
        append(r->message, "usage query timed out");
        return;
    }
    if (in->mount_status == SIA_MOUNT_ERROR) {
        append(r->message, "usage query failed");
        return;
    }
    if (in->mount_status != SIA_MOUNT_OK) {
        append(r->message, "usage not queried");
        return;
    }
    if (decisive >= 0 && r->status != SIA_THRESHOLD_OK) {
        describe_level(&r->m[decisive], decisive, r->message);
        return;
    }
    for (int i = 0; i < THR_MEASURES; i++) {
        if (!r->m[i].configured || !r->m[i].known)
            continue;
        fmt_value(i, r->m[i].value, v, sizeof(v));
        append(r->message, "%s%s %s", sep, v, what[i]);
        sep = ", ";
    }
    if (*sep == '\0')
        append(r->message, "no configured measure applies");
}

/* ---- evaluation ------------------------------------------------------- */

/* Usage not known: critical if the rule says so, else unknown. */
static void without_usage(const struct cfg_threshold *rule,
                          const struct threshold_input *in,
                          struct threshold_result *out)
{
    if (in->mount_status == SIA_MOUNT_TIMEOUT && rule->timeout_critical) {
        out->status = SIA_THRESHOLD_CRITICAL;
        out->measure = SIA_MEASURE_TIMEOUT;
    } else if (in->mount_status == SIA_MOUNT_ERROR && rule->error_critical) {
        out->status = SIA_THRESHOLD_CRITICAL;
        out->measure = SIA_MEASURE_ERROR;
    } else {
        out->status = SIA_THRESHOLD_UNKNOWN;
    }
    message(in, out, -1);
}

void threshold_evaluate(const struct cfg_threshold *rule,
                        const struct threshold_input *in,
                        struct threshold_state *st,
                        struct threshold_result *out)
{
    int decisive = -1;

    memset(out, 0, sizeof(*out));
    out->m[THR_USED].configured = configured(&rule->used);
    out->m[THR_AVAIL].configured = configured(&rule->avail);
    out->m[THR_INODES].configured = configured(&rule->inodes);
    if (in->mount_status != SIA_MOUNT_OK) {
        without_usage(rule, in, out); /* st kept: hysteresis survives */
        return;
    }
    measures(rule, &in->usage, st, out->m);
    for (int i = 0; i < THR_MEASURES; i++) {
        const struct threshold_measure *m = &out->m[i];
        if (!m->configured || !m->known)
            continue;
        st->level[i] = (uint8_t)m->level;
        if (decisive < 0 || m->level > out->m[decisive].level)
            decisive = i;
    }
    out->status = decisive < 0
                      ? SIA_THRESHOLD_UNKNOWN
                      : worse(SIA_THRESHOLD_OK, out->m[decisive].level);
    out->measure = decisive < 0 ? 0 : decisive + 1; /* enum order */
    message(in, out, decisive);
}

void threshold_notification_values(const struct threshold_result *prev,
                                   const struct threshold_result *now,
                                   int *measure, uint64_t *value,
                                   uint64_t *level)
{
    int rise = now->status > prev->status;
    const struct threshold_result *decider = rise ? now : prev;
    int m = decider->measure;

    *measure = m;
    *value = 0;
    *level = 0;
    if (m < SIA_MEASURE_USED_PERCENT || m > SIA_MEASURE_INODES_PERCENT)
        return;
    *value = now->m[m - 1].value;
    *level = rise ? now->m[m - 1].limit : prev->m[m - 1].clear_at;
}
