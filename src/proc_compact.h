/*
 * proc_compact.h - packs a finished process list into little memory: the
 * row array shrunk to its length, and every string of every row (name,
 * exe, args, tty, cgroup, cwd) interned into one block, each distinct
 * string once (hosts run many processes with the same executable, cgroup,
 * working directory, often the same command line).  Worker thread only.
 */
#ifndef SIA_PROC_COMPACT_H
#define SIA_PROC_COMPACT_H

#include "collector.h"

/* On success returns the block the rows' strings now point into (the
 * caller frees it, and the rows with free(l->rows), never with
 * proc_list_free); the rows' own string allocations are freed.  Returns
 * NULL when out of memory, with l unchanged (still freed with
 * proc_list_free). */
char *proc_compact(struct proc_list *l);

#endif
