/*
 * mib_mount.h - sysinfoMounts: the mount table (ctx: struct mib_view).
 * OID mapping only; the data comes from struct mount_snapshot.
 */
#ifndef SIA_MIB_MOUNT_H
#define SIA_MIB_MOUNT_H

#include "mib.h"

extern const struct mib_group mib_mount_group;
extern const struct mib_table mib_mount_table;

struct mount_snapshot;

/* Skip arrays over a finished snapshot (built off the main thread). */
struct mib_sparse *mib_mount_sparse_build(const struct mount_snapshot *s);
void mib_mount_sparse_free(struct mib_sparse *sp);

#endif
