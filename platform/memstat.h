/*
 * memstat.h - the agent's own resource use, for the soak test and for
 * an operator asking a running agent (SIGUSR1 logs it: src/memstat_log.c).
 *
 * Each field is -1 when this OS or C library cannot tell.
 */
#ifndef SIA_MEMSTAT_H
#define SIA_MEMSTAT_H

#include <stdint.h>

struct memstat {
    int64_t heap_used;  /* bytes in live heap allocations */
    int64_t heap_total; /* bytes the allocator holds from the OS */
    int64_t rss;        /* resident set, bytes */
    int64_t fds;        /* open file descriptors */
};

/* Fills *out.  Safe to call from any thread, not from a signal handler. */
void memstat_read(struct memstat *out);

/* Called once at start-up: large blocks (a snapshot's row array, string
 * block, skip arrays) are mapped on their own and unmapped when freed.
 * glibc otherwise raises its mmap threshold to the size of the largest
 * block freed, after which every later snapshot's arrays stay in a heap
 * arena, interleaved with the next one's: pages the kernel never gets
 * back.  A no-op where the C library has no such setting. */
void memstat_setup(void);

/* Hands the allocator's free pages back to the OS, in every arena (the
 * agent calls it after dropping a snapshot: a scan allocates on a worker
 * thread, whose arena keeps what the old snapshot freed).  A no-op where
 * the C library cannot. */
void memstat_release(void);

#endif
