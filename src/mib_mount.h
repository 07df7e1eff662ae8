/*
 * mib_mount.h - sysinfoMounts: the mount table (ctx: struct mib_view).
 * OID mapping only; the data comes from struct mount_snapshot.
 */
#ifndef SIA_MIB_MOUNT_H
#define SIA_MIB_MOUNT_H

#include "mib.h"
#include "snapshot_hook.h"
#include "source.h"

extern const struct mib_group mib_mount_group;
extern const struct mib_table mib_mount_table;

/* Builds the table's skip arrays over a finished mount_snapshot; handed
 * to mount_snapshot_build(). */
extern const struct snapshot_hook mib_mount_hook;

/* Row mask bit (beside enum mount_field) set while the row's status is
 * not ok: the usage columns have no instance then. */
#define MIB_MOUNT_NO_USAGE (1ull << 32)
/* Row mask bit set when no threshold rule applies to the mount: the
 * threshold columns have no instance then. */
#define MIB_MOUNT_NO_THRESHOLD (1ull << 33)

/* sysinfoMountStatusText of a row, into buf (for the notifications). */
struct mount_entry;
const char *mib_mount_status_text(const struct mount_entry *e, char *buf,
                                  size_t len);

/* The data source behind the table (registry.c lists it). */
extern const struct source mib_mount_source;

#endif
