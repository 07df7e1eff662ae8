/*
 * util.c - see util.h.
 */
#include "util.h"

#include <time.h>

uint64_t sia_mono_ms(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}

size_t sia_partition(size_t n, const void *ctx,
                     int (*below)(const void *ctx, size_t i))
{
    size_t lo = 0, hi = n;

    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;

        if (below(ctx, mid))
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

size_t sia_escape_byte(char out[4], unsigned char c,
                       enum sia_escape_style style)
{
    static const char hex[] = "0123456789abcdef";
    int control = c < 0x20 || c == 0x7f;

    if (style == SIA_ESC_QUOTED && (c == '"' || c == '\\')) {
        out[0] = '\\';
        out[1] = (char)c;
        return 2;
    }
    if (style == SIA_ESC_QUOTED && control) {
        out[0] = '\\';
        out[1] = 'x';
        out[2] = hex[c >> 4];
        out[3] = hex[c & 15];
        return 4;
    }
    if (c == '\\' || control || (style == SIA_ESC_ASCII && c >= 0x80)) {
        if (style != SIA_ESC_QUOTED) {
            out[0] = '\\';
            out[1] = (char)('0' + (c >> 6));
            out[2] = (char)('0' + ((c >> 3) & 7));
            out[3] = (char)('0' + (c & 7));
            return 4;
        }
    }
    out[0] = (char)c;
    return 1;
}

int sia_parse_uint(const char *s, unsigned long max, unsigned long *out)
{
    unsigned long v = 0;

    if (*s == '\0')
        return -1;
    for (; *s != '\0'; s++) {
        unsigned long d = (unsigned long)(*s - '0');

        if (*s < '0' || *s > '9' || d > max || v > (max - d) / 10)
            return -1;
        v = v * 10 + d;
    }
    *out = v;
    return 0;
}
