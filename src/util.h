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

/* Strict unsigned decimal: digits only (no sign, space or base prefix),
 * at most max.  Returns 0 with *out set, or -1. */
int sia_parse_uint(const char *s, unsigned long max, unsigned long *out);

/* The first i in [0, n) for which below(ctx, i) is 0, n when none;
 * below must be 1 for a prefix of [0, n) and 0 after it.  O(log n). */
size_t sia_partition(size_t n, const void *ctx,
                     int (*below)(const void *ctx, size_t i));

/* How sia_escape_byte shows a byte. */
enum sia_escape_style {
    /* --dump: printable ASCII as is, anything else (and '\') as \ooo */
    SIA_ESC_ASCII,
    /* log lines: control bytes, DEL and '\' as \ooo, the rest as is (so
     * UTF-8 names stay readable) */
    SIA_ESC_CONTROL,
    /* configuration errors, inside "...": '"' and '\' as \" and \\,
     * control bytes and DEL as \xhh, the rest as is */
    SIA_ESC_QUOTED,
};

/* Writes byte c as text in the given style to out (no NUL) and returns
 * the number of characters: 1, 2 or 4. */
size_t sia_escape_byte(char out[4], unsigned char c,
                       enum sia_escape_style style);

#endif
