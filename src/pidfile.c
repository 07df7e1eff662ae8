/*
 * pidfile.c - see pidfile.h.
 */
#include "pidfile.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

struct pidfile {
    int fd;
    dev_t dev;
    ino_t ino;
    char *path;
};

/* The pid a running copy wrote, for the message; 0 if unreadable. */
static long holder_pid(int fd)
{
    char buf[32];
    ssize_t n = pread(fd, buf, sizeof(buf) - 1, 0);

    if (n <= 0)
        return 0;
    buf[n] = '\0';
    return strtol(buf, NULL, 10);
}

static int check_file(int fd, const char *path, struct stat *st, char *err,
                      size_t errlen)
{
    if (fstat(fd, st) < 0) {
        snprintf(err, errlen, "pid file %s: %s", path, strerror(errno));
        return -1;
    }
    if (!S_ISREG(st->st_mode) || st->st_nlink != 1 || st->st_uid != geteuid()) {
        snprintf(err, errlen,
                 "pid file %s: refused (not a regular file with one link "
                 "owned by uid %ld)",
                 path, (long)geteuid());
        return -1;
    }
    return 0;
}

static int lock_file(int fd, const char *path, char *err, size_t errlen)
{
    while (flock(fd, LOCK_EX | LOCK_NB) < 0) {
        if (errno == EINTR)
            continue;
        if (errno == EWOULDBLOCK)
            snprintf(err, errlen,
                     "pid file %s is locked by a running copy (pid %ld); "
                     "not starting",
                     path, holder_pid(fd));
        else
            snprintf(err, errlen, "pid file %s: lock: %s", path,
                     strerror(errno));
        return -1;
    }
    return 0;
}

static int write_pid(int fd, pid_t pid)
{
    char buf[32];
    int n = snprintf(buf, sizeof(buf), "%ld\n", (long)pid);

    if (ftruncate(fd, 0) < 0)
        return -1;
    return pwrite(fd, buf, (size_t)n, 0) == n ? 0 : -1;
}

struct pidfile *pidfile_create(const char *path, pid_t pid, char *err,
                               size_t errlen)
{
    struct pidfile *p = calloc(1, sizeof(*p));
    struct stat st;

    if (p == NULL || (p->path = strdup(path)) == NULL) {
        snprintf(err, errlen, "pid file %s: out of memory", path);
        free(p);
        return NULL;
    }
    /* O_NOFOLLOW: a symlink planted in the directory is refused, and
     * nothing is truncated before the checks and the lock. */
    p->fd = open(path, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK,
                 0644);
    if (p->fd < 0) {
        snprintf(err, errlen, "pid file %s: %s", path,
                 errno == ELOOP ? "is a symbolic link: refused"
                                : strerror(errno));
    } else if (check_file(p->fd, path, &st, err, errlen) == 0 &&
               lock_file(p->fd, path, err, errlen) == 0) {
        p->dev = st.st_dev;
        p->ino = st.st_ino;
        if (write_pid(p->fd, pid) == 0)
            return p;
        snprintf(err, errlen, "pid file %s: write: %s", path, strerror(errno));
    }
    if (p->fd >= 0)
        close(p->fd);
    free(p->path);
    free(p);
    return NULL;
}

void pidfile_remove(struct pidfile *p)
{
    struct stat st;

    if (p == NULL)
        return;
    if (lstat(p->path, &st) == 0 && st.st_dev == p->dev &&
        st.st_ino == p->ino && unlink(p->path) < 0)
        (void)!ftruncate(p->fd, 0); /* no longer allowed to unlink */
    close(p->fd);                   /* releases the lock */
    free(p->path);
    free(p);
}
