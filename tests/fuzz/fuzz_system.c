/*
 * fuzz_system.c - the system-wide files: <proc>/stat (btime, cpu
 * lines), <proc>/uptime, <proc>/loadavg.
 */
#include "fuzz.h"
#include "proc_parse.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *buf = (const char *)data;
    int64_t btime;
    uint64_t uptime;
    uint32_t load[3];

    (void)pp_parse_btime(buf, size, &btime);
    (void)pp_count_cpus(buf, size);
    (void)pp_parse_uptime(buf, size, &uptime);
    (void)pp_parse_loadavg(buf, size, load);
    return 0;
}
