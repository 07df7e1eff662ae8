/*
 * mount.c - the Linux mount table (self/mountinfo under the proc root,
 * or 1/mountinfo for COL_MOUNTS_INIT) and filesystem usage (statvfs).
 */
#include "linux_internal.h"
#include "mountinfo.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/statvfs.h>

/* Keeps the count and the first reason, for the agent to log. */
static void note_skip(void *ctx, size_t line_no, const char *reason)
{
    struct mount_list *l = ctx;

    if (l->skipped++ == 0) {
        l->first_skip_line = line_no;
        l->first_skip_reason = reason;
    }
}

/* COL_MOUNTS_INIT: every row's probe_path is "<proc root>/1/root" and
 * the mount point, the path by which init's mount is reached from here
 * (the kernel resolves it in init's root and mount namespace). */
static enum col_status set_probe_paths(const char *init_root,
                                       struct mount_list *l)
{
    size_t rn = strlen(init_root);

    for (size_t i = 0; i < l->count; i++) {
        struct mount_row *r = &l->rows[i];
        size_t mn = r->mount_point.len;
        char *p = malloc(rn + mn + 1);

        if (p == NULL)
            return COL_ERR_NOMEM;
        memcpy(p, init_root, rn);
        if (mn > 0)
            memcpy(p + rn, r->mount_point.ptr, mn);
        p[rn + mn] = '\0';
        col_bytes_free(&r->probe_path);
        r->probe_path.ptr = p;
        r->probe_path.len = rn + mn;
    }
    return COL_OK;
}

/* mountinfo rather than /proc/mounts: it carries the device number (for
 * duplicate detection), the mount id and the root of bind mounts, and
 * its optional fields end with an explicit separator. */
enum col_status collector_mounts(struct collector *c, struct mount_list *out)
{
    enum col_status st;
    int cut = 0;

    if (c == NULL || out == NULL)
        return COL_ERR_INVAL;
    memset(out, 0, sizeof(*out));
    if (lx_read_at(c->root_fd,
                   c->init_root != NULL ? "1/mountinfo" : "self/mountinfo",
                   &c->buf, LX_MOUNTINFO_MAX, &cut) < 0)
        return errno == ENOMEM   ? COL_ERR_NOMEM
               : errno == EACCES ? COL_ERR_ACCESS
                                 : COL_ERR_IO;
    if (cut) /* an endless file (a device in a --proc-root tree) */
        return COL_ERR_IO;
    st = mountinfo_parse(c->buf.data, c->buf.len, out, note_skip, out);
    if (st != COL_OK)
        return st;
    /* A few bad lines cost a few rows; nothing but bad lines means this
     * is not a mountinfo file at all. */
    if (out->count == 0 && out->skipped > 0)
        return COL_ERR_PARSE;
    if (c->init_root != NULL && set_probe_paths(c->init_root, out) != COL_OK) {
        mount_list_free(out);
        return COL_ERR_NOMEM;
    }
    return COL_OK;
}

/* a * b, saturated: a corrupt FUSE answer must not wrap to a small size. */
static uint64_t mul_sat(uint64_t a, uint64_t b)
{
    uint64_t r;

    return __builtin_mul_overflow(a, b, &r) ? UINT64_MAX : r;
}

enum col_status collector_fs_usage(const char *mount_point,
                                   struct fs_usage *out, int *err_no)
{
    struct statvfs sv;
    uint64_t frsize;
    int rc;

    if (err_no != NULL)
        *err_no = 0;
    if (mount_point == NULL || out == NULL)
        return COL_ERR_INVAL;
    memset(out, 0, sizeof(*out));
    do
        rc = statvfs(mount_point, &sv);
    while (rc < 0 && errno == EINTR);
    if (rc < 0) {
        if (err_no != NULL)
            *err_no = errno;
        return COL_ERR_IO;
    }
    /* glibc falls back to f_bsize when the kernel leaves f_frsize 0, but
     * a FUSE daemon can still answer 0 for both. */
    frsize = sv.f_frsize ? (uint64_t)sv.f_frsize : (uint64_t)sv.f_bsize;
    out->size_bytes = mul_sat((uint64_t)sv.f_blocks, frsize);
    out->free_bytes = mul_sat((uint64_t)sv.f_bfree, frsize);
    out->avail_bytes = mul_sat((uint64_t)sv.f_bavail, frsize);
    out->inodes = (uint64_t)sv.f_files;
    out->inodes_free = (uint64_t)sv.f_ffree;
    out->block_size = frsize > UINT32_MAX ? UINT32_MAX : (uint32_t)frsize;
    return COL_OK;
}
