/*
 * cfgref.h - an immutable, reference-counted configuration.
 *
 * The main thread loads a configuration (at start and on SIGHUP) and
 * shares it with the worker threads; whoever drops the last reference
 * frees it.  Nobody writes to it after cfgref_new().
 */
#ifndef SIA_CFGREF_H
#define SIA_CFGREF_H

#include "config.h"

#include <stdatomic.h>
#include <stddef.h>

struct cfgref {
    struct config cfg;
    atomic_uint refs;
};

/* Takes over *cfg (which is left holding defaults).  NULL: no memory. */
struct cfgref *cfgref_new(struct config *cfg);
struct cfgref *cfgref_get(struct cfgref *r);
/* Loads the configuration file (NULL: defaults only) into a new cfgref
 * (start-up and SIGHUP).  Returns 0, or -1 with "FILE:LINE: reason" (or
 * "out of memory") in err. */
int cfgref_load(const char *path, struct cfgref **out, char *err,
                size_t errlen);
void cfgref_put(struct cfgref *r);

#endif
