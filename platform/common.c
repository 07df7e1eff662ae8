/*
 * common.c - OS-neutral helpers for the collector rows: owned byte
 * strings and the free paths of every row type.
 */
#include "collector.h"

#include <stdlib.h>
#include <string.h>

const char *col_status_str(enum col_status st)
{
    switch (st) {
    case COL_OK:
        return "ok";
    case COL_ERR_NOMEM:
        return "out of memory";
    case COL_ERR_IO:
        return "read error";
    case COL_ERR_PARSE:
        return "malformed input";
    case COL_ERR_GONE:
        return "no such process";
    case COL_ERR_ACCESS:
        return "permission denied";
    case COL_ERR_INVAL:
        return "invalid argument";
    case COL_ERR_UNSUPPORTED:
        return "not supported on this system";
    }
    return "unknown status";
}

void col_bytes_free(struct col_bytes *b)
{
    free(b->ptr);
    b->ptr = NULL;
    b->len = 0;
}

int col_bytes_set(struct col_bytes *b, const char *src, size_t len)
{
    char *p = malloc(len + 1);

    if (p == NULL)
        return -1;
    if (len > 0)
        memcpy(p, src, len);
    p[len] = '\0';
    free(b->ptr);
    b->ptr = p;
    b->len = len;
    return 0;
}

void sys_info_free(struct sys_info *s)
{
    col_bytes_free(&s->sysname);
    col_bytes_free(&s->nodename);
    col_bytes_free(&s->release);
    col_bytes_free(&s->version);
    col_bytes_free(&s->machine);
}

void proc_row_free(struct proc_row *r)
{
    col_bytes_free(&r->name);
    col_bytes_free(&r->exe);
    col_bytes_free(&r->args);
    col_bytes_free(&r->tty);
    col_bytes_free(&r->cgroup);
    col_bytes_free(&r->cwd);
}

void proc_list_free(struct proc_list *l)
{
    for (size_t i = 0; i < l->count; i++)
        proc_row_free(&l->rows[i]);
    free(l->rows);
    l->rows = NULL;
    l->count = 0;
    l->cap = 0;
}

void mount_row_free(struct mount_row *r)
{
    col_bytes_free(&r->root);
    col_bytes_free(&r->mount_point);
    col_bytes_free(&r->device);
    col_bytes_free(&r->fstype);
    col_bytes_free(&r->options);
    col_bytes_free(&r->probe_path);
}

void mount_list_free(struct mount_list *l)
{
    for (size_t i = 0; i < l->count; i++)
        mount_row_free(&l->rows[i]);
    free(l->rows);
    l->rows = NULL;
    l->count = 0;
    l->cap = 0;
    l->skipped = 0;
    l->first_skip_line = 0;
    l->first_skip_reason = NULL;
}
