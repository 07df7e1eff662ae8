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

static int bytes(const struct col_bytes *b, struct mib_value *v)
{
    return b->ptr ? mib_octets(v, b->ptr, b->len) : 0;
}

static int has(const struct proc_snapshot *s, uint32_t field)
{
    return s != NULL && s->sys_ok && !(s->sys.missing & field);
}

static int uname_field(const struct sys_info *sys, uint32_t id,
                       struct mib_value *v)
{
    switch (id) {
    case SIA_SYS_SYS_NAME:
        return bytes(&sys->sysname, v);
    case SIA_SYS_HOST_NAME:
        return bytes(&sys->nodename, v);
    case SIA_SYS_RELEASE:
        return bytes(&sys->release, v);
    case SIA_SYS_VERSION:
        return bytes(&sys->version, v);
    default:
        return bytes(&sys->machine, v);
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

static int scalar(const void *ctx, uint32_t id, struct mib_value *v)
{
    const struct mib_view *view = ctx;
    const struct proc_snapshot *s = view->procs;

    switch (id) {
    case SIA_SYS_BOOT_TIME:
    case SIA_SYS_BOOT_TIME_UNIX:
    case SIA_SYS_UPTIME:
        return time_field(view, id, v);
    case SIA_SYS_SYS_NAME:
    case SIA_SYS_HOST_NAME:
    case SIA_SYS_RELEASE:
    case SIA_SYS_VERSION:
    case SIA_SYS_MACHINE:
        return has(s, SYS_F_UNAME) && uname_field(&s->sys, id, v);
    case SIA_SYS_WORD_SIZE:
        return s != NULL && s->sys_ok && mib_gauge(v, s->sys.word_bits);
    case SIA_SYS_CPU_COUNT:
        return has(s, SYS_F_CPU_COUNT) && mib_gauge(v, s->sys.cpu_count);
    case SIA_SYS_LOAD1:
    case SIA_SYS_LOAD5:
    case SIA_SYS_LOAD15:
        return has(s, SYS_F_LOADAVG) &&
               mib_gauge(v, s->sys.load_x100[id - SIA_SYS_LOAD1]);
    case SIA_SYS_PROCESS_COUNT:
    case SIA_SYS_THREAD_COUNT:
        return counts(s, id, v);
    case SIA_SYS_AGENT_VERSION:
        return mib_octets(v, SIA_VERSION, strlen(SIA_VERSION));
    default:
        return 0;
    }
}

#define SCALAR(id)                                                             \
    {                                                                          \
        id, NULL                                                               \
    }

static const struct mib_child children[] = {
    SCALAR(SIA_SYS_BOOT_TIME),    SCALAR(SIA_SYS_BOOT_TIME_UNIX),
    SCALAR(SIA_SYS_UPTIME),       SCALAR(SIA_SYS_SYS_NAME),
    SCALAR(SIA_SYS_HOST_NAME),    SCALAR(SIA_SYS_RELEASE),
    SCALAR(SIA_SYS_VERSION),      SCALAR(SIA_SYS_MACHINE),
    SCALAR(SIA_SYS_WORD_SIZE),    SCALAR(SIA_SYS_CPU_COUNT),
    SCALAR(SIA_SYS_LOAD1),        SCALAR(SIA_SYS_LOAD5),
    SCALAR(SIA_SYS_LOAD15),       SCALAR(SIA_SYS_PROCESS_COUNT),
    SCALAR(SIA_SYS_THREAD_COUNT), SCALAR(SIA_SYS_AGENT_VERSION),
};

const struct mib_group mib_system_group = {
    .children = children,
    .count = sizeof(children) / sizeof(children[0]),
    .scalar = scalar,
};
