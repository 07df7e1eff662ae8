/*
 * util.h - small helpers shared by the core: the monotonic clock and a
 * binary search.  No I/O, no net-snmp.
 */
#ifndef SIA_UTIL_H
#define SIA_UTIL_H

#include <stddef.h>
#include <stdint.h>

/* CLOCK_MONOTONIC in milliseconds. */
uint64_t sia_mono_ms(void);

/* The first i in [0, n) for which below(ctx, i) is 0, n when none;
 * below must be 1 for a prefix of [0, n) and 0 after it.  O(log n). */
size_t sia_partition(size_t n, const void *ctx,
                     int (*below)(const void *ctx, size_t i));

#endif
