/*
 * mib_process.h - sysinfoProcesses: the process table and its scalars.
 * OID mapping only; the data comes from struct proc_snapshot.
 */
#ifndef SIA_MIB_PROCESS_H
#define SIA_MIB_PROCESS_H

#include "mib.h"
#include "snapshot_hook.h"
#include "source.h"

/* The group registered at sysinfoProcesses (ctx: struct mib_view). */
extern const struct mib_group mib_process_group;
/* The table alone (ctx: struct mib_view), for lookups by pid. */
extern const struct mib_table mib_process_table;

/* Builds the table's skip arrays over a finished proc_snapshot; handed
 * to proc_snapshot_build(). */
extern const struct snapshot_hook mib_process_hook;

/* The data source behind the table (registry.c lists it). */
extern const struct source mib_process_source;

#endif
