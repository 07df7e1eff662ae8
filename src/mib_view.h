/*
 * mib_view.h - what one request is answered from: the current snapshots
 * and the settings the MIB shows.  Built by the main thread per request
 * (cheap: pointers and numbers), passed as `ctx` to the mib resolvers.
 * Each source of registry.c fills its own member (struct source's
 * into_view); a new source adds one here.
 */
#ifndef SIA_MIB_VIEW_H
#define SIA_MIB_VIEW_H

#include <stddef.h>
#include <stdint.h>

struct proc_snapshot;
struct mount_snapshot;

struct mib_view {
    const struct proc_snapshot *procs;   /* may be NULL: not yet scanned */
    const struct mount_snapshot *mounts; /* may be NULL */
    uint64_t now_mono_ms;
    unsigned cache_ttl_s;
    size_t args_max;
};

#endif
