/*
 * fuzz_statm.c - /proc/PID/statm: pp_parse_statm.
 */
#include "fuzz.h"
#include "proc_parse.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct pp_statm m;

    (void)pp_parse_statm((const char *)data, size, &m);
    return 0;
}
