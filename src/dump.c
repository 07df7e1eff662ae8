/*
 * dump.c - `sysinfo-agentx --dump`: one scan, printed as text.
 *
 * Values go through the same resolver cells the SNMP handlers use, so the
 * dump shows exactly what a walk would: scalars as `name = value`, the
 * process table like ps, the mount table like df.  "?" marks a cell with
 * no instance (unknown).
 */
#include "dump.h"

#include "mib.h"
#include "mib_mount.h"
#include "mib_process.h"
#include "mib_system.h"
#include "mib_view.h"
#include "mount_snapshot.h"
#include "proc_snapshot.h"
#include "sysinfo_oids.h"

#include <ctype.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

static const char *const system_names[SIA_SYS_MAX + 1] = {
    [SIA_SYS_BOOT_TIME] = "sysinfoBootTime",
    [SIA_SYS_BOOT_TIME_UNIX] = "sysinfoBootTimeUnix",
    [SIA_SYS_UPTIME] = "sysinfoUptime",
    [SIA_SYS_SYS_NAME] = "sysinfoSysName",
    [SIA_SYS_HOST_NAME] = "sysinfoHostName",
    [SIA_SYS_RELEASE] = "sysinfoRelease",
    [SIA_SYS_VERSION] = "sysinfoVersion",
    [SIA_SYS_MACHINE] = "sysinfoMachine",
    [SIA_SYS_WORD_SIZE] = "sysinfoWordSize",
    [SIA_SYS_CPU_COUNT] = "sysinfoCpuCount",
    [SIA_SYS_LOAD1] = "sysinfoLoad1",
    [SIA_SYS_LOAD5] = "sysinfoLoad5",
    [SIA_SYS_LOAD15] = "sysinfoLoad15",
    [SIA_SYS_PROCESS_COUNT] = "sysinfoProcessCount",
    [SIA_SYS_THREAD_COUNT] = "sysinfoThreadCount",
    [SIA_SYS_AGENT_VERSION] = "sysinfoAgentVersion",
};

/* Bytes as text: printable ASCII as is, anything else as \ooo, so names
 * with newlines or invalid UTF-8 stay on one line and stay exact. */
static void put_bytes(FILE *out, const uint8_t *p, size_t len, int width)
{
    int n = 0;

    for (size_t i = 0; i < len; i++, n++) {
        if (isprint(p[i]) && p[i] != '\\')
            fputc(p[i], out);
        else
            n += fprintf(out, "\\%03o", p[i]) - 1;
    }
    for (; n < width; n++)
        fputc(' ', out);
}

static void put_date(FILE *out, const uint8_t *b)
{
    fprintf(out, "%d-%d-%d,%d:%02d:%02d.%d,%c%d:%d", (b[0] << 8) | b[1], b[2],
            b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10]);
}

static void put_value(FILE *out, const struct mib_value *v, int is_date,
                      int width)
{
    switch (v->type) {
    case MIB_INTEGER:
        fprintf(out, "%*" PRId64, width, v->i);
        break;
    case MIB_GAUGE:
    case MIB_COUNTER64:
        fprintf(out, "%*" PRIu64, width, v->u);
        break;
    case MIB_OCTETS:
        if (is_date && v->len == 11)
            put_date(out, v->bytes);
        else
            put_bytes(out, v->bytes, v->len, width < 0 ? -width : 0);
        break;
    }
}

static void dump_system(FILE *out, const struct mib_view *view)
{
    for (uint32_t id = 1; id <= SIA_SYS_MAX; id++) {
        struct mib_value v;

        fprintf(out, "%s = ", system_names[id]);
        if (mib_system_group.scalar(view, id, &v))
            put_value(out, &v, id == SIA_SYS_BOOT_TIME, 0);
        else
            fputc('?', out);
        fputc('\n', out);
    }
}

struct column {
    const char *title;
    uint32_t col;
    int width; /* negative: left-aligned */
};

static void dump_table(FILE *out, const struct mib_table *t,
                       const struct mib_view *view, const struct column *cols,
                       size_t ncols)
{
    size_t n = t->rows(view);

    for (size_t c = 0; c < ncols; c++)
        fprintf(out, "%*s%s", cols[c].width, cols[c].title,
                c + 1 < ncols ? " " : "\n");
    for (size_t r = 0; r < n; r++) {
        for (size_t c = 0; c < ncols; c++) {
            struct mib_value v;

            if (t->cell(view, r, cols[c].col, &v))
                put_value(out, &v, 0, cols[c].width);
            else
                fprintf(out, "%*s", cols[c].width, "?");
            fputs(c + 1 < ncols ? " " : "\n", out);
        }
    }
}

static const struct column proc_cols[] = {
    {"PID", SIA_PROC_PID, 7},     {"PPID", SIA_PROC_PPID, 7},
    {"USER", SIA_PROC_USER, -10}, {"S", SIA_PROC_STATE, 2},
    {"RSS", SIA_PROC_RSS, 11},    {"VSZ", SIA_PROC_VSZ, 12},
    {"THR", SIA_PROC_THREADS, 4}, {"CPU_CS", SIA_PROC_CPU_USER, 9},
    {"NAME", SIA_PROC_NAME, -16}, {"ARGS", SIA_PROC_ARGS, 0},
};

static const struct column mount_cols[] = {
    {"INDEX", SIA_MNT_INDEX, 10},   {"STATUS", SIA_MNT_STATUS, 6},
    {"SIZE", SIA_MNT_SIZE, 15},     {"USED", SIA_MNT_USED, 15},
    {"AVAIL", SIA_MNT_AVAIL, 15},   {"USE%", SIA_MNT_USED_PERCENT, 4},
    {"TYPE", SIA_MNT_FS_TYPE, -10}, {"MOUNTED ON", SIA_MNT_MOUNT_POINT, 0},
};

void dump_all(FILE *out, const struct mib_view *view)
{
    fputs("# sysinfoSystem\n", out);
    dump_system(out, view);
    fputs("\n# sysinfoProcessTable (RSS, VSZ in bytes; CPU_CS user "
          "hundredths; S: sysinfoProcessState)\n",
          out);
    dump_table(out, &mib_process_table, view, proc_cols,
               sizeof(proc_cols) / sizeof(proc_cols[0]));
    fputs("\n# sysinfoMountTable (bytes; STATUS 1 ok, 2 timeout, 3 error, "
          "4 not queried)\n",
          out);
    dump_table(out, &mib_mount_table, view, mount_cols,
               sizeof(mount_cols) / sizeof(mount_cols[0]));
}
