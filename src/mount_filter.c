/*
 * mount_filter.c - which mounts the table shows and which it may statfs,
 * from the mount_* configuration keys (see mount_filter.h).
 */
#include "mount_filter.h"

#include <fnmatch.h>
#include <string.h>

static int glob_any(const struct str_list *l, const char *path)
{
    for (size_t i = 0; i < l->count; i++)
        if (fnmatch(l->items[i], path, 0) == 0)
            return 1;
    return 0;
}

int mount_filter_shown(const struct config *cfg, const char *fstype,
                       const char *mount_point, int pseudo)
{
    if (fstype == NULL)
        fstype = "";
    if (mount_point == NULL)
        mount_point = "";

    int named = str_list_has(&cfg->include_types, fstype);
    if (cfg->include_types.count > 0 && !named)
        return 0;
    /* Pseudo filesystems (proc, sysfs, cgroup...) are noise unless the
     * administrator asked for the type by name. */
    if (pseudo && !named)
        return 0;
    if (str_list_has(&cfg->exclude_types, fstype))
        return 0;
    if (cfg->include_paths.count > 0 &&
        !glob_any(&cfg->include_paths, mount_point))
        return 0;
    return !glob_any(&cfg->exclude_paths, mount_point);
}

int mount_filter_statfs_allowed(const struct config *cfg, const char *fstype)
{
    if (fstype == NULL)
        return 1;
    /* statfs on an autofs mount point triggers the automount (and can hang
     * on a dead server): never, whatever the file says. */
    if (strcmp(fstype, "autofs") == 0)
        return 0;
    return !str_list_has(&cfg->nostatfs_types, fstype);
}
