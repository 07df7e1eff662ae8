/*
 * fuzz.h - shared by the libFuzzer targets in tests/fuzz/.
 *
 * Each target is one file defining LLVMFuzzerTestOneInput.  libFuzzer
 * hands it a heap buffer of exactly `size` bytes, so AddressSanitizer
 * reports any read past the end: the parsers promise never to read more
 * than len bytes (platform/linux/proc_parse.h).  FUZZ_CHECK turns a
 * broken promise about the outputs into a crash libFuzzer records.
 */
#ifndef SIA_FUZZ_H
#define SIA_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define FUZZ_CHECK(cond)                                                       \
    do {                                                                       \
        if (!(cond)) {                                                         \
            fprintf(stderr, "%s:%d: FUZZ_CHECK(%s) failed\n", __FILE__,        \
                    __LINE__, #cond);                                          \
            abort();                                                           \
        }                                                                      \
    } while (0)

/* Does [p, p + n) lie inside [base, base + len)? */
static inline int fuzz_inside(const void *base, size_t len, const void *p,
                              size_t n)
{
    const char *b = base, *q = p;

    return q >= b && n <= len && (size_t)(q - b) <= len - n;
}

#endif
