/*
 * fuzz_status.c - /proc/PID/status: pp_parse_status_ids.  A Uid:/Gid:
 * line cut by the end of the buffer must never be accepted.
 */
#include "fuzz.h"
#include "proc_parse.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct pp_ids ids;

    if (pp_parse_status_ids((const char *)data, size, &ids) == PP_OK)
        FUZZ_CHECK(size > 0); /* at least the two lines were there */
    return 0;
}
