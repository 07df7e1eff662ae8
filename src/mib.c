/*
 * mib.c - the GET/GETNEXT resolver over groups of scalars and tables.
 */
#include "mib.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

int mib_int(struct mib_value *v, int64_t i)
{
    v->type = MIB_INTEGER;
    v->i = i;
    return 1;
}

int mib_gauge(struct mib_value *v, uint64_t u)
{
    v->type = MIB_GAUGE;
    v->u = u > UINT32_MAX ? UINT32_MAX : u;
    return 1;
}

int mib_counter64(struct mib_value *v, uint64_t u)
{
    v->type = MIB_COUNTER64;
    v->u = u;
    return 1;
}

int mib_octets(struct mib_value *v, const void *p, size_t len)
{
    v->type = MIB_OCTETS;
    v->bytes = len ? p : "";
    v->len = len;
    return 1;
}

int mib_date_and_time(struct mib_value *v, uint64_t epoch_cs)
{
    time_t secs = (time_t)(epoch_cs / 100);
    struct tm tm;
    uint8_t *b = v->buf;

    if (gmtime_r(&secs, &tm) == NULL)
        return 0;
    b[0] = (uint8_t)((tm.tm_year + 1900) >> 8);
    b[1] = (uint8_t)((tm.tm_year + 1900) & 0xff);
    b[2] = (uint8_t)(tm.tm_mon + 1);
    b[3] = (uint8_t)tm.tm_mday;
    b[4] = (uint8_t)tm.tm_hour;
    b[5] = (uint8_t)tm.tm_min;
    b[6] = (uint8_t)(tm.tm_sec > 59 ? 59 : tm.tm_sec); /* no leap 60 */
    b[7] = (uint8_t)((epoch_cs % 100) / 10);           /* deci-seconds */
    b[8] = '+';
    b[9] = 0;
    b[10] = 0;
    v->type = MIB_OCTETS;
    v->bytes = v->buf;
    v->len = 11;
    return 1;
}

/* --------------------------------------------------------------- tables */

/* First row whose index is >= lb (lb may be 2^32: past every row). */
static size_t lower_bound(const struct mib_table *t, const void *ctx,
                          uint64_t lb)
{
    size_t lo = 0, hi = t->rows(ctx);

    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;

        if (t->index(ctx, mid) < lb)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

size_t mib_table_find(const struct mib_table *t, const void *ctx,
                      uint32_t index)
{
    size_t pos = lower_bound(t, ctx, index);

    if (pos < t->rows(ctx) && t->index(ctx, pos) == index)
        return pos;
    return (size_t)-1;
}

/* First row >= pos where column col has a cell; n when none. */
static size_t next_present(const struct mib_table *t, const void *ctx,
                           uint32_t col, size_t pos, struct mib_value *v)
{
    const struct mib_sparse *sp = t->sparse ? t->sparse(ctx) : NULL;
    size_t n = t->rows(ctx);

    if (sp != NULL && sp->rows == n && col >= sp->first_col &&
        col <= sp->last_col && pos < n) {
        const uint32_t *next = sp->next[col - sp->first_col];

        if (next != NULL)
            pos = next[pos];
        if (pos < n && t->cell(ctx, pos, col, v))
            return pos;
        if (next != NULL || pos >= n)
            return n;
    }
    /* No skip array (or it disagrees): scan. */
    for (; pos < n; pos++)
        if (t->cell(ctx, pos, col, v))
            return pos;
    return n;
}

static enum mib_result table_get(const struct mib_table *t, const void *ctx,
                                 const uint32_t *sub, size_t len,
                                 struct mib_value *v)
{
    size_t pos;

    /* sub: entry(1), column, index */
    if (len < 2 || sub[0] != 1 || sub[1] < t->first_col || sub[1] > t->last_col)
        return MIB_NO_OBJECT;
    if (len != 3)
        return MIB_NO_INSTANCE;
    pos = mib_table_find(t, ctx, sub[2]);
    if (pos == (size_t)-1 || !t->cell(ctx, pos, sub[1], v))
        return MIB_NO_INSTANCE;
    return MIB_FOUND;
}

static enum mib_result table_next(const struct mib_table *t, const void *ctx,
                                  const uint32_t *sub, size_t len,
                                  uint32_t *out, struct mib_value *v)
{
    uint32_t col = t->first_col;
    uint64_t lb = 0; /* first index wanted in the starting column */
    size_t n = t->rows(ctx);

    if (len >= 1 && sub[0] > 1)
        return MIB_END;
    if (len >= 2 && sub[0] == 1 && sub[1] >= t->first_col) {
        if (sub[1] > t->last_col)
            return MIB_END;
        col = sub[1];
        if (len >= 3) /* col.idx and col.idx.x: the next is > idx */
            lb = (uint64_t)sub[2] + 1;
    }
    for (; col <= t->last_col; col++, lb = 0) {
        size_t pos = next_present(t, ctx, col, lower_bound(t, ctx, lb), v);

        if (pos < n) {
            out[0] = 1;
            out[1] = col;
            out[2] = t->index(ctx, pos);
            return MIB_FOUND;
        }
    }
    return MIB_END;
}

/* --------------------------------------------------------------- groups */

static const struct mib_child *find_child(const struct mib_group *g,
                                          uint32_t id)
{
    for (size_t i = 0; i < g->count; i++)
        if (g->children[i].id == id)
            return &g->children[i];
    return NULL;
}

enum mib_result mib_get(const struct mib_group *g, const void *ctx,
                        const uint32_t *sub, size_t len, struct mib_value *v)
{
    const struct mib_child *ch = len ? find_child(g, sub[0]) : NULL;

    if (ch == NULL)
        return MIB_NO_OBJECT;
    if (ch->table != NULL)
        return table_get(ch->table, ctx, sub + 1, len - 1, v);
    if (len != 2 || sub[1] != 0)
        return MIB_NO_INSTANCE;
    return g->scalar(ctx, ch->id, v) ? MIB_FOUND : MIB_NO_INSTANCE;
}

/* GETNEXT inside one child; `rest` is the OID below the child's id, or
 * NULL when the walk starts before the child. */
static enum mib_result child_next(const struct mib_group *g, const void *ctx,
                                  const struct mib_child *ch,
                                  const uint32_t *rest, size_t rlen,
                                  uint32_t *out, size_t *outlen,
                                  struct mib_value *v)
{
    out[0] = ch->id;
    if (ch->table != NULL) {
        if (table_next(ch->table, ctx, rest, rest ? rlen : 0, out + 1, v) !=
            MIB_FOUND)
            return MIB_END;
        *outlen = 4;
        return MIB_FOUND;
    }
    if (rest != NULL && rlen >= 1) /* at or past .0 already */
        return MIB_END;
    if (!g->scalar(ctx, ch->id, v))
        return MIB_END;
    out[1] = 0;
    *outlen = 2;
    return MIB_FOUND;
}

enum mib_result mib_next(const struct mib_group *g, const void *ctx,
                         const uint32_t *sub, size_t len, uint32_t *out,
                         size_t *outlen, struct mib_value *v)
{
    for (size_t i = 0; i < g->count; i++) {
        const struct mib_child *ch = &g->children[i];
        const uint32_t *rest = NULL;

        if (len > 0 && ch->id < sub[0])
            continue;
        if (len > 0 && ch->id == sub[0])
            rest = sub + 1;
        if (child_next(g, ctx, ch, rest, len ? len - 1 : 0, out, outlen, v) ==
            MIB_FOUND)
            return MIB_FOUND;
    }
    return MIB_END;
}

/* ---------------------------------------------------------- skip arrays */

static uint32_t *build_column(const struct mib_table *t, const void *ctx,
                              uint32_t col, size_t n)
{
    struct mib_value v;
    uint32_t *next;
    size_t missing = 0;

    for (size_t r = 0; r < n; r++)
        if (!t->cell(ctx, r, col, &v))
            missing++;
    if (missing == 0)
        return NULL;
    next = malloc((n + 1) * sizeof(*next));
    if (next == NULL)
        return NULL;
    next[n] = (uint32_t)n;
    for (size_t r = n; r-- > 0;)
        next[r] = t->cell(ctx, r, col, &v) ? (uint32_t)r : next[r + 1];
    return next;
}

struct mib_sparse *mib_sparse_build(const struct mib_table *t, const void *ctx)
{
    size_t ncols = t->last_col - t->first_col + 1;
    size_t n = t->rows(ctx);
    struct mib_sparse *s = calloc(1, sizeof(*s));

    if (s == NULL || n >= UINT32_MAX)
        goto fail;
    s->next = calloc(ncols, sizeof(*s->next));
    if (s->next == NULL)
        goto fail;
    s->first_col = t->first_col;
    s->last_col = t->last_col;
    s->rows = n;
    for (uint32_t c = t->first_col; c <= t->last_col; c++) {
        s->next[c - t->first_col] = build_column(t, ctx, c, n);
        /* A column with gaps whose array could not be allocated makes the
         * resolver scan; correctness first, so only note it. */
    }
    return s;
fail:
    free(s);
    return NULL;
}

void mib_sparse_free(struct mib_sparse *s)
{
    if (s == NULL)
        return;
    for (uint32_t c = s->first_col; c <= s->last_col; c++)
        free(s->next[c - s->first_col]);
    free(s->next);
    free(s);
}
