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

struct cfgref {
    struct config cfg;
    atomic_uint refs;
};

/* Takes over *cfg (which is left holding defaults).  NULL: no memory. */
struct cfgref *cfgref_new(struct config *cfg);
struct cfgref *cfgref_get(struct cfgref *r);
void cfgref_put(struct cfgref *r);

#endif
