/*
 * mountinfo.h - a pure parser of /proc/PID/mountinfo text into
 * struct mount_row records (no I/O: the caller reads the file).
 *
 * Line format (proc(5)), fields separated by single spaces:
 *
 *   36 35 98:0 /mnt1 /mnt/parent rw,noatime master:1 - ext3 /dev/root rw,..
 *   (1)(2) (3)  (4)     (5)        (6)        (7..)  -  (9)   (10)     (11)
 *
 * (7..) are zero or more optional fields ("shared:N", "master:N",
 * "propagate_from:N", "unbindable") ended by a lone "-".  The kernel
 * escapes space, tab, newline and backslash in paths and names as \ooo
 * octal (\040 \011 \012 \134), so a raw '\n' always ends a line.
 */
#ifndef SIA_MOUNTINFO_H
#define SIA_MOUNTINFO_H

#include "collector.h"

#include <stddef.h>
#include <stdint.h>

/* Told about every line that is skipped as malformed.  line_no counts
 * from 1; reason is a static string such as "no ' - ' separator". */
typedef void (*mountinfo_skip_fn)(void *ctx, size_t line_no,
                                  const char *reason);

/*
 * Parses len bytes of mountinfo text and appends one row per good line to
 * out (in file order).  Malformed lines are skipped and reported through
 * on_skip (may be NULL); they never fail the call.  Empty lines are
 * ignored silently.  On COL_ERR_NOMEM every row of out is freed.
 *
 * Row fields:
 *   root, mount_point, device, fstype: escapes decoded (real bytes).
 *   options: field 6 (per-mount) then field 11 (superblock) without its
 *     leading rw/ro token, joined by ','; left escaped exactly as the
 *     kernel writes them (as /proc/mounts shows them: an option value may
 *     hold an escaped ',' that must not split it).  The leading token is
 *     "ro" when either the mount or the superblock is read-only, as in
 *     /proc/mounts.
 *   read_only: the mount or its superblock is read-only (an ext4 with
 *     errors=remount-ro that hit an error has a read-only superblock
 *     under a mount that still says "rw": exactly what must be seen).
 *   dev_major/dev_minor: field 3; MOUNT_F_DEVNO set in missing when it
 *     does not parse.
 *   pseudo/remote/no_statfs: mountinfo_classify() of the fstype.
 */
enum col_status mountinfo_parse(const char *text, size_t len,
                                struct mount_list *out,
                                mountinfo_skip_fn on_skip, void *ctx);

/* Decodes the kernel's \ooo escapes (first digit 0-3, then two 0-7) from
 * src into dst, which must have room for len bytes.  Anything else after
 * a backslash is copied as is.  Returns the decoded length. */
size_t mountinfo_unescape(char *dst, const char *src, size_t len);

/* Sets row->pseudo, row->remote and row->no_statfs from row->fstype. */
void mountinfo_classify(struct mount_row *row);

#endif
