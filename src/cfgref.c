/*
 * cfgref.c - reference-counted configuration (see cfgref.h).
 */
#include "cfgref.h"

#include <stdlib.h>

struct cfgref *cfgref_new(struct config *cfg)
{
    struct cfgref *r = calloc(1, sizeof(*r));

    if (r == NULL)
        return NULL;
    r->cfg = *cfg;
    atomic_init(&r->refs, 1);
    config_defaults(cfg); /* the struct's lists now belong to r */
    return r;
}

struct cfgref *cfgref_get(struct cfgref *r)
{
    atomic_fetch_add(&r->refs, 1);
    return r;
}

void cfgref_put(struct cfgref *r)
{
    if (r != NULL && atomic_fetch_sub(&r->refs, 1) == 1) {
        config_free(&r->cfg);
        free(r);
    }
}
