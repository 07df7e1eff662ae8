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
    int root_fd; /* O_DIRECTORY fd of the proc root */
    size_t args_max;
    long clk_tck;       /* sysconf(_SC_CLK_TCK) */
    long page_size;     /* sysconf(_SC_PAGESIZE) */
    struct lx_buf buf;  /* scratch for one file */
    struct lx_buf buf2; /* second scratch (cmdline while stat is held) */
};

/* Reads at most `max` bytes of dirfd/path into b (max == 0: no limit).
 * Returns 0, or -1 with errno set (ENOENT, EACCES, ESRCH...).
 * Sets *truncated (if not NULL) when the file holds more than max. */
int lx_read_at(int dirfd, const char *path, struct lx_buf *b, size_t max,
               int *truncated);
void lx_buf_free(struct lx_buf *b);
/* Ensures room for `need` bytes plus a terminating NUL. */
int lx_buf_reserve(struct lx_buf *b, size_t need);

#endif
