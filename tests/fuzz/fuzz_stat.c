/*
 * fuzz_stat.c - /proc/PID/stat: pp_stat_comm, pp_parse_stat, and the
 * helpers fed from its fields (pp_state, pp_tty_name).
 */
#include "fuzz.h"
#include "proc_parse.h"

#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *buf = (const char *)data;
    const char *comm;
    size_t comm_len;
    struct pp_stat st;
    char tty[PP_TTY_NAME_MAX];

    if (pp_stat_comm(buf, size, &comm, &comm_len) == PP_OK)
        FUZZ_CHECK(fuzz_inside(buf, size, comm, comm_len));
    memset(&st, 0, sizeof(st));
    if (pp_parse_stat(buf, size, &st) == PP_OK) {
        FUZZ_CHECK(fuzz_inside(buf, size, st.comm, st.comm_len));
        (void)pp_state(st.state);
        FUZZ_CHECK(pp_tty_name(st.tty_nr, tty, sizeof(tty)) < sizeof(tty));
        FUZZ_CHECK(strlen(tty) < sizeof(tty));
    }
    return 0;
}
