/*
 * hangfs.c - a tiny FUSE filesystem for tests of hung mounts, speaking the
 * raw /dev/fuse protocol (no libfuse).
 *
 *   hangfs MOUNTPOINT
 *
 * Mounts a read-only-looking directory of type "fuse.hangfs" on
 * MOUNTPOINT and serves it in the foreground.  It holds one file, "file"
 * (1 MB of 'x', readable and mmap-able: a stopped daemon then blocks a
 * page fault on it, see mmaplock.c).  statfs answers fixed
 * numbers (1000000 blocks of 4096 bytes, 400000 free, 350000 available,
 * 100000 inodes, 90000 free).  The point is what happens when the daemon
 * stops answering: `kill -STOP` it and every statfs on the mount blocks
 * (the kernel waits for the daemon, no timeout); `kill -CONT` and they
 * all complete.  Unmount with `umount -l MOUNTPOINT`; the daemon then
 * exits 0 (ENODEV on /dev/fuse, or FUSE_DESTROY).  Must run as root.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/fuse.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <time.h>
#include <unistd.h>

/* Requests are bounded by max_write (4096, the minimum) plus headers;
 * the kernel refuses reads into buffers under FUSE_MIN_READ_BUFFER. */
#define MAX_WRITE 4096u
#define BUF_SIZE  (FUSE_MIN_READ_BUFFER + 2 * MAX_WRITE)

static uint64_t buf[BUF_SIZE / sizeof(uint64_t)];
static time_t start_time;

/* error: 0 or a negative errno.  ENOENT from write means the request was
 * interrupted and is gone: nothing to do. */
static int reply(int fd, uint64_t unique, int error, const void *data,
                 size_t len)
{
    struct fuse_out_header oh;
    struct iovec iov[2];
    ssize_t n;

    if (error != 0)
        len = 0;
    oh.len = (uint32_t)(sizeof(oh) + len);
    oh.error = error;
    oh.unique = unique;
    iov[0].iov_base = &oh;
    iov[0].iov_len = sizeof(oh);
    iov[1].iov_base = (void *)data;
    iov[1].iov_len = len;
    n = writev(fd, iov, len > 0 ? 2 : 1);
    if (n < 0 && errno != ENOENT) {
        perror("hangfs: write /dev/fuse");
        return -1;
    }
    return 0;
}

static int do_init(int fd, const struct fuse_in_header *in)
{
    const struct fuse_init_in *arg = (const void *)(in + 1);
    struct fuse_init_out out;

    memset(&out, 0, sizeof(out));
    out.major = FUSE_KERNEL_VERSION;
    out.minor = FUSE_KERNEL_MINOR_VERSION;
    if (arg->major < 7) {
        fprintf(stderr, "hangfs: kernel FUSE %u.%u is too old\n", arg->major,
                arg->minor);
        return -1;
    }
    /* A newer major: answer ours only, the kernel then retries in it. */
    if (arg->major > FUSE_KERNEL_VERSION)
        return reply(fd, in->unique, 0, &out, 8);
    out.max_readahead = arg->max_readahead;
    out.max_write = MAX_WRITE;
    out.max_background = 16;
    out.congestion_threshold = 12;
    out.time_gran = 1;
    return reply(fd, in->unique, 0, &out, sizeof(out));
}

#define FILE_NODE 2
#define FILE_SIZE (1u << 20)

static void fill_attr(struct fuse_attr *a, uint64_t node)
{
    memset(a, 0, sizeof(*a));
    a->ino = node;
    a->mode = node == FUSE_ROOT_ID ? S_IFDIR | 0755 : S_IFREG | 0644;
    a->nlink = node == FUSE_ROOT_ID ? 2 : 1;
    a->size = node == FUSE_ROOT_ID ? 0 : FILE_SIZE;
    a->blocks = a->size / 512;
    a->blksize = 4096;
    a->atime = a->mtime = a->ctime = (uint64_t)start_time;
}

static int do_getattr(int fd, const struct fuse_in_header *in)
{
    struct fuse_attr_out out;

    if (in->nodeid != FUSE_ROOT_ID && in->nodeid != FILE_NODE)
        return reply(fd, in->unique, -ENOENT, NULL, 0);
    memset(&out, 0, sizeof(out));
    out.attr_valid = 1;
    fill_attr(&out.attr, in->nodeid);
    return reply(fd, in->unique, 0, &out, sizeof(out));
}

static int do_lookup(int fd, const struct fuse_in_header *in)
{
    const char *name = (const char *)(in + 1);
    struct fuse_entry_out out;

    if (in->nodeid != FUSE_ROOT_ID || strcmp(name, "file") != 0)
        return reply(fd, in->unique, -ENOENT, NULL, 0);
    memset(&out, 0, sizeof(out));
    out.nodeid = FILE_NODE;
    out.generation = 1;
    out.entry_valid = 1;
    out.attr_valid = 1;
    fill_attr(&out.attr, FILE_NODE);
    return reply(fd, in->unique, 0, &out, sizeof(out));
}

static int do_read(int fd, const struct fuse_in_header *in)
{
    const struct fuse_read_in *arg = (const void *)(in + 1);
    static char data[MAX_WRITE * 32];
    size_t n = arg->size;

    if (arg->offset >= FILE_SIZE)
        n = 0;
    else if (n > FILE_SIZE - arg->offset)
        n = FILE_SIZE - arg->offset;
    if (n > sizeof(data))
        n = sizeof(data);
    memset(data, 'x', n);
    return reply(fd, in->unique, 0, data, n);
}

static int do_statfs(int fd, const struct fuse_in_header *in)
{
    struct fuse_statfs_out out;

    memset(&out, 0, sizeof(out));
    out.st.blocks = 1000000;
    out.st.bfree = 400000;
    out.st.bavail = 350000;
    out.st.files = 100000;
    out.st.ffree = 90000;
    out.st.bsize = 4096;
    out.st.frsize = 4096;
    out.st.namelen = 255;
    return reply(fd, in->unique, 0, &out, sizeof(out));
}

static int do_opendir(int fd, const struct fuse_in_header *in)
{
    struct fuse_open_out out;

    memset(&out, 0, sizeof(out));
    out.fh = 1;
    return reply(fd, in->unique, 0, &out, sizeof(out));
}

/* Returns 1 to stop serving, 0 to go on, -1 on error. */
static int dispatch(int fd, const struct fuse_in_header *in)
{
    switch (in->opcode) {
    case FUSE_INIT:
        return do_init(fd, in);
    case FUSE_GETATTR:
        return do_getattr(fd, in);
    case FUSE_STATFS:
        return do_statfs(fd, in);
    case FUSE_LOOKUP:
        return do_lookup(fd, in);
    case FUSE_OPENDIR:
    case FUSE_OPEN:
        return do_opendir(fd, in);
    case FUSE_READ:
        return do_read(fd, in);
    case FUSE_RELEASE:
    case FUSE_FLUSH:
    case FUSE_READDIR: /* no data: the directory is empty */
    case FUSE_RELEASEDIR:
    case FUSE_ACCESS:
        return reply(fd, in->unique, 0, NULL, 0);
    case FUSE_FORGET: /* these two expect no reply */
    case FUSE_BATCH_FORGET:
        return 0;
    case FUSE_DESTROY:
        reply(fd, in->unique, 0, NULL, 0);
        return 1;
    default:
        return reply(fd, in->unique, -ENOSYS, NULL, 0);
    }
}

static int serve(int fd)
{
    for (;;) {
        ssize_t n = read(fd, buf, sizeof(buf));
        int rc;

        if (n < 0) {
            /* ENOENT: the request was interrupted before we read it. */
            if (errno == EINTR || errno == EAGAIN || errno == ENOENT)
                continue;
            if (errno == ENODEV) /* unmounted */
                return 0;
            perror("hangfs: read /dev/fuse");
            return 1;
        }
        if ((size_t)n < sizeof(struct fuse_in_header))
            continue;
        rc = dispatch(fd, (const struct fuse_in_header *)buf);
        if (rc != 0)
            return rc < 0 ? 1 : 0;
    }
}

int main(int argc, char **argv)
{
    char opts[128];
    int fd, rc;

    if (argc != 2) {
        fprintf(stderr, "usage: hangfs MOUNTPOINT\n");
        return 2;
    }
    start_time = time(NULL);
    fd = open("/dev/fuse", O_RDWR | O_CLOEXEC);
    if (fd < 0) {
        perror("hangfs: /dev/fuse");
        return 1;
    }
    snprintf(opts, sizeof(opts), "fd=%d,rootmode=40000,user_id=0,group_id=0",
             fd);
    if (mount("hangfs", argv[1], "fuse.hangfs", MS_NOSUID | MS_NODEV, opts) <
        0) {
        perror("hangfs: mount");
        close(fd);
        return 1;
    }
    fprintf(stderr, "hangfs: serving %s (pid %ld)\n", argv[1], (long)getpid());
    rc = serve(fd);
    close(fd);
    return rc;
}
