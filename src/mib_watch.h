/*
 * mib_watch.h - sysinfoWatches: the watch table.  OID mapping only; the
 * rows are judged with every process scan (proc_snapshot_watch), so they
 * live in struct proc_snapshot and share its source.
 */
#ifndef SIA_MIB_WATCH_H
#define SIA_MIB_WATCH_H

#include "mib.h"

/* The group registered at sysinfoWatches (ctx: struct mib_view). */
extern const struct mib_group mib_watch_group;
/* The table alone (ctx: struct mib_view). */
extern const struct mib_table mib_watch_table;

struct config;
/* 1 when cfg has watches: without them the table is empty whatever the
 * snapshot (registry.h's reads_now). */
int mib_watch_configured(const struct config *cfg);

/* Bits of the table's row mask beyond enum watch_field: a limit the
 * watch does not set (no instance of its column). */
enum mib_watch_bits {
    MIB_WATCH_NO_USER = 1u << 8,
    MIB_WATCH_NO_PARENT = 1u << 9,
    MIB_WATCH_NO_CGROUP = 1u << 10,
    MIB_WATCH_NO_MIN = 1u << 11,
    MIB_WATCH_NO_MAX = 1u << 12,
};

#endif
