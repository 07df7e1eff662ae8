/*
 * registry.h - the list of data sources and of registered subtrees.
 *
 * Adding a table: a new mib_*.c (its column table, its group and, if it
 * has its own data, its struct source), its configuration keys, and one
 * line in each list of registry.c (plus the enum value below when it
 * brings a source).
 */
#ifndef SIA_REGISTRY_H
#define SIA_REGISTRY_H

#include "source.h"

#include <stddef.h>
#include <stdint.h>

struct config;
struct mib_group;

/* Indexes into sia_sources[]. */
enum sia_source_id {
    SIA_SRC_PROCS = 0,
    SIA_SRC_MOUNTS = 1,
    SIA_SRC_COUNT = 2,
};

extern const struct source *const sia_sources[SIA_SRC_COUNT];

#define SIA_GROUP_OID_MAX 16

/* A subtree the transport registers, answered by the MIB resolver. */
struct sia_group_reg {
    const char *name; /* MIB descriptor, also net-snmp's handler name */
    uint32_t oid[SIA_GROUP_OID_MAX];
    size_t oid_len;
    const struct mib_group *group;
    int writable; /* has a read-write object (SETs are routed to it) */
    int source;   /* whose walk pinning its GETNEXTs extend; -1: none */
    int reads;    /* the source its answers come from (asked for a scan
                   * when stale); -1: none */
    /* Whether its answers need `reads` (and its GETNEXTs pin `source`)
     * at all under this configuration (NULL: always).  The watch table is
     * empty without watches: the GETNEXT that ends a walk of the mount
     * table lands there, and must neither cost a process scan nor keep
     * the process snapshot as if a walk of it were going on. */
    int (*reads_now)(const struct config *cfg);
};

/* g->reads_now(cfg), or 1 when g has none. */
int sia_group_reads_now(const struct sia_group_reg *g,
                        const struct config *cfg);

extern const struct sia_group_reg sia_groups[];
extern const size_t sia_group_count;

#endif
