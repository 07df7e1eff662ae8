/*
 * memstat.c - no way to ask on this OS: every figure is unknown.
 */
#include "memstat.h"

void memstat_read(struct memstat *out)
{
    out->heap_used = -1;
    out->heap_total = -1;
    out->rss = -1;
    out->fds = -1;
}

void memstat_release(void)
{
}

void memstat_setup(void)
{
}
