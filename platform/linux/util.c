/*
 * util.c - reading small kernel files relative to a directory fd.
 */
#include "linux_internal.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

int lx_buf_reserve(struct lx_buf *b, size_t need)
{
    size_t cap = b->cap ? b->cap : 4096;
    char *p;

    if (need + 1 <= b->cap)
        return 0;
    while (cap < need + 1)
        cap *= 2;
    p = realloc(b->data, cap);
    if (p == NULL) {
        errno = ENOMEM;
        return -1;
    }
    b->data = p;
    b->cap = cap;
    return 0;
}

void lx_buf_free(struct lx_buf *b)
{
    free(b->data);
    b->data = NULL;
    b->len = 0;
    b->cap = 0;
}

/* Reads until EOF or `max` bytes; proc files must be read in a loop, a
 * single read() may return less than the file holds.  short_eof: a read
 * that returns less than it was asked for is the end (true of procfs's
 * own files, whose read handlers fill the buffer as far as the content
 * goes; procps's ps relies on it too): one read() per file instead of
 * two. */
static int read_fd(int fd, struct lx_buf *b, size_t max, int *truncated,
                   int short_eof)
{
    size_t limit = max ? max + 1 : (size_t)-1; /* +1 detects truncation */

    b->len = 0;
    for (;;) {
        size_t want;
        ssize_t n;

        if (b->len >= limit)
            break;
        if (lx_buf_reserve(b, b->len + 4096) < 0)
            return -1;
        want = b->cap - 1 - b->len;
        if (want > limit - b->len)
            want = limit - b->len;
        n = read(fd, b->data + b->len, want);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            return -1;
        }
        if (n == 0)
            break;
        b->len += (size_t)n;
        if (short_eof && (size_t)n < want)
            break;
    }
    if (truncated != NULL)
        *truncated = max && b->len > max;
    if (max && b->len > max)
        b->len = max;
    b->data[b->len] = '\0';
    return 0;
}

/* check_type 0: a file of procfs itself (lx_read_proc). */
static int read_at(int dirfd, const char *path, struct lx_buf *b, size_t max,
                   int *truncated, int check_type)
{
    /* O_NONBLOCK and the S_ISREG check: a FIFO or a device planted in a
     * --proc-root tree is refused, never waited on or read for ever. */
    int fd = openat(dirfd, path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
    size_t cap = max ? max : LX_READ_MAX;
    int rc, saved, cut = 0;
    struct stat st;

    if (fd < 0)
        return -1;
    if (check_type && (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode))) {
        close(fd);
        errno = EINVAL;
        return -1;
    }
    rc = read_fd(fd, b, cap, &cut, !check_type);
    saved = errno;
    close(fd);
    if (rc == 0 && cut && max == 0) {
        /* The whole file was asked for and it is over the cap. */
        rc = -1;
        saved = EFBIG;
    }
    if (truncated != NULL)
        *truncated = cut;
    errno = saved;
    return rc;
}

int lx_read_at(int dirfd, const char *path, struct lx_buf *b, size_t max,
               int *truncated)
{
    return read_at(dirfd, path, b, max, truncated, 1);
}

int lx_read_proc(int dirfd, const char *path, struct lx_buf *b, size_t max,
                 int *truncated)
{
    return read_at(dirfd, path, b, max, truncated, 0);
}
