/*
 * watch.c - process watches judged against one process scan (see
 * watch.h).
 */
#include "watch.h"

#include "sysinfo_oids.h"

#include <regex.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct compiled {
    struct cfg_watch def; /* deep copy: pattern and cgroup owned */
    int ok;               /* the pattern compiled */
    regex_t re;
    char error[96]; /* regerror text when !ok */
};

struct watch_set {
    struct compiled *w;
    size_t count;
};

/* ---- the set ------------------------------------------------------------ */

static int copy_def(struct cfg_watch *dst, const struct cfg_watch *src)
{
    *dst = *src;
    dst->pattern = strdup(src->pattern ? src->pattern : "");
    dst->cgroup = src->cgroup ? strdup(src->cgroup) : NULL;
    return dst->pattern == NULL || (src->cgroup && dst->cgroup == NULL) ? -1
                                                                        : 0;
}

struct watch_set *watch_set_new(const struct cfg_watch *defs, size_t n)
{
    struct watch_set *ws = calloc(1, sizeof(*ws));

    if (ws == NULL || (n > 0 && (ws->w = calloc(n, sizeof(*ws->w))) == NULL)) {
        free(ws);
        return NULL;
    }
    for (size_t i = 0; i < n; i++, ws->count++) {
        struct compiled *c = &ws->w[i];
        if (copy_def(&c->def, &defs[i]) < 0) {
            free(c->def.pattern);
            free(c->def.cgroup);
            watch_set_free(ws);
            return NULL;
        }
        int rc = regcomp(&c->re, c->def.pattern, REG_EXTENDED | REG_NOSUB);
        c->ok = rc == 0;
        if (!c->ok)
            regerror(rc, &c->re, c->error, sizeof(c->error));
    }
    return ws;
}

void watch_set_free(struct watch_set *ws)
{
    if (ws == NULL)
        return;
    for (size_t i = 0; i < ws->count; i++) {
        if (ws->w[i].ok)
            regfree(&ws->w[i].re);
        free(ws->w[i].def.pattern);
        free(ws->w[i].def.cgroup);
    }
    free(ws->w);
    free(ws);
}

size_t watch_set_count(const struct watch_set *ws)
{
    return ws ? ws->count : 0;
}

/* ---- matching one process ------------------------------------------- */

enum verdict { NO_MATCH, MATCH, UNCHECKED };

static int in_cgroup(const char *prefix, const struct col_bytes *cg)
{
    size_t n = strlen(prefix);

    if (cg->ptr == NULL || cg->len < n || memcmp(cg->ptr, prefix, n) != 0)
        return 0;
    /* "/a/b" holds "/a/b" and "/a/b/c", not "/a/bc"; "/" holds all. */
    return cg->len == n || prefix[n - 1] == '/' || cg->ptr[n] == '/';
}

static const struct col_bytes *target_of(const struct proc_row *r, int target,
                                         uint64_t *bit)
{
    switch (target) {
    case SIA_WATCH_TARGET_ARGS:
        *bit = PROC_F_ARGS;
        return &r->args;
    case SIA_WATCH_TARGET_EXE:
        *bit = PROC_F_EXE;
        return &r->exe;
    default:
        *bit = PROC_F_NAME;
        return &r->name;
    }
}

/* The cheap limits first: one that rules the process out settles it,
 * even when another field is unreadable. */
static enum verdict limits(const struct cfg_watch *d, const struct proc_row *r)
{
    int unknown = 0;

    if (d->has_user) {
        if (r->missing & PROC_F_IDS)
            unknown = 1;
        else if (r->euid != d->uid)
            return NO_MATCH;
    }
    if (d->has_parent) {
        if (r->missing & PROC_F_PPID)
            unknown = 1;
        else if (r->ppid != d->parent)
            return NO_MATCH;
    }
    if (d->cgroup != NULL) {
        if (r->missing & PROC_F_CGROUP)
            unknown = 1;
        else if (!in_cgroup(d->cgroup, &r->cgroup))
            return NO_MATCH;
    }
    return unknown ? UNCHECKED : MATCH;
}

static enum verdict judge(const struct compiled *c, const struct proc_row *r)
{
    uint64_t bit;
    const struct col_bytes *t = target_of(r, c->def.target, &bit);
    enum verdict v;

    if (!(r->missing & PROC_F_STATE) && r->state == PROC_STATE_ZOMBIE)
        return NO_MATCH;
    v = limits(&c->def, r);
    if (v == NO_MATCH)
        return NO_MATCH;
    if ((r->missing & bit) || t->ptr == NULL)
        return UNCHECKED;
    if (regexec(&c->re, t->ptr, 0, NULL, 0) != 0)
        return NO_MATCH;
    return v;
}

/* ---- sums ----------------------------------------------------------- */

static void add(struct watch_row *w, const struct proc_row *r)
{
    if (r->missing & PROC_F_START) {
        w->missing |= WATCH_F_START;
    } else {
        if (w->count == 1 || r->start_time_cs < w->oldest_start_cs)
            w->oldest_start_cs = r->start_time_cs;
        if (w->count == 1 || r->start_time_cs > w->newest_start_cs)
            w->newest_start_cs = r->start_time_cs;
    }
    if (r->missing & PROC_F_MEM)
        w->missing |= WATCH_F_RSS;
    else
        w->rss_bytes += r->rss_bytes;
    if (r->missing & PROC_F_CPU)
        w->missing |= WATCH_F_CPU;
    else
        w->cpu_cs += r->cpu_user_cs + r->cpu_system_cs;
    if (r->missing & PROC_F_THREADS)
        w->missing |= WATCH_F_THREADS;
    else
        w->threads += r->threads;
    if (r->missing & PROC_F_FDS)
        w->missing |= WATCH_F_FDS;
    else
        w->open_files += r->open_files;
}

/* ---- status and message --------------------------------------------- */

static int status_of(const struct cfg_watch *d, const struct watch_row *w)
{
    uint64_t upper = (uint64_t)w->count + w->unchecked;

    if (d->has_max && w->count > d->max)
        return SIA_WATCH_TOO_MANY;
    if (d->has_min && upper < d->min)
        return SIA_WATCH_TOO_FEW;
    if ((d->has_min && w->count < d->min) || (d->has_max && upper > d->max))
        return SIA_WATCH_UNKNOWN;
    return SIA_WATCH_OK;
}

static void append(char *buf, size_t len, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void append(char *buf, size_t len, const char *fmt, ...)
{
    size_t used = strlen(buf);
    va_list ap;

    if (used + 1 >= len)
        return;
    va_start(ap, fmt);
    vsnprintf(buf + used, len - used, fmt, ap);
    va_end(ap);
}

/* "at least 1", "at most 4", "2 to 8", "exactly 1"; "" without limits. */
static void expectation(const struct cfg_watch *d, char *buf, size_t len)
{
    buf[0] = '\0';
    if (d->has_min && d->has_max && d->min == d->max)
        snprintf(buf, len, "exactly %u", d->min);
    else if (d->has_min && d->has_max)
        snprintf(buf, len, "%u to %u", d->min, d->max);
    else if (d->has_min)
        snprintf(buf, len, "at least %u", d->min);
    else if (d->has_max)
        snprintf(buf, len, "at most %u", d->max);
}

static void message(const struct compiled *c, struct watch_row *w)
{
    char expect[48];
    char *m = w->message;

    m[0] = '\0';
    if (!c->ok) {
        append(m, WATCH_MESSAGE_MAX, "%s: invalid pattern: %s", c->def.name,
               c->error);
        return;
    }
    append(m, WATCH_MESSAGE_MAX, "%s: %u process%s", c->def.name, w->count,
           w->count == 1 ? "" : "es");
    if (w->unchecked > 0)
        append(m, WATCH_MESSAGE_MAX, ", %u could not be checked", w->unchecked);
    expectation(&c->def, expect, sizeof(expect));
    if (expect[0] == '\0')
        return;
    if (w->status == SIA_WATCH_OK)
        append(m, WATCH_MESSAGE_MAX, ", ok (expected %s)", expect);
    else
        append(m, WATCH_MESSAGE_MAX, ", expected %s", expect);
}

/* ---- the table ------------------------------------------------------ */

static void judge_all(const struct compiled *c, const struct proc_row *rows,
                      size_t n, struct watch_row *w)
{
    memset(w, 0, sizeof(*w));
    w->def = &c->def;
    if (!c->ok) {
        w->status = SIA_WATCH_INVALID_PATTERN;
        w->missing = WATCH_F_START;
        message(c, w);
        return;
    }
    for (size_t i = 0; i < n; i++) {
        enum verdict v = judge(c, &rows[i]);
        if (v == UNCHECKED) {
            w->unchecked++;
        } else if (v == MATCH) {
            w->count++;
            add(w, &rows[i]);
        }
    }
    if (w->count == 0)
        w->missing |= WATCH_F_START;
    w->status = status_of(&c->def, w);
    message(c, w);
}

static int by_name(const void *a, const void *b)
{
    const struct watch_row *x = a, *y = b;

    return strcmp(x->def->name, y->def->name);
}

int watch_evaluate(const struct watch_set *ws, const struct proc_row *rows,
                   size_t n, struct watch_table *out)
{
    size_t count = watch_set_count(ws);

    out->rows = NULL;
    out->count = 0;
    if (count == 0)
        return 0;
    out->rows = calloc(count, sizeof(*out->rows));
    if (out->rows == NULL)
        return -1;
    for (size_t i = 0; i < count; i++)
        judge_all(&ws->w[i], rows, n, &out->rows[i]);
    out->count = count;
    qsort(out->rows, count, sizeof(*out->rows), by_name);
    return 0;
}

void watch_table_free(struct watch_table *t)
{
    if (t == NULL)
        return;
    free(t->rows);
    t->rows = NULL;
    t->count = 0;
}

/* Bytewise order with a shorter prefix first: strcmp's order for names
 * without NUL bytes, and the OID order of an IMPLIED string index. */
static int cmp_key(const char *name, const char *key, size_t len)
{
    size_t n = strlen(name);
    int c = memcmp(name, key, n < len ? n : len);

    if (c != 0)
        return c;
    return n < len ? -1 : n > len;
}

size_t watch_table_find(const struct watch_table *t, const char *name,
                        size_t len)
{
    size_t lo = 0, hi = t->count;

    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = cmp_key(t->rows[mid].def->name, name, len);
        if (c == 0)
            return mid;
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return (size_t)-1;
}
