/*
 * mib_system.c - sysinfoSystem: boot time, uptime, uname, CPUs, load and
 * counts, from the process snapshot's struct sys_info.  Uptime is kept
 * live: the snapshot's value plus the monotonic time since the scan.
 */
#include "mib_system.h"

#include "mib_view.h"
#include "proc_snapshot.h"
#include "sysinfo_oids.h"

#include <string.h>

static int has(const struct proc_snapshot *s, uint32_t field)
{
    return s != NULL && s->sys_ok && !(s->sys.missing & field);
}

static int uname_field(const struct sys_info *sys, uint32_t id,
                       struct mib_value *v)
{
    switch (id) {
    case SIA_SYS_SYS_NAME:
        return mib_octets_opt(v, sys->sysname.ptr, sys->sysname.len);
    case SIA_SYS_HOST_NAME:
        return mib_octets_opt(v, sys->nodename.ptr, sys->nodename.len);
    case SIA_SYS_RELEASE:
        return mib_octets_opt(v, sys->release.ptr, sys->release.len);
    case SIA_SYS_VERSION:
        return mib_octets_opt(v, sys->version.ptr, sys->version.len);
    default:
        return mib_octets_opt(v, sys->machine.ptr, sys->machine.len);
    }
}

static int time_field(const struct mib_view *view, uint32_t id,
                      struct mib_value *v)
{
    const struct proc_snapshot *s = view->procs;

    switch (id) {
    case SIA_SYS_BOOT_TIME:
        return has(s, SYS_F_BOOT_TIME) &&
               mib_date_and_time(v, (uint64_t)s->sys.boot_time * 100u);
    case SIA_SYS_BOOT_TIME_UNIX:
        return has(s, SYS_F_BOOT_TIME) &&
               mib_counter64(v, (uint64_t)s->sys.boot_time);
    default: /* SIA_SYS_UPTIME */
        return has(s, SYS_F_UPTIME) &&
               mib_counter64(v,
                             s->sys.uptime_cs +
                                 (view->now_mono_ms - s->taken_mono_ms) / 10u);
    }
}

static int counts(const struct proc_snapshot *s, uint32_t id,
                  struct mib_value *v)
{
    if (s == NULL || !s->procs_ok)
        return 0;
    if (id == SIA_SYS_PROCESS_COUNT)
        return mib_gauge(v, s->procs.count);
    return mib_gauge(v, s->thread_total);
}

static int get_time(const void *ctx, uint32_t id, struct mib_value *v)
{
    return time_field(ctx, id, v);
}

static int get_uname(const void *ctx, uint32_t id, struct mib_value *v)
{
    const struct proc_snapshot *s = ((const struct mib_view *)ctx)->procs;

    return has(s, SYS_F_UNAME) && uname_field(&s->sys, id, v);
}

static int get_load(const void *ctx, uint32_t id, struct mib_value *v)
{
    const struct proc_snapshot *s = ((const struct mib_view *)ctx)->procs;

    return has(s, SYS_F_LOADAVG) &&
           mib_gauge(v, s->sys.load_x100[id - SIA_SYS_LOAD1]);
}

static int get_counts(const void *ctx, uint32_t id, struct mib_value *v)
{
    return counts(((const struct mib_view *)ctx)->procs, id, v);
}

static int get_word_size(const void *ctx, struct mib_value *v)
{
    const struct proc_snapshot *s = ((const struct mib_view *)ctx)->procs;

    return s != NULL && s->sys_ok && mib_gauge(v, s->sys.word_bits);
}

static int get_cpu_count(const void *ctx, struct mib_value *v)
{
    const struct proc_snapshot *s = ((const struct mib_view *)ctx)->procs;

    return has(s, SYS_F_CPU_COUNT) && mib_gauge(v, s->sys.cpu_count);
}

static int get_agent_version(const void *ctx, struct mib_value *v)
{
    return mib_octets(v, SIA_VERSION, strlen(SIA_VERSION));
}

/* A getter for one id of a getter family. */
#define BY_ID(family, id)                                                      \
    static int family##_##id(const void *ctx, struct mib_value *v)             \
    {                                                                          \
        return family(ctx, id, v);                                             \
    }

BY_ID(get_time, SIA_SYS_BOOT_TIME)
BY_ID(get_time, SIA_SYS_BOOT_TIME_UNIX)
BY_ID(get_time, SIA_SYS_UPTIME)
BY_ID(get_uname, SIA_SYS_SYS_NAME)
BY_ID(get_uname, SIA_SYS_HOST_NAME)
BY_ID(get_uname, SIA_SYS_RELEASE)
BY_ID(get_uname, SIA_SYS_VERSION)
BY_ID(get_uname, SIA_SYS_MACHINE)
BY_ID(get_load, SIA_SYS_LOAD1)
BY_ID(get_load, SIA_SYS_LOAD5)
BY_ID(get_load, SIA_SYS_LOAD15)
BY_ID(get_counts, SIA_SYS_PROCESS_COUNT)
BY_ID(get_counts, SIA_SYS_THREAD_COUNT)

#define SCALAR(id, name, type, fn)                                             \
    {                                                                          \
        id, NULL, "sysinfo" name, type, fn                                     \
    }

/* Every scalar: number, descriptor, type, getter (--dump prints them in
 * this order under these names). */
static const struct mib_child children[] = {
    SCALAR(SIA_SYS_BOOT_TIME, "BootTime", MIB_OCTETS,
           get_time_SIA_SYS_BOOT_TIME),
    SCALAR(SIA_SYS_BOOT_TIME_UNIX, "BootTimeUnix", MIB_COUNTER64,
           get_time_SIA_SYS_BOOT_TIME_UNIX),
    SCALAR(SIA_SYS_UPTIME, "Uptime", MIB_COUNTER64, get_time_SIA_SYS_UPTIME),
    SCALAR(SIA_SYS_SYS_NAME, "SysName", MIB_OCTETS, get_uname_SIA_SYS_SYS_NAME),
    SCALAR(SIA_SYS_HOST_NAME, "HostName", MIB_OCTETS,
           get_uname_SIA_SYS_HOST_NAME),
    SCALAR(SIA_SYS_RELEASE, "Release", MIB_OCTETS, get_uname_SIA_SYS_RELEASE),
    SCALAR(SIA_SYS_VERSION, "Version", MIB_OCTETS, get_uname_SIA_SYS_VERSION),
    SCALAR(SIA_SYS_MACHINE, "Machine", MIB_OCTETS, get_uname_SIA_SYS_MACHINE),
    SCALAR(SIA_SYS_WORD_SIZE, "WordSize", MIB_GAUGE, get_word_size),
    SCALAR(SIA_SYS_CPU_COUNT, "CpuCount", MIB_GAUGE, get_cpu_count),
    SCALAR(SIA_SYS_LOAD1, "Load1", MIB_GAUGE, get_load_SIA_SYS_LOAD1),
    SCALAR(SIA_SYS_LOAD5, "Load5", MIB_GAUGE, get_load_SIA_SYS_LOAD5),
    SCALAR(SIA_SYS_LOAD15, "Load15", MIB_GAUGE, get_load_SIA_SYS_LOAD15),
    SCALAR(SIA_SYS_PROCESS_COUNT, "ProcessCount", MIB_GAUGE,
           get_counts_SIA_SYS_PROCESS_COUNT),
    SCALAR(SIA_SYS_THREAD_COUNT, "ThreadCount", MIB_GAUGE,
           get_counts_SIA_SYS_THREAD_COUNT),
    SCALAR(SIA_SYS_AGENT_VERSION, "AgentVersion", MIB_OCTETS,
           get_agent_version),
};

const struct mib_group mib_system_group = {
    .children = children,
    .count = sizeof(children) / sizeof(children[0]),
};
