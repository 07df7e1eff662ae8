/*
 * system.c - the Linux system scalars, read relative to the proc root.
 *
 * CPU count: the "cpuN" lines of <root>/stat, which list the online CPUs
 * (the same set sysconf(_SC_NPROCESSORS_ONLN) counts on a real /proc).
 * Counting them rather than asking sysconf keeps every value from the
 * same root: a fixture tree is testable, and an agent in a container
 * pointed at the host's /proc reports the host's CPUs.  sysconf() is the
 * fallback when the file has no such lines.
 *
 * The uname strings come from <root>/sys/kernel/ (also per-root); each
 * one falls back to uname() when its file cannot be read.  machine has
 * no file there and always comes from uname().
 */
#include "linux_internal.h"
#include "proc_parse.h"

#include <errno.h>
#include <string.h>
#include <sys/utsname.h>
#include <unistd.h>

/* What the root gave: the call fails when nothing came from it at all
 * (a wrong --proc-root), whatever uname() could still say. */
struct sys_ctx {
    struct collector *c;
    struct sys_info *out;
    int files_read;
    int last_errno;
};

static int read_root_file(struct sys_ctx *x, const char *path)
{
    if (lx_read_at(x->c->root_fd, path, &x->c->buf, 0, NULL) < 0) {
        x->last_errno = errno;
        return -1;
    }
    x->files_read++;
    return 0;
}

static void read_stat(struct sys_ctx *x)
{
    struct lx_buf *b = &x->c->buf;
    uint32_t cpus = 0;

    if (read_root_file(x, "stat") == 0) {
        if (pp_parse_btime(b->data, b->len, &x->out->boot_time) != PP_OK)
            x->out->missing |= SYS_F_BOOT_TIME;
        cpus = pp_count_cpus(b->data, b->len);
    } else {
        x->out->missing |= SYS_F_BOOT_TIME;
    }
    if (cpus == 0) {
        long n = sysconf(_SC_NPROCESSORS_ONLN);

        if (n > 0 && n <= (long)UINT32_MAX)
            cpus = (uint32_t)n;
        else
            x->out->missing |= SYS_F_CPU_COUNT;
    }
    x->out->cpu_count = cpus;
}

static void read_uptime(struct sys_ctx *x)
{
    struct lx_buf *b = &x->c->buf;

    if (read_root_file(x, "uptime") < 0 ||
        pp_parse_uptime(b->data, b->len, &x->out->uptime_cs) != PP_OK)
        x->out->missing |= SYS_F_UPTIME;
}

static void read_loadavg(struct sys_ctx *x)
{
    struct lx_buf *b = &x->c->buf;

    if (read_root_file(x, "loadavg") < 0 ||
        pp_parse_loadavg(b->data, b->len, x->out->load_x100) != PP_OK)
        x->out->missing |= SYS_F_LOADAVG;
}

/* One uname string: the file less its trailing newline, else uname()'s field
 * (`fallback` is NULL when uname() failed too). */
static int uname_field(struct sys_ctx *x, const char *path,
                       const char *fallback, struct col_bytes *out)
{
    struct lx_buf *b = &x->c->buf;

    if (read_root_file(x, path) == 0) {
        size_t n = b->len;

        if (n > 0 && b->data[n - 1] == '\n')
            n--;

        return col_bytes_set(out, b->data, n);
    }
    if (fallback == NULL) {
        x->out->missing |= SYS_F_UNAME;
        return 0;
    }
    return col_bytes_set(out, fallback, strlen(fallback));
}

static int read_uname(struct sys_ctx *x)
{
    struct utsname u;
    int have = uname(&u) == 0;
    struct sys_info *o = x->out;

    if (uname_field(x, "sys/kernel/ostype", have ? u.sysname : NULL,
                    &o->sysname) < 0 ||
        uname_field(x, "sys/kernel/hostname", have ? u.nodename : NULL,
                    &o->nodename) < 0 ||
        uname_field(x, "sys/kernel/osrelease", have ? u.release : NULL,
                    &o->release) < 0 ||
        uname_field(x, "sys/kernel/version", have ? u.version : NULL,
                    &o->version) < 0)
        return -1;
    if (!have) {
        o->missing |= SYS_F_UNAME;
        return 0;
    }
    return col_bytes_set(&o->machine, u.machine, strlen(u.machine));
}

enum col_status collector_system(struct collector *c, struct sys_info *out)
{
    struct sys_ctx x = {c, out, 0, 0};

    memset(out, 0, sizeof(*out));
    if (c == NULL)
        return COL_ERR_INVAL;
    out->word_bits = (uint32_t)(sizeof(void *) * 8);
    read_stat(&x);
    read_uptime(&x);
    read_loadavg(&x);
    if (read_uname(&x) < 0) {
        sys_info_free(out);
        return COL_ERR_NOMEM;
    }
    if (x.files_read == 0) {
        sys_info_free(out);
        return x.last_errno == EACCES ? COL_ERR_ACCESS : COL_ERR_IO;
    }
    return COL_OK;
}
