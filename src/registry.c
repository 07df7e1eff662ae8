/*
 * registry.c - the sources and the registered subtrees (see registry.h).
 */
#include "registry.h"

#include "mib_mount.h"
#include "mib_process.h"
#include "mib_system.h"
#include "mib_watch.h"
#include "sysinfo_oids.h"

const struct source *const sia_sources[SIA_SRC_COUNT] = {
    [SIA_SRC_PROCS] = &mib_process_source,
    [SIA_SRC_MOUNTS] = &mib_mount_source,
};

#define OID(...)                                                               \
    {__VA_ARGS__}, sizeof((uint32_t[]){__VA_ARGS__}) / sizeof(uint32_t)

const struct sia_group_reg sia_groups[] = {
    /* sysinfoSystem reads the process snapshot's system part */
    {"sysinfoSystem", OID(SIA_OID_SYSTEM), &mib_system_group, 0, -1,
     SIA_SRC_PROCS, NULL},
    {"sysinfoProcesses", OID(SIA_OID_PROCESSES), &mib_process_group, 1,
     SIA_SRC_PROCS, SIA_SRC_PROCS, NULL},
    {"sysinfoMounts", OID(SIA_OID_MOUNTS), &mib_mount_group, 0, SIA_SRC_MOUNTS,
     SIA_SRC_MOUNTS, NULL},
    /* the watches are judged with every process scan */
    {"sysinfoWatches", OID(SIA_OID_WATCHES), &mib_watch_group, 0, SIA_SRC_PROCS,
     SIA_SRC_PROCS, mib_watch_configured},
};

const size_t sia_group_count = sizeof(sia_groups) / sizeof(sia_groups[0]);

int sia_group_reads_now(const struct sia_group_reg *g, const struct config *cfg)
{
    return g->reads_now == NULL || g->reads_now(cfg);
}
