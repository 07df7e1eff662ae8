/*
 * mib_process.h - sysinfoProcesses: the process table and its scalars.
 * OID mapping only; the data comes from struct proc_snapshot.
 */
#ifndef SIA_MIB_PROCESS_H
#define SIA_MIB_PROCESS_H

#include "mib.h"

struct proc_snapshot;

/* The group registered at sysinfoProcesses (ctx: struct mib_view). */
extern const struct mib_group mib_process_group;
/* The table alone (ctx: struct mib_view), for lookups by pid. */
extern const struct mib_table mib_process_table;

struct mib_sparse *mib_process_sparse_build(const struct proc_snapshot *s);
void mib_process_sparse_free(struct mib_sparse *sp);

#endif
