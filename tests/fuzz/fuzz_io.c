/*
 * fuzz_io.c - /proc/PID/io: pp_parse_io.
 */
#include "fuzz.h"
#include "proc_parse.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct pp_io io;

    (void)pp_parse_io((const char *)data, size, &io);
    return 0;
}
