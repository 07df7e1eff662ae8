/*
 * mount_filter.h - the mount table's filter: mount_include_type,
 * mount_exclude_type, mount_include_path, mount_exclude_path and
 * mount_nostatfs_type (config.h), applied by mount_snapshot.c.
 */
#ifndef SIA_MOUNT_FILTER_H
#define SIA_MOUNT_FILTER_H

#include "config.h"

/* Is this mount shown, given its fstype and mount point?  `pseudo` is the
 * collector's verdict that the type is a pseudo filesystem. */
int mount_filter_shown(const struct config *cfg, const char *fstype,
                       const char *mount_point, int pseudo);
/* May statfs be called on a mount of this type?  Never on autofs. */
int mount_filter_statfs_allowed(const struct config *cfg, const char *fstype);

#endif
