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

#endif
