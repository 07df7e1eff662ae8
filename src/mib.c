/*
 * mib.c - the GET/GETNEXT resolver over groups of scalars and tables.
 */
#include "mib.h"

#include "util.h"

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

int mib_octets_opt(struct mib_value *v, const void *p, size_t len)
{
    return p != NULL ? mib_octets(v, p, len) : 0;
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

int mib_truth(struct mib_value *v, int b)
{
    return mib_int(v, b ? 1 : 2);
}

/* ---------------------------------------------------------------- index */

size_t mib_index_u32(uint32_t *out, uint32_t i)
{
    out[0] = i;
    return 1;
}

size_t mib_index_implied(uint32_t *out, const void *bytes, size_t len)
{
    const uint8_t *b = bytes;

    if (len == 0 || len > MIB_INDEX_MAX)
        return 0;
    for (size_t i = 0; i < len; i++)
        out[i] = b[i];
    return len;
}

size_t mib_index_string(uint32_t *out, const void *bytes, size_t len)
{
    if (len + 1 > MIB_INDEX_MAX)
        return 0;
    out[0] = (uint32_t)len;
    return len == 0 ? 1 : 1 + mib_index_implied(out + 1, bytes, len);
}

/* OID order of two sub-id sequences: a prefix comes first. */
static int index_cmp(const uint32_t *a, size_t alen, const uint32_t *b,
                     size_t blen)
{
    size_t n = alen < blen ? alen : blen;

    for (size_t i = 0; i < n; i++)
        if (a[i] != b[i])
            return a[i] < b[i] ? -1 : 1;
    return alen < blen ? -1 : alen > blen;
}

static int row_cmp(const struct mib_table *t, const void *ctx, size_t row,
                   const uint32_t *key, size_t klen)
{
    uint32_t idx[MIB_INDEX_MAX];
    size_t n = t->index(ctx, row, idx);

    return index_cmp(idx, n, key, klen);
}

struct bound_key {
    const struct mib_table *t;
    const void *ctx;
    const uint32_t *key;
    size_t klen;
    int after;
};

static int row_below(const void *bk, size_t row)
{
    const struct bound_key *k = bk;
    int c = row_cmp(k->t, k->ctx, row, k->key, k->klen);

    return c < 0 || (k->after && c == 0);
}

/* First row whose index is > key (after = 1) or >= key (after = 0). */
static size_t bound(const struct mib_table *t, const void *ctx,
                    const uint32_t *key, size_t klen, int after)
{
    struct bound_key k = {t, ctx, key, klen, after};

    return sia_partition(t->rows(ctx), &k, row_below);
}

size_t mib_table_find(const struct mib_table *t, const void *ctx,
                      const uint32_t *idx, size_t len)
{
    size_t pos;

    if (len == 0 || len > MIB_INDEX_MAX)
        return (size_t)-1;
    pos = bound(t, ctx, idx, len, 0);
    if (pos < t->rows(ctx) && row_cmp(t, ctx, pos, idx, len) == 0)
        return pos;
    return (size_t)-1;
}

/* --------------------------------------------------------------- tables */

int mib_cell(const struct mib_table *t, const void *ctx, size_t row,
             uint32_t col, struct mib_value *v)
{
    const struct mib_column *c;

    if (col < 1 || col > t->last_col)
        return 0;
    c = &t->columns[col - 1];
    if (c->unknown != 0 && t->missing != NULL &&
        (t->missing(ctx, row) & c->unknown) != 0)
        return 0;
    return c->get(ctx, row, v);
}

int mib_unknown_bits(const struct mib_table *t, const void *ctx, size_t row,
                     struct mib_value *v)
{
    size_t nbytes = t->last_col / 8 + 1;
    uint64_t missing = t->missing ? t->missing(ctx, row) : 0;

    if (nbytes > sizeof(v->buf))
        return 0;
    memset(v->buf, 0, nbytes);
    for (uint32_t col = 1; col <= t->last_col; col++)
        if (missing & t->columns[col - 1].unknown)
            v->buf[col / 8] |= (uint8_t)(0x80u >> (col % 8));
    return mib_octets(v, v->buf, nbytes);
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
        if (pos < n && mib_cell(t, ctx, pos, col, v))
            return pos;
        if (next != NULL || pos >= n)
            return n;
    }
    /* No skip array (or it disagrees): scan. */
    for (; pos < n; pos++)
        if (mib_cell(t, ctx, pos, col, v))
            return pos;
    return n;
}

static enum mib_result table_get(const struct mib_table *t, const void *ctx,
                                 const uint32_t *sub, size_t len,
                                 struct mib_value *v)
{
    size_t pos;

    /* sub: entry(1), column, index... */
    if (len < 2 || sub[0] != 1 || sub[1] < t->first_col || sub[1] > t->last_col)
        return MIB_NO_OBJECT;
    pos = mib_table_find(t, ctx, sub + 2, len - 2);
    if (pos == (size_t)-1 || !mib_cell(t, ctx, pos, sub[1], v))
        return MIB_NO_INSTANCE;
    return MIB_FOUND;
}

/* The next instance after `sub` (entry, col, index...), into out
 * (entry, col, index...); returns the length written, 0 at the end. */
static size_t table_next(const struct mib_table *t, const void *ctx,
                         const uint32_t *sub, size_t len, uint32_t *out,
                         struct mib_value *v)
{
    uint32_t col = t->first_col;
    const uint32_t *key = NULL; /* rows after this in the first column */
    size_t klen = 0, n = t->rows(ctx);

    if (len >= 1 && sub[0] > 1)
        return 0;
    if (len >= 2 && sub[0] == 1 && sub[1] >= t->first_col) {
        if (sub[1] > t->last_col)
            return 0;
        col = sub[1];
        key = sub + 2;
        klen = len - 2; /* empty: every row is after it */
    }
    for (; col <= t->last_col; col++, key = NULL, klen = 0) {
        size_t start = key ? bound(t, ctx, key, klen, 1) : 0;
        size_t pos = next_present(t, ctx, col, start, v);

        if (pos < n) {
            out[0] = 1;
            out[1] = col;
            return 2 + t->index(ctx, pos, out + 2);
        }
    }
    return 0;
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
    return ch->get(ctx, v) ? MIB_FOUND : MIB_NO_INSTANCE;
}

/* GETNEXT inside one child; `rest` is the OID below the child's id, or
 * NULL when the walk starts before the child. */
static enum mib_result child_next(const void *ctx, const struct mib_child *ch,
                                  const uint32_t *rest, size_t rlen,
                                  uint32_t *out, size_t *outlen,
                                  struct mib_value *v)
{
    out[0] = ch->id;
    if (ch->table != NULL) {
        size_t n =
            table_next(ch->table, ctx, rest, rest ? rlen : 0, out + 1, v);

        if (n == 0)
            return MIB_END;
        *outlen = 1 + n;
        return MIB_FOUND;
    }
    if (rest != NULL && rlen >= 1) /* at or past .0 already */
        return MIB_END;
    if (!ch->get(ctx, v))
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
        if (child_next(ctx, ch, rest, len ? len - 1 : 0, out, outlen, v) ==
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
        if (!mib_cell(t, ctx, r, col, &v))
            missing++;
    if (missing == 0)
        return NULL;
    next = malloc((n + 1) * sizeof(*next));
    if (next == NULL)
        return NULL;
    next[n] = (uint32_t)n;
    for (size_t r = n; r-- > 0;)
        next[r] = mib_cell(t, ctx, r, col, &v) ? (uint32_t)r : next[r + 1];
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
        /* NULL for a dense column, and for a column with gaps whose
         * array could not be allocated: the resolver then scans it. */
        s->next[c - t->first_col] = build_column(t, ctx, c, n);
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
