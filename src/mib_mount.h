/*
 * mib_mount.h - sysinfoMounts: the mount table (ctx: struct mib_view).
 * OID mapping only; the data comes from struct mount_snapshot.
 */
#ifndef SIA_MIB_MOUNT_H
#define SIA_MIB_MOUNT_H

#include "mib.h"

extern const struct mib_group mib_mount_group;
extern const struct mib_table mib_mount_table;

#endif
