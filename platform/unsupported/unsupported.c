/*
 * unsupported.c - the collector for systems without one: every call says
 * COL_ERR_UNSUPPORTED, so the agent builds and serves empty tables.
 */
#include "collector.h"

#include <stdlib.h>

struct collector {
    int unused;
};

enum col_status collector_open(const struct collector_options *opt,
                               struct collector **out)
{
    *out = calloc(1, sizeof(**out));
    return *out != NULL ? COL_OK : COL_ERR_NOMEM;
}

void collector_close(struct collector *c)
{
    free(c);
}

enum col_status collector_system(struct collector *c, struct sys_info *out)
{
    return COL_ERR_UNSUPPORTED;
}

enum col_status collector_processes(struct collector *c, struct proc_list *out)
{
    return COL_ERR_UNSUPPORTED;
}

enum col_status collector_signal(struct collector *c, int32_t pid,
                                 uint64_t start_time_cs, int sig)
{
    return COL_ERR_UNSUPPORTED;
}

enum col_status collector_mounts(struct collector *c, struct mount_list *out)
{
    return COL_ERR_UNSUPPORTED;
}

enum col_status collector_fs_usage(const char *mount_point,
                                   struct fs_usage *out, int *err_no)
{
    return COL_ERR_UNSUPPORTED;
}
