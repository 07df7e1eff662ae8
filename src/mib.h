/*
 * mib.h - GET and GETNEXT over a registered subtree, without net-snmp.
 *
 * A registered subtree is a "group": numbered children, each a scalar
 * (instance .0) or a table indexed by one unsigned integer.  The resolver
 * works on sub-identifiers relative to the group's OID and answers with a
 * plain value; agent.c is the only place that turns it into net-snmp
 * varbinds, and tests check the resolver against expected OID -> value
 * tables.
 *
 * Tables are sparse: a cell the collector could not read has no instance.
 * Each lookup is O(log n): rows are sorted by index (binary search) and a
 * per-column "next present row" array, built once per snapshot off the
 * main thread, skips absent cells in O(1).
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

/* Value helpers for the cell functions; each returns 1 (present). */
int mib_int(struct mib_value *v, int64_t i);
int mib_gauge(struct mib_value *v, uint64_t u);
int mib_counter64(struct mib_value *v, uint64_t u);
int mib_octets(struct mib_value *v, const void *p, size_t len);
/* DateAndTime (11 bytes, UTC) from hundredths of a second since epoch. */
int mib_date_and_time(struct mib_value *v, uint64_t epoch_cs);

/* A table: rows 0..n-1 sorted by strictly increasing index. */
struct mib_table {
    uint32_t first_col, last_col;
    size_t (*rows)(const void *ctx);
    uint32_t (*index)(const void *ctx, size_t row);
    /* Fills v and returns 1 if the cell exists, 0 if it has no instance.
     * Must be cheap and pure: called per request. */
    int (*cell)(const void *ctx, size_t row, uint32_t col, struct mib_value *v);
    /* Optional: the per-column skip arrays (see mib_sparse_*). */
    const struct mib_sparse *(*sparse)(const void *ctx);
};

struct mib_child {
    uint32_t id;
    const struct mib_table *table; /* NULL: a scalar, instance .0 */
};

struct mib_group {
    const struct mib_child *children; /* sorted by id */
    size_t count;
    /* Scalars: fills v, returns 1, or 0 when the value is unknown. */
    int (*scalar)(const void *ctx, uint32_t id, struct mib_value *v);
};

enum mib_result {
    MIB_FOUND = 0,
    MIB_NO_OBJECT = 1,   /* GET: no such object */
    MIB_NO_INSTANCE = 2, /* GET: no such instance */
    MIB_END = 3,         /* GETNEXT: nothing after this in the group */
};

/* Longest relative OID the resolver returns: child, entry, col, index. */
#define MIB_MAX_SUB 4

enum mib_result mib_get(const struct mib_group *g, const void *ctx,
                        const uint32_t *sub, size_t len, struct mib_value *v);
/* out receives the relative OID of the next instance (outlen <= 4). */
enum mib_result mib_next(const struct mib_group *g, const void *ctx,
                         const uint32_t *sub, size_t len, uint32_t *out,
                         size_t *outlen, struct mib_value *v);

/* Row position of `index` in a table, or (size_t)-1. O(log n). */
size_t mib_table_find(const struct mib_table *t, const void *ctx,
                      uint32_t index);

/* Skip arrays: next[col][row] = first row >= row where the cell exists
 * (n when none).  Columns where every row has the cell need no array. */
struct mib_sparse {
    uint32_t first_col, last_col;
    uint32_t **next; /* [col - first_col], NULL: dense column */
    size_t rows;
};

/* Builds the skip arrays by asking t->cell for every cell.  Returns NULL
 * on out of memory (the resolver then falls back to a scan). */
struct mib_sparse *mib_sparse_build(const struct mib_table *t, const void *ctx);
void mib_sparse_free(struct mib_sparse *s);

#endif
