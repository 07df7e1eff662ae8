/*
 * linux_internal.h - shared by the Linux collector files only.
 */
#ifndef SIA_LINUX_INTERNAL_H
#define SIA_LINUX_INTERNAL_H

#include "collector.h"

#include <stddef.h>

/* A growable byte buffer, reused across reads to avoid malloc churn. */
struct lx_buf {
    char *data;
    size_t len; /* bytes held (data[len] is always '\0') */
    size_t cap;
};

struct collector {
    int root_fd;     /* O_DIRECTORY fd of the proc root */
    int mount_table; /* enum col_mount_table */
    char *init_root; /* COL_MOUNTS_INIT: "<proc root>/1/root"; else NULL */
    size_t args_max;
    long clk_tck;             /* sysconf(_SC_CLK_TCK) */
    long page_size;           /* sysconf(_SC_PAGESIZE) */
    struct lx_buf buf;        /* scratch for one file */
    struct cmdr_stuck *stuck; /* cmdline reads left behind (cmdline_read.h) */
};

/* The most lx_read_at reads when the caller gives no limit; a kernel
 * file of one process is a few KB.  mountinfo gets its own, larger cap. */
#define LX_READ_MAX      (1u << 20)
#define LX_MOUNTINFO_MAX (16u << 20)

/* Reads at most `max` bytes of dirfd/path into b (max == 0: the whole
 * file, up to LX_READ_MAX; a longer one fails with EFBIG).  Only regular
 * files are read (a FIFO or device fails with EINVAL, without blocking).
 * Returns 0, or -1 with errno set (ENOENT, EACCES, ESRCH...).
 * Sets *truncated (if not NULL) when the file holds more than max. */
int lx_read_at(int dirfd, const char *path, struct lx_buf *b, size_t max,
               int *truncated);
/* lx_read_at for files under a directory known to be on procfs (fstatfs
 * said PROC_SUPER_MAGIC), where nothing but the kernel's own regular
 * files can be: no file type check (one fstat fewer per file), and a
 * short read is the end (one read fewer per file): a scan makes 12 system
 * calls a process fewer. */
int lx_read_proc(int dirfd, const char *path, struct lx_buf *b, size_t max,
                 int *truncated);
void lx_buf_free(struct lx_buf *b);
/* Ensures room for `need` bytes plus a terminating NUL. */
int lx_buf_reserve(struct lx_buf *b, size_t need);

#endif
