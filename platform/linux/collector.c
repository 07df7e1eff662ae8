/*
 * collector.c - opening and closing the Linux collector: the proc root is
 * opened once and every later read is relative to it (openat), so
 * --proc-root can point at a fixture tree or a container's view of the
 * host's /proc.
 */
#include "cmdline_read.h"
#include "linux_internal.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* "<proc root>/1/root": init's view of the file system, through which
 * its mount points are reached (proc(5), needs ptrace access to pid 1).
 * A path, not an fd: statfs runs on threads that may outlive us. */
static char *init_root_path(const char *proc_root)
{
    size_t n = strlen(proc_root);
    char *p;

    while (n > 1 && proc_root[n - 1] == '/')
        n--;
    p = malloc(n + sizeof("/1/root"));
    if (p != NULL) {
        memcpy(p, proc_root, n);
        strcpy(p + n, n == 1 && proc_root[0] == '/' ? "1/root" : "/1/root");
    }
    return p;
}

enum col_status collector_open(const struct collector_options *opt,
                               struct collector **out)
{
    struct collector *c;

    *out = NULL;
    if (opt == NULL || opt->proc_root == NULL)
        return COL_ERR_INVAL;
    c = calloc(1, sizeof(*c));
    if (c == NULL)
        return COL_ERR_NOMEM;
    c->stuck = cmdr_stuck_new();
    c->root_fd = open(opt->proc_root, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (c->stuck == NULL || c->root_fd < 0) {
        enum col_status st = c->stuck == NULL  ? COL_ERR_NOMEM
                             : errno == EACCES ? COL_ERR_ACCESS
                                               : COL_ERR_IO;

        if (c->root_fd >= 0)
            close(c->root_fd);
        cmdr_stuck_put(c->stuck);
        free(c);
        return st;
    }
    c->mount_table = opt->mount_table;
    if (c->mount_table == COL_MOUNTS_INIT &&
        (c->init_root = init_root_path(opt->proc_root)) == NULL) {
        collector_close(c);
        return COL_ERR_NOMEM;
    }
    c->args_max = opt->args_max ? opt->args_max : 4096;
    c->clk_tck = sysconf(_SC_CLK_TCK);
    if (c->clk_tck <= 0)
        c->clk_tck = 100;
    c->page_size = sysconf(_SC_PAGESIZE);
    if (c->page_size <= 0)
        c->page_size = 4096;
    *out = c;
    return COL_OK;
}

void collector_close(struct collector *c)
{
    if (c == NULL)
        return;
    close(c->root_fd);
    cmdr_stuck_put(c->stuck);
    lx_buf_free(&c->buf);
    free(c->init_root);
    free(c);
}
