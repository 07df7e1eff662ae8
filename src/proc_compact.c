/*
 * proc_compact.c - interning a process list's strings (see
 * proc_compact.h).
 */
#include "proc_compact.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define FIELDS 6

/* The strings of a row, in a fixed order. */
static struct col_bytes *field(struct proc_row *r, int f)
{
    struct col_bytes *all[FIELDS] = {&r->name, &r->exe,    &r->args,
                                     &r->tty,  &r->cgroup, &r->cwd};

    return all[f];
}

struct slot {
    const struct col_bytes *b; /* first string with these bytes */
    size_t off;                /* its place in the block */
};

struct interner {
    struct slot *slots; /* open addressing, mask + 1 of them */
    size_t mask;
    size_t used; /* bytes of the block so far */
};

static uint64_t hash(const char *p, size_t len)
{
    uint64_t h = 1469598103934665603u; /* FNV-1a */

    for (size_t i = 0; i < len; i++)
        h = (h ^ (uint8_t)p[i]) * 1099511628211u;
    return h;
}

static const char *bytes(const struct col_bytes *b)
{
    return b->ptr != NULL ? b->ptr : "";
}

/* The slot of b's bytes, added when new. */
static struct slot *intern(struct interner *in, const struct col_bytes *b)
{
    size_t i = (size_t)hash(bytes(b), b->len) & in->mask;

    for (;; i = (i + 1) & in->mask) {
        struct slot *s = &in->slots[i];

        if (s->b == NULL) {
            s->b = b;
            s->off = in->used;
            in->used += b->len + 1;
            return s;
        }
        if (s->b->len == b->len && memcmp(bytes(s->b), bytes(b), b->len) == 0)
            return s;
    }
}

static int intern_all(struct proc_list *l, struct interner *in, size_t *offs)
{
    size_t want = 64;

    while (want < 2 * FIELDS * l->count)
        want *= 2;
    in->slots = calloc(want, sizeof(*in->slots));
    if (in->slots == NULL)
        return -1;
    in->mask = want - 1;
    in->used = 0;
    for (size_t r = 0; r < l->count; r++)
        for (int f = 0; f < FIELDS; f++)
            offs[r * FIELDS + f] = intern(in, field(&l->rows[r], f))->off;
    return 0;
}

char *proc_compact(struct proc_list *l)
{
    struct interner in = {0};
    size_t *offs = calloc(l->count * FIELDS + 1, sizeof(*offs));
    char *block = NULL;

    if (offs == NULL || intern_all(l, &in, offs) < 0 ||
        (block = malloc(in.used + 1)) == NULL)
        goto out;
    for (size_t i = 0; i <= in.mask; i++)
        if (in.slots[i].b != NULL) {
            memcpy(block + in.slots[i].off, bytes(in.slots[i].b),
                   in.slots[i].b->len);
            block[in.slots[i].off + in.slots[i].b->len] = '\0';
        }
    for (size_t r = 0; r < l->count; r++)
        for (int f = 0; f < FIELDS; f++) {
            struct col_bytes *b = field(&l->rows[r], f);

            free(b->ptr);
            b->ptr = block + offs[r * FIELDS + f];
        }
    if (l->count > 0 && l->cap > l->count) {
        struct proc_row *rows = realloc(l->rows, l->count * sizeof(*rows));

        if (rows != NULL) {
            l->rows = rows;
            l->cap = l->count;
        }
    }
out:
    free(in.slots);
    free(offs);
    return block;
}
