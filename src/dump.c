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
#include "mib_watch.h"
#include "mib_process.h"
#include "mib_system.h"
#include "mib_view.h"
#include "sysinfo_oids.h"
#include "util.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

/* Bytes as text: printable ASCII as is, anything else as \ooo, so names
 * with newlines or invalid UTF-8 stay on one line and stay exact. */
static void put_bytes(FILE *out, const uint8_t *p, size_t len, int width)
{
    size_t n = 0;
    char buf[4];

    for (size_t i = 0; i < len; i++) {
        size_t k = sia_escape_byte(buf, p[i], SIA_ESC_ASCII);

        fwrite(buf, 1, k, out);
        n += k;
    }
    for (; n < (size_t)width; n++)
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

/* Scalars as `name = value`, names and order from the group. */
static void dump_scalars(FILE *out, const struct mib_group *g,
                         const struct mib_view *view)
{
    for (size_t i = 0; i < g->count; i++) {
        const struct mib_child *ch = &g->children[i];
        struct mib_value v;

        if (ch->table != NULL)
            continue;
        fprintf(out, "%s = ", ch->name);
        if (ch->get(view, &v))
            put_value(out, &v, ch->id == SIA_SYS_BOOT_TIME, 0);
        else
            fputc('?', out);
        fputc('\n', out);
    }
}

/* A column --dump prints: which, and how wide (negative: left-aligned);
 * the header is the column table's title. */
struct shown {
    uint32_t col;
    int width;
};

static void dump_table(FILE *out, const struct mib_table *t,
                       const struct mib_view *view, const struct shown *cols,
                       size_t ncols)
{
    size_t n = t->rows(view);

    for (size_t c = 0; c < ncols; c++)
        fprintf(out, "%*s%s", cols[c].width, t->columns[cols[c].col - 1].title,
                c + 1 < ncols ? " " : "\n");
    for (size_t r = 0; r < n; r++) {
        for (size_t c = 0; c < ncols; c++) {
            struct mib_value v;

            if (mib_cell(t, view, r, cols[c].col, &v))
                put_value(out, &v, 0, cols[c].width);
            else
                fprintf(out, "%*s", cols[c].width, "?");
            fputs(c + 1 < ncols ? " " : "\n", out);
        }
    }
}

static const struct shown proc_cols[] = {
    {SIA_PROC_PID, 7},     {SIA_PROC_PPID, 7},     {SIA_PROC_USER, -10},
    {SIA_PROC_STATE, 2},   {SIA_PROC_RSS, 11},     {SIA_PROC_VSZ, 12},
    {SIA_PROC_THREADS, 4}, {SIA_PROC_CPU_USER, 9}, {SIA_PROC_NAME, -16},
    {SIA_PROC_ARGS, 0},
};

static const struct shown mount_cols[] = {
    {SIA_MNT_INDEX, 10},    {SIA_MNT_STATUS, 6},      {SIA_MNT_SIZE, 15},
    {SIA_MNT_USED, 15},     {SIA_MNT_AVAIL, 15},      {SIA_MNT_USED_PERCENT, 4},
    {SIA_MNT_FS_TYPE, -10}, {SIA_MNT_MOUNT_POINT, 0},
};

static const struct shown watch_cols[] = {
    {SIA_WATCH_NAME, -16},
    {SIA_WATCH_STATUS, 6},
    {SIA_WATCH_COUNT, 5},
    {SIA_WATCH_MESSAGE, 0},
};

void dump_all(FILE *out, const struct mib_view *view)
{
    fputs("# sysinfoSystem\n", out);
    dump_scalars(out, &mib_system_group, view);
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
    fputs("\n# sysinfoWatchTable (STATUS 1 ok, 2 tooFew, 3 tooMany, "
          "4 invalidPattern, 5 unknown)\n",
          out);
    dump_table(out, &mib_watch_table, view, watch_cols,
               sizeof(watch_cols) / sizeof(watch_cols[0]));
}
