/*
 * fuzz_cmdline.c - /proc/PID/cmdline: pp_cmdline_argv0, pp_cmdline_join
 * (in place, on a copy of exactly size bytes) and pp_full_name over the
 * pieces, with the first 15 bytes as comm.
 */
#include "fuzz.h"
#include "proc_parse.h"

#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *buf = malloc(size ? size : 1);
    size_t argv0_len, joined, comm_len, name_len;
    const char *name;

    if (buf == NULL)
        return 0;
    memcpy(buf, data, size);
    argv0_len = pp_cmdline_argv0(buf, size);
    FUZZ_CHECK(argv0_len <= size);
    comm_len = size < PP_COMM_CUT ? size : PP_COMM_CUT;
    pp_full_name((const char *)data, comm_len, buf, argv0_len, buf, size, &name,
                 &name_len);
    FUZZ_CHECK(fuzz_inside(data, size, name, name_len) ||
               fuzz_inside(buf, size, name, name_len));
    joined = pp_cmdline_join(buf, size);
    FUZZ_CHECK(joined <= size);
    FUZZ_CHECK(joined == 0 || buf[joined - 1] != '\0');
    free(buf);
    return 0;
}
