/*
 * cfgref.c - reference-counted configuration (see cfgref.h).
 */
#include "cfgref.h"

#include <stdio.h>
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

int cfgref_load(const char *path, struct cfgref **out, char *err, size_t errlen)
{
    struct config cfg;

    *out = NULL;
    config_defaults(&cfg);
    if (path != NULL && config_load_file(&cfg, path, err, errlen) < 0) {
        config_free(&cfg);
        return -1;
    }
    *out = cfgref_new(&cfg);
    config_free(&cfg);
    if (*out == NULL) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    return 0;
}
