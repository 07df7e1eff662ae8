/*
 * mount_snapshot.c - the mount table snapshot: filter, index, duplicate
 * detection and deadline-bounded usage (see mount_snapshot.h).
 */
#include "mount_snapshot.h"

#include "mount_filter.h"

#include "sysinfo_oids.h"
#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>

static int bytes_cmp(const char *a, size_t alen, const char *b, size_t blen)
{
    size_t n = alen < blen ? alen : blen;
    int c = n > 0 ? memcmp(a, b, n) : 0;

    if (c != 0)
        return c;
    return alen < blen ? -1 : alen > blen;
}

/* --------------------------------------------------------- index scheme */

uint32_t mount_index_hash(const void *key, size_t len)
{
    const unsigned char *p = key;
    uint32_t h = 2166136261u; /* FNV-1a 32 offset basis */

    for (size_t i = 0; i < len; i++) {
        h ^= p[i];
        h *= 16777619u; /* FNV 32 prime */
    }
    h &= MOUNT_INDEX_MAX;
    return h != 0 ? h : 1;
}

static uint32_t clamp_index(uint32_t h)
{
    h &= MOUNT_INDEX_MAX;
    return h != 0 ? h : 1;
}

/* Key order; equal keys (which a snapshot never has) fall back to their
 * position in the array so that the result is still deterministic. */
static int key_cmp_bytes(const void *a, const void *b)
{
    const struct mount_index_key *x = *(const struct mount_index_key *const *)a;
    const struct mount_index_key *y = *(const struct mount_index_key *const *)b;
    int c = bytes_cmp(x->bytes, x->len, y->bytes, y->len);

    if (c != 0)
        return c;
    return x < y ? -1 : x > y;
}

static int key_cmp_hash(const void *a, const void *b)
{
    const struct mount_index_key *x = *(const struct mount_index_key *const *)a;
    const struct mount_index_key *y = *(const struct mount_index_key *const *)b;
    uint32_t hx = clamp_index(x->hash), hy = clamp_index(y->hash);

    if (hx != hy)
        return hx < hy ? -1 : 1;
    return key_cmp_bytes(a, b);
}

/* Open-addressing set of taken indexes (0 marks an empty slot). */
struct index_set {
    uint32_t *slots;
    size_t mask;
};

static int set_init(struct index_set *s, size_t n)
{
    size_t cap = 16;

    while (cap < 2 * n)
        cap *= 2;
    s->slots = calloc(cap, sizeof(*s->slots));
    s->mask = cap - 1;
    return s->slots != NULL ? 0 : -1;
}

static uint32_t *set_slot(const struct index_set *s, uint32_t v)
{
    size_t i = (size_t)(v * 2654435761u) & s->mask;

    while (s->slots[i] != 0 && s->slots[i] != v)
        i = (i + 1) & s->mask;
    return &s->slots[i];
}

/* Pass 1 gives each hash to its bytewise-smallest key, so that a key
 * without a collision always keeps its hash, even when a colliding
 * pair probes into the slot right after it.  Pass 2 probes for the
 * others in bytewise order of their keys. */
int mount_index_assign(struct mount_index_key *keys, size_t n)
{
    struct mount_index_key **order;
    struct index_set set;
    size_t losers = 0;

    if (n == 0)
        return 0;
    order = malloc(n * sizeof(*order));
    if (order == NULL || set_init(&set, n) < 0) {
        free(order);
        return -1;
    }
    for (size_t i = 0; i < n; i++)
        order[i] = &keys[i];
    qsort(order, n, sizeof(*order), key_cmp_hash);
    for (size_t i = 0; i < n; i++) {
        uint32_t h = clamp_index(order[i]->hash);
        uint32_t *slot = set_slot(&set, h);

        if (*slot == h) {
            order[losers++] = order[i]; /* losers <= i: already read */
            continue;
        }
        *slot = h;
        order[i]->index = h;
    }
    qsort(order, losers, sizeof(*order), key_cmp_bytes);
    for (size_t i = 0; i < losers; i++) {
        uint32_t v = clamp_index(order[i]->hash);

        while (*set_slot(&set, v) == v)
            v = v == MOUNT_INDEX_MAX ? 1 : v + 1;
        *set_slot(&set, v) = v;
        order[i]->index = v;
    }
    free(set.slots);
    free(order);
    return 0;
}

/* ------------------------------------------------------------ the build */

/* Per shown row, while the snapshot is built (same order as rows). */
struct aux {
    size_t pos;     /* position in mountinfo order */
    uint32_t depth; /* 1-based place in its mount point's stack */
    uint8_t top;    /* last of its stack: the one the path reaches */
    char *key;
    size_t key_len;
};

struct stack_item {
    const struct col_bytes *mp;
    size_t pos;
};

static int stack_cmp(const void *a, const void *b)
{
    const struct stack_item *x = a, *y = b;
    int c = bytes_cmp(x->mp->ptr, x->mp->len, y->mp->ptr, y->mp->len);

    if (c != 0)
        return c;
    return x->pos < y->pos ? -1 : x->pos > y->pos;
}

static int same_mp(const struct stack_item *x, const struct stack_item *y)
{
    return bytes_cmp(x->mp->ptr, x->mp->len, y->mp->ptr, y->mp->len) == 0;
}

/* Stack depth and top flag of every row of l, shown or not. */
static int find_stacks(const struct mount_list *l, uint32_t *depth,
                       uint8_t *top)
{
    struct stack_item *it = malloc((l->count ? l->count : 1) * sizeof(*it));

    if (it == NULL)
        return -1;
    for (size_t i = 0; i < l->count; i++) {
        it[i].mp = &l->rows[i].mount_point;
        it[i].pos = i;
    }
    qsort(it, l->count, sizeof(*it), stack_cmp);
    for (size_t i = 0; i < l->count; i++) {
        int after = i > 0 && same_mp(&it[i - 1], &it[i]);

        depth[it[i].pos] = after ? depth[it[i - 1].pos] + 1 : 1;
        top[it[i].pos] = !(i + 1 < l->count && same_mp(&it[i + 1], &it[i]));
    }
    free(it);
    return 0;
}

static const char *str_or_empty(const struct col_bytes *b)
{
    return b->ptr != NULL ? b->ptr : "";
}

static int row_shown(const struct config *cfg, const struct mount_row *r)
{
    if (cfg == NULL)
        return !r->pseudo;
    return mount_filter_shown(cfg, str_or_empty(&r->fstype),
                              str_or_empty(&r->mount_point), r->pseudo);
}

static int row_statfs_allowed(const struct config *cfg,
                              const struct mount_row *r)
{
    if (r->no_statfs)
        return 0;
    return cfg == NULL ||
           mount_filter_statfs_allowed(cfg, str_or_empty(&r->fstype));
}

/* Moves the shown rows of l into s->rows (mountinfo order) and records
 * their stack place in aux. */
static int take_shown(struct mount_snapshot *s, struct aux *aux,
                      const struct config *cfg, struct mount_list *l)
{
    size_t n = l->count ? l->count : 1;
    uint32_t *depth = malloc(n * sizeof(*depth));
    uint8_t *top = malloc(n);
    int rc = -1;

    if (depth != NULL && top != NULL && find_stacks(l, depth, top) == 0) {
        for (size_t i = 0; i < l->count; i++) {
            if (!row_shown(cfg, &l->rows[i]))
                continue;
            aux[s->count] = (struct aux){i, depth[i], top[i], NULL, 0};
            s->rows[s->count++].row = l->rows[i];
            memset(&l->rows[i], 0, sizeof(l->rows[i])); /* moved */
        }
        rc = 0;
    }
    free(depth);
    free(top);
    return rc;
}

/* key = mount point, + "\0" + depth for the second and later of a stack */
static int make_keys(struct mount_snapshot *s, struct aux *aux)
{
    for (size_t i = 0; i < s->count; i++) {
        const struct col_bytes *mp = &s->rows[i].row.mount_point;
        char *k = malloc(mp->len + 16);

        if (k == NULL)
            return -1;
        if (mp->len > 0)
            memcpy(k, mp->ptr, mp->len);
        aux[i].key = k;
        aux[i].key_len = mp->len;
        if (aux[i].depth >= 2) {
            k[mp->len] = '\0';
            aux[i].key_len +=
                1 + (size_t)snprintf(k + mp->len + 1, 15, "%u", aux[i].depth);
        }
    }
    return 0;
}

static int assign_indexes(struct mount_snapshot *s, struct aux *aux)
{
    struct mount_index_key *keys;
    int rc;

    if (s->count == 0)
        return 0;
    if (make_keys(s, aux) < 0)
        return -1;
    keys = malloc(s->count * sizeof(*keys));
    if (keys == NULL)
        return -1;
    for (size_t i = 0; i < s->count; i++) {
        keys[i].bytes = aux[i].key;
        keys[i].len = aux[i].key_len;
        keys[i].hash = mount_index_hash(aux[i].key, aux[i].key_len);
    }
    rc = mount_index_assign(keys, s->count);
    for (size_t i = 0; rc == 0 && i < s->count; i++)
        s->rows[i].index = keys[i].index;
    free(keys);
    return rc;
}

struct dev_item {
    uint32_t major, minor;
    size_t pos;
};

static int dev_cmp(const void *a, const void *b)
{
    const struct dev_item *x = a, *y = b;

    if (x->major != y->major)
        return x->major < y->major ? -1 : 1;
    if (x->minor != y->minor)
        return x->minor < y->minor ? -1 : 1;
    return x->pos < y->pos ? -1 : x->pos > y->pos;
}

/* s->rows still in mountinfo order here. */
static int mark_duplicates(struct mount_snapshot *s)
{
    struct dev_item *d = malloc((s->count ? s->count : 1) * sizeof(*d));
    size_t n = 0;

    if (d == NULL)
        return -1;
    for (size_t i = 0; i < s->count; i++) {
        const struct mount_row *r = &s->rows[i].row;

        if (!(r->missing & MOUNT_F_DEVNO))
            d[n++] = (struct dev_item){r->dev_major, r->dev_minor, i};
    }
    qsort(d, n, sizeof(*d), dev_cmp);
    for (size_t i = 1, first = 0; i < n; i++) {
        if (d[i].major != d[first].major || d[i].minor != d[first].minor)
            first = i;
        else
            s->rows[d[i].pos].duplicate_of = s->rows[d[first].pos].index;
    }
    free(d);
    return 0;
}

/* Bytes of a path for a log line: control bytes and '\' as \ooo, cut at
 * the buffer's size. */
static const char *printable(const struct col_bytes *b, char *buf, size_t size)
{
    size_t o = 0;

    for (size_t i = 0; i < b->len && o + 5 < size; i++)
        o +=
            sia_escape_byte(buf + o, (unsigned char)b->ptr[i], SIA_ESC_CONTROL);
    buf[o] = '\0';
    return buf;
}

static void apply_result(struct mount_snapshot *s, struct mount_entry *e,
                         const struct mount_probe_result *r)
{
    char path[256];

    e->status = r->status;
    e->usage = r->status == SIA_MOUNT_OK ? r->usage : (struct fs_usage){0};
    e->err_no = r->err_no;
    e->status_mono_ms = r->mono_ms;
    /* Once per hang, not once per refresh while it lasts. */
    if (r->status == SIA_MOUNT_TIMEOUT && !r->still_stuck)
        msglist_add(&s->msgs, LOG_WARNING,
                    "mount %s: statfs did not answer before the deadline",
                    printable(&e->row.mount_point, path, sizeof(path)));
}

/* Only the top of a stack is reachable through its path: statfs on the
 * path of a hidden mount would measure the one above it. */
static int probe_usage(struct mount_snapshot *s, const struct aux *aux,
                       const struct config *cfg, struct mount_prober *p)
{
    size_t m = s->count ? s->count : 1, k = 0;
    const char **paths = malloc(m * sizeof(*paths));
    size_t *which = malloc(m * sizeof(*which));
    struct mount_probe_result *res = malloc(m * sizeof(*res));
    enum col_status st;
    int rc = -1;

    if (paths == NULL || which == NULL || res == NULL)
        goto out;
    for (size_t i = 0; i < s->count; i++) {
        struct mount_entry *e = &s->rows[i];

        e->status = SIA_MOUNT_NOT_QUERIED;
        e->status_mono_ms = s->taken_mono_ms;
        if (p != NULL && aux[i].top && row_statfs_allowed(cfg, &e->row)) {
            paths[k] = e->row.probe_path.ptr != NULL ? e->row.probe_path.ptr
                                                     : e->row.mount_point.ptr;
            which[k++] = i;
        }
    }
    st = k > 0 ? mount_prober_run(p, paths, k, res) : COL_OK;
    if (st == COL_ERR_NOMEM)
        goto out;
    if (st != COL_OK) /* every row stays notQueried, and we say why */
        msglist_add(&s->msgs, LOG_ERR, "statfs probes could not run: %s",
                    col_status_str(st));
    for (size_t j = 0; st == COL_OK && j < k; j++)
        apply_result(s, &s->rows[which[j]], &res[j]);
    rc = 0;
out:
    free(paths);
    free(which);
    free(res);
    return rc;
}

static int entry_cmp(const void *a, const void *b)
{
    const struct mount_entry *x = a, *y = b;

    return x->index < y->index ? -1 : x->index > y->index;
}

static void free_aux(struct aux *aux, size_t n)
{
    for (size_t i = 0; aux != NULL && i < n; i++)
        free(aux[i].key);
    free(aux);
}

struct mount_snapshot *mount_snapshot_from_list(const struct config *cfg,
                                                struct mount_list *list,
                                                struct mount_prober *p)
{
    struct mount_snapshot *s = calloc(1, sizeof(*s));
    size_t n = list->count ? list->count : 1;
    struct aux *aux = calloc(n, sizeof(*aux));
    int ok;

    if (s != NULL) {
        s->taken_mono_ms = sia_mono_ms();
        s->list_status = COL_OK;
        s->rows = calloc(n, sizeof(*s->rows));
    }
    if (s != NULL && list->skipped > 0)
        msglist_add(&s->msgs, LOG_WARNING,
                    "mountinfo: %zu malformed line(s) skipped, the first "
                    "(line %zu): %s",
                    list->skipped, list->first_skip_line,
                    list->first_skip_reason ? list->first_skip_reason : "?");
    ok = s != NULL && s->rows != NULL && aux != NULL &&
         take_shown(s, aux, cfg, list) == 0 && assign_indexes(s, aux) == 0 &&
         mark_duplicates(s) == 0 && probe_usage(s, aux, cfg, p) == 0;
    free_aux(aux, s != NULL ? s->count : 0);
    mount_list_free(list);
    if (!ok) {
        mount_snapshot_free(s);
        return NULL;
    }
    qsort(s->rows, s->count, sizeof(*s->rows), entry_cmp);
    return s;
}

struct mount_snapshot *mount_snapshot_build(const struct config *cfg,
                                            struct collector *c,
                                            struct mount_prober *p,
                                            const struct snapshot_hook *hook)
{
    struct mount_list list = {0};
    enum col_status st = collector_mounts(c, &list);
    struct mount_snapshot *s;

    if (st == COL_OK) {
        s = mount_snapshot_from_list(cfg, &list, p);
        if (s != NULL) /* no skip arrays (out of memory): the MIB scans */
            snapshot_extra_attach(&s->sparse, hook, s);
        return s;
    }
    mount_list_free(&list);
    if (st == COL_ERR_NOMEM)
        return NULL;
    s = calloc(1, sizeof(*s));
    if (s == NULL)
        return NULL;
    s->taken_mono_ms = sia_mono_ms();
    s->list_status = st;
    msglist_add(&s->msgs, LOG_ERR, "cannot read the mount table: %s",
                col_status_str(st));
    return s;
}

void mount_snapshot_free(struct mount_snapshot *s)
{
    if (s == NULL)
        return;
    for (size_t i = 0; i < s->count; i++) {
        mount_row_free(&s->rows[i].row);
        free(s->rows[i].threshold);
    }
    free(s->rows);
    msglist_free(&s->msgs);
    snapshot_extra_free(&s->sparse);
    free(s);
}

struct index_key {
    const struct mount_snapshot *s;
    uint32_t index;
};

static int index_below(const void *ctx, size_t i)
{
    const struct index_key *k = ctx;

    return k->s->rows[i].index < k->index;
}

size_t mount_snapshot_find(const struct mount_snapshot *s, uint32_t index)
{
    struct index_key k = {s, index};
    size_t pos = s != NULL ? sia_partition(s->count, &k, index_below) : 0;

    return s != NULL && pos < s->count && s->rows[pos].index == index
               ? pos
               : (size_t)-1;
}
