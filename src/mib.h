/*
 * mib.h - GET and GETNEXT over a registered subtree, without net-snmp.
 *
 * A registered subtree is a "group": numbered children, each a scalar
 * (instance .0) or a table.  The resolver works on sub-identifiers
 * relative to the group's OID and answers with a plain value;
 * agent_request.c is the only place that turns it into net-snmp varbinds,
 * and tests check the resolver against expected OID -> value tables.
 *
 * A table is described by data, not code paths:
 *   - a column table: one struct mib_column per column, {number, type,
 *     unknown bits, getter}; it drives the cells, the Unknown BITS column
 *     and --dump's headers;
 *   - an index function giving each row's INDEX as a sequence of
 *     sub-identifiers (an integer index is one sub-id; an IMPLIED OCTET
 *     STRING is its bytes; a plain OCTET STRING is its length, then its
 *     bytes: see mib_index_*).  Rows are sorted by that sequence in OID
 *     order (shorter prefix first).
 *
 * Tables are sparse: a cell the collector could not read has no instance.
 * Each lookup is O(log n) index comparisons: binary search over the
 * sorted rows, and a per-column "next present row" array, built once per
 * snapshot off the main thread, skips absent cells in O(1).
 */
#ifndef SIA_MIB_H
#define SIA_MIB_H

#include <stddef.h>
#include <stdint.h>

enum mib_type {
    MIB_INTEGER,   /* Integer32, TruthValue, enums, TimeInterval */
    MIB_GAUGE,     /* Unsigned32, Gauge32 */
    MIB_COUNTER64, /* Counter64 and SysinfoGauge64 */
    MIB_OCTETS,    /* OCTET STRING, DateAndTime, BITS */
};

#define MIB_INLINE_MAX 16

struct mib_value {
    enum mib_type type;
    int64_t i;         /* MIB_INTEGER */
    uint64_t u;        /* MIB_GAUGE, MIB_COUNTER64 */
    const void *bytes; /* MIB_OCTETS: points into the snapshot or at buf */
    size_t len;
    uint8_t buf[MIB_INLINE_MAX]; /* DateAndTime, BITS */
};

/* Value helpers for the getters; each returns 1 (present). */
int mib_int(struct mib_value *v, int64_t i);
int mib_gauge(struct mib_value *v, uint64_t u);
int mib_counter64(struct mib_value *v, uint64_t u);
int mib_octets(struct mib_value *v, const void *p, size_t len);
/* The same, but 0 (no instance) when p is NULL: a collector's col_bytes
 * that holds no value. */
int mib_octets_opt(struct mib_value *v, const void *p, size_t len);
int mib_truth(struct mib_value *v, int b); /* TruthValue: 1 true, 2 false */
/* DateAndTime (11 bytes, UTC) from hundredths of a second since epoch. */
int mib_date_and_time(struct mib_value *v, uint64_t epoch_cs);

/* Longest row index, in sub-identifiers (SNMP allows 128 in a whole OID;
 * the group root takes about 12, child, entry and column 3). */
#define MIB_INDEX_MAX 100

/* Index helpers: write the sub-ids to out (MIB_INDEX_MAX of room) and
 * return how many, or 0 when the value does not fit. */
size_t mib_index_u32(uint32_t *out, uint32_t i);
size_t mib_index_implied(uint32_t *out, const void *bytes, size_t len);
size_t mib_index_string(uint32_t *out, const void *bytes, size_t len);

/* One column of a table.  The getter fills v and returns 1 when the cell
 * exists, 0 when it has no instance; it must be cheap and pure (called
 * per request).  `unknown`: the bits of the table's row mask (see
 * mib_table.missing) that make this column unknown; a set bit means no
 * instance whatever the getter would say.  0: never unknown. */
struct mib_column {
    uint32_t col;
    const char *name; /* MIB descriptor, e.g. "sysinfoProcessName" */
    enum mib_type type;
    uint64_t unknown;
    int (*get)(const void *ctx, size_t row, struct mib_value *v);
    const char *title; /* --dump header; NULL: not shown by --dump */
};

/* A table: rows 0..n-1 sorted by strictly increasing index (OID order).
 * columns[i] describes column i + 1, for 1..last_col; columns below
 * first_col are the not-accessible index columns (their getters feed
 * --dump only). */
struct mib_table {
    uint32_t first_col, last_col;
    const struct mib_column *columns;
    size_t (*rows)(const void *ctx);
    /* The row's index as sub-ids in out (MIB_INDEX_MAX of room); returns
     * their count (>= 1). */
    size_t (*index)(const void *ctx, size_t row, uint32_t *out);
    /* The row's "unknown" mask, tested against mib_column.unknown. */
    uint64_t (*missing)(const void *ctx, size_t row);
    /* Optional: the per-column skip arrays (see mib_sparse_*). */
    const struct mib_sparse *(*sparse)(const void *ctx);
};

/* The cell (col, row): 1 and v filled, or 0 (no instance). */
int mib_cell(const struct mib_table *t, const void *ctx, size_t row,
             uint32_t col, struct mib_value *v);

/* A BITS value with bit c set for every column c (1..last_col) that the
 * row's mask makes unknown (bit 0 first, in the first octet's MSB). */
int mib_unknown_bits(const struct mib_table *t, const void *ctx, size_t row,
                     struct mib_value *v);

/* A child of a group: a table, or a scalar (instance .0) read by get. */
struct mib_child {
    uint32_t id;
    const struct mib_table *table; /* NULL: a scalar */
    const char *name;              /* MIB descriptor */
    enum mib_type type;            /* scalars */
    /* Scalars: fills v, returns 1, or 0 when the value is unknown. */
    int (*get)(const void *ctx, struct mib_value *v);
};

struct mib_group {
    const struct mib_child *children; /* sorted by id */
    size_t count;
};

enum mib_result {
    MIB_FOUND = 0,
    MIB_NO_OBJECT = 1,   /* GET: no such object */
    MIB_NO_INSTANCE = 2, /* GET: no such instance */
    MIB_END = 3,         /* GETNEXT: nothing after this in the group */
};

/* Longest relative OID the resolver returns: child, entry, col, index. */
#define MIB_MAX_SUB (3 + MIB_INDEX_MAX)

enum mib_result mib_get(const struct mib_group *g, const void *ctx,
                        const uint32_t *sub, size_t len, struct mib_value *v);
/* out (MIB_MAX_SUB of room) receives the relative OID of the next
 * instance.  A request OID longer than MIB_MAX_SUB + 1 may be cut to that
 * length: the answer is the same. */
enum mib_result mib_next(const struct mib_group *g, const void *ctx,
                         const uint32_t *sub, size_t len, uint32_t *out,
                         size_t *outlen, struct mib_value *v);

/* Row position of the row whose index is idx[0..len), or (size_t)-1.
 * O(log n). */
size_t mib_table_find(const struct mib_table *t, const void *ctx,
                      const uint32_t *idx, size_t len);

/* Skip arrays: next[col][row] = first row >= row where the cell exists
 * (n when none).  Columns where every row has the cell need no array. */
struct mib_sparse {
    uint32_t first_col, last_col;
    uint32_t **next; /* [col - first_col], NULL: dense column */
    size_t rows;
};

/* Builds the skip arrays by asking for every cell.  Returns NULL on out
 * of memory (the resolver then falls back to a scan). */
struct mib_sparse *mib_sparse_build(const struct mib_table *t, const void *ctx);
void mib_sparse_free(struct mib_sparse *s);

#endif
