/*
 * mountinfo.c - pure parser of /proc/PID/mountinfo (see mountinfo.h).
 * Every read is bounded by the line's length: lines are length-counted
 * slices of the buffer, never NUL-terminated strings.
 */
#include "mountinfo.h"

#include <libmount/libmount.h>

#include <stdlib.h>
#include <string.h>

/* A slice of the input buffer. */
struct field {
    const char *p;
    size_t len;
};

/* Walks the space-separated fields of one line.  Empty fields are kept
 * (the kernel prints an empty mount source as two adjacent spaces). */
struct cursor {
    const char *p;
    const char *end;
    int done;
};

static int next_field(struct cursor *c, struct field *f)
{
    const char *sp;

    if (c->done)
        return 0;
    sp = memchr(c->p, ' ', (size_t)(c->end - c->p));
    f->p = c->p;
    if (sp == NULL) {
        f->len = (size_t)(c->end - c->p);
        c->done = 1;
    } else {
        f->len = (size_t)(sp - c->p);
        c->p = sp + 1;
    }
    return 1;
}

static int field_is(const struct field *f, const char *s)
{
    size_t n = strlen(s);

    return f->len == n && memcmp(f->p, s, n) == 0;
}

/* Strict unsigned decimal: no sign, no spaces, no overflow. */
static int parse_u32(const char *p, size_t len, uint32_t *out)
{
    uint64_t v = 0;

    if (len == 0 || len > 10)
        return -1;
    for (size_t i = 0; i < len; i++) {
        if (p[i] < '0' || p[i] > '9')
            return -1;
        v = v * 10 + (uint64_t)(p[i] - '0');
    }
    if (v > UINT32_MAX)
        return -1;
    *out = (uint32_t)v;
    return 0;
}

/* "major:minor"; sets MOUNT_F_DEVNO instead of failing the line, since
 * the rest of the row is still worth showing. */
static void parse_devno(const struct field *f, struct mount_row *row)
{
    const char *colon = memchr(f->p, ':', f->len);

    if (colon != NULL &&
        parse_u32(f->p, (size_t)(colon - f->p), &row->dev_major) == 0 &&
        parse_u32(colon + 1, f->len - (size_t)(colon - f->p) - 1,
                  &row->dev_minor) == 0)
        return;
    row->dev_major = 0;
    row->dev_minor = 0;
    row->missing |= MOUNT_F_DEVNO;
}

static int is_octal(char ch)
{
    return ch >= '0' && ch <= '7';
}

size_t mountinfo_unescape(char *dst, const char *src, size_t len)
{
    size_t o = 0;

    for (size_t i = 0; i < len; i++) {
        /* \ooo above \377 does not fit a byte: the kernel never writes
         * one, so it is copied as text rather than silently truncated. */
        if (src[i] == '\\' && len - i >= 4 && src[i + 1] >= '0' &&
            src[i + 1] <= '3' && is_octal(src[i + 2]) && is_octal(src[i + 3])) {
            dst[o++] = (char)(((src[i + 1] - '0') << 6) |
                              ((src[i + 2] - '0') << 3) | (src[i + 3] - '0'));
            i += 3;
        } else {
            dst[o++] = src[i];
        }
    }
    return o;
}

static int set_decoded(struct col_bytes *b, const struct field *f)
{
    char *p = malloc(f->len + 1);

    if (p == NULL)
        return -1;
    free(b->ptr);
    b->len = mountinfo_unescape(p, f->p, f->len);
    p[b->len] = '\0';
    b->ptr = p;
    return 0;
}

/* Length of the leading "rw"/"ro" token of an option list, including
 * the ',' after it; 0 when the list does not start with one. */
static size_t rwro_prefix(const struct field *f)
{
    if (f->len < 2 || f->p[0] != 'r' || (f->p[1] != 'w' && f->p[1] != 'o'))
        return 0;
    if (f->len == 2)
        return 2;
    return f->p[2] == ',' ? 3 : 0;
}

/*
 * options = field 6, then field 11 minus its rw/ro token.  When only the
 * superblock is read-only, field 6 still says "rw"; /proc/mounts says
 * "ro" then, and so do we.
 */
static int merge_options(struct mount_row *row, const struct field *mnt,
                         const struct field *sb)
{
    size_t skip = rwro_prefix(sb);
    size_t rest = sb->len - skip;
    size_t len = mnt->len + (rest > 0 ? 1 + rest : 0);
    char *p = malloc(len + 1);

    if (p == NULL)
        return -1;
    memcpy(p, mnt->p, mnt->len);
    if (row->read_only && rwro_prefix(mnt) != 0 && p[1] == 'w')
        p[1] = 'o';
    if (rest > 0) {
        p[mnt->len] = ',';
        memcpy(p + mnt->len + 1, sb->p + skip, rest);
    }
    p[len] = '\0';
    free(row->options.ptr);
    row->options.ptr = p;
    row->options.len = len;
    return 0;
}

static int has_ro_token(const struct field *f)
{
    return rwro_prefix(f) != 0 && f->p[1] == 'o';
}

/* The fixed fields of one line, before any allocation. */
struct line_fields {
    uint32_t mount_id, parent_id;
    struct field devno, root, mount_point, mnt_opts;
    struct field fstype, source, sb_opts;
};

static const char *split_line(const char *p, size_t len, struct line_fields *lf)
{
    struct cursor c = {p, p + len, 0};
    struct field f,
        *fixed[] = {&lf->devno, &lf->root, &lf->mount_point, &lf->mnt_opts};

    if (memchr(p, '\0', len) != NULL)
        return "NUL byte in line";
    if (!next_field(&c, &f) || parse_u32(f.p, f.len, &lf->mount_id) < 0)
        return "bad mount id";
    if (!next_field(&c, &f) || parse_u32(f.p, f.len, &lf->parent_id) < 0)
        return "bad parent id";
    for (size_t i = 0; i < sizeof(fixed) / sizeof(fixed[0]); i++)
        if (!next_field(&c, fixed[i]))
            return "too few fields";
    /* Optional fields: any number, up to the lone "-". */
    do {
        if (!next_field(&c, &f))
            return "no ' - ' separator";
    } while (!field_is(&f, "-"));
    if (!next_field(&c, &lf->fstype) || lf->fstype.len == 0)
        return "missing filesystem type";
    if (!next_field(&c, &lf->source))
        return "missing mount source";
    if (!next_field(&c, &lf->sb_opts))
        return "missing superblock options";
    /* Later kernels may append fields: they are ignored, not an error. */
    if (lf->mount_point.len == 0 || lf->mount_point.p[0] != '/')
        return "mount point not absolute";
    if (lf->mnt_opts.len == 0)
        return "empty mount options";
    return NULL;
}

/* Fills row from one line.  Returns COL_OK, COL_ERR_PARSE with *reason
 * set, or COL_ERR_NOMEM.  row must be zeroed; on error it may hold
 * allocations the caller frees. */
static enum col_status parse_line(const char *p, size_t len,
                                  struct mount_row *row, const char **reason)
{
    struct line_fields lf;

    *reason = split_line(p, len, &lf);
    if (*reason != NULL)
        return COL_ERR_PARSE;
    row->mount_id = lf.mount_id;
    row->parent_id = lf.parent_id;
    parse_devno(&lf.devno, row);
    row->read_only = has_ro_token(&lf.mnt_opts) || has_ro_token(&lf.sb_opts);
    if (set_decoded(&row->root, &lf.root) < 0 ||
        set_decoded(&row->mount_point, &lf.mount_point) < 0 ||
        set_decoded(&row->device, &lf.source) < 0 ||
        set_decoded(&row->fstype, &lf.fstype) < 0 ||
        merge_options(row, &lf.mnt_opts, &lf.sb_opts) < 0)
        return COL_ERR_NOMEM;
    /* \000 decodes to a NUL: statfs would then see another path. */
    if (memchr(row->mount_point.ptr, '\0', row->mount_point.len) != NULL) {
        *reason = "NUL byte in mount point";
        return COL_ERR_PARSE;
    }
    mountinfo_classify(row);
    return COL_OK;
}

static int list_grow(struct mount_list *l)
{
    size_t cap = l->cap ? l->cap * 2 : 64;
    struct mount_row *rows;

    if (l->count < l->cap)
        return 0;
    rows = realloc(l->rows, cap * sizeof(*rows));
    if (rows == NULL)
        return -1;
    l->rows = rows;
    l->cap = cap;
    return 0;
}

enum col_status mountinfo_parse(const char *text, size_t len,
                                struct mount_list *out,
                                mountinfo_skip_fn on_skip, void *ctx)
{
    const char *p = text, *end = text + len;
    size_t line_no = 0;

    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        size_t n = nl != NULL ? (size_t)(nl - p) : (size_t)(end - p);
        struct mount_row row = {0};
        const char *reason = NULL;
        enum col_status st = COL_OK;

        line_no++;
        if (n > 0)
            st = parse_line(p, n, &row, &reason);
        p += n + (nl != NULL);
        if (n == 0)
            continue;
        if (st == COL_OK && list_grow(out) < 0)
            st = COL_ERR_NOMEM;
        if (st != COL_OK)
            mount_row_free(&row);
        if (st == COL_ERR_NOMEM) {
            mount_list_free(out);
            return COL_ERR_NOMEM;
        }
        if (st == COL_ERR_PARSE) {
            if (on_skip != NULL)
                on_skip(ctx, line_no, reason);
            continue;
        }
        out->rows[out->count++] = row;
    }
    return COL_OK;
}

/* ------------------------------------------------------- classification */

/*
 * Pseudo filesystems: util-linux's libmount keeps the list
 * (mnt_fstype_is_pseudofs, whole names); ours only say where we differ
 * from it, on purpose.  Pseudo filesystems are kernel interfaces and containers
 * of device nodes, whose "usage" means nothing to an operator; hidden by
 * default (config: mount_include_type brings one back).  libmount also calls
 * these pseudo, but we show them:
 *   tmpfs: /dev/shm, /run and /tmp fill up and are graphed;
 *   overlay: a container's root filesystem;
 *   fuse: a FUSE filesystem whose daemon names no subtype is still a
 *     filesystem with data.
 * And we hide two that libmount 2.38 does not list: usbfs, xenfs.
 *
 * Network filesystems: the data lives on another host, so the same bytes
 * may be counted by many agents.  Here libmount is not used: its
 * mnt_fstype_is_netfs() matches prefixes ("nfs*", "9p*"), so it calls
 * nfsd, the NFS server's control filesystem, remote, and it lacks the
 * cluster and FUSE network filesystems below.  gfs2 and ocfs2 are NOT
 * remote: they are block filesystems on a disk this host reaches as a
 * local block device (shared-disk clusters), which is also how df -l
 * sees them.
 */
static const char *const shown_pseudo_types[] = {"tmpfs", "overlay", "fuse"};

static const char *const more_pseudo_types[] = {"usbfs", "xenfs"};

static const char *const remote_types[] = {
    "9p",
    "afs",
    "auristorfs",
    "beegfs",
    "ceph",
    "cifs",
    "coda",
    "davfs",
    "fuse.ceph",
    "fuse.ceph-fuse",
    "fuse.davfs2",
    "fuse.gcsfuse",
    "fuse.glusterfs",
    "fuse.juicefs",
    "fuse.rclone",
    "fuse.s3fs",
    "fuse.sshfs",
    "glusterfs",
    "gpfs",
    "lustre",
    "ncpfs",
    "nfs",
    "nfs4",
    "orangefs",
    "smb3",
    "smbfs",
    "sshfs",
};

/* statfs must never be called: on autofs it triggers the automount, which
 * may hang on a dead server. */
static const char *const no_statfs_types[] = {
    "autofs",
};

static int in_list(const struct col_bytes *b, const char *const *list, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (strlen(list[i]) == b->len && memcmp(list[i], b->ptr, b->len) == 0)
            return 1;
    return 0;
}

#define IN_LIST(b, list) in_list((b), (list), sizeof(list) / sizeof(list[0]))

void mountinfo_classify(struct mount_row *row)
{
    const struct col_bytes *t = &row->fstype;

    if (t->ptr == NULL) {
        row->pseudo = row->remote = row->no_statfs = 0;
        return;
    }
    /* libmount takes a C string: a type with a NUL byte in it is none of
     * its types */
    int whole = strlen(t->ptr) == t->len;

    row->pseudo = (uint8_t)(((whole && mnt_fstype_is_pseudofs(t->ptr)) &&
                             !IN_LIST(t, shown_pseudo_types)) ||
                            IN_LIST(t, more_pseudo_types));
    row->remote = (uint8_t)IN_LIST(t, remote_types);
    row->no_statfs = (uint8_t)IN_LIST(t, no_statfs_types);
}
