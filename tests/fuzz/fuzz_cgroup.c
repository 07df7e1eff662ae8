/*
 * fuzz_cgroup.c - /proc/PID/cgroup: pp_parse_cgroup.
 */
#include "fuzz.h"
#include "proc_parse.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *path;
    size_t path_len;

    if (pp_parse_cgroup((const char *)data, size, &path, &path_len) == PP_OK)
        FUZZ_CHECK(fuzz_inside(data, size, path, path_len));
    return 0;
}
