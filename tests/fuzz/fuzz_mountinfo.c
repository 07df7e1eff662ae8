/*
 * fuzz_mountinfo.c - /proc/PID/mountinfo: mountinfo_parse, and
 * mountinfo_unescape on the raw bytes.  Every row must hold its decoded
 * strings NUL-terminated at their lengths; every skipped line has a
 * line number and a reason.
 */
#include "fuzz.h"
#include "mountinfo.h"

#include <string.h>

struct skips {
    size_t count;
};

static void on_skip(void *ctx, size_t line_no, const char *reason)
{
    struct skips *s = ctx;

    FUZZ_CHECK(line_no >= 1 && reason != NULL);
    s->count++;
}

static void check_bytes(const struct col_bytes *b)
{
    if (b->ptr != NULL)
        FUZZ_CHECK(b->ptr[b->len] == '\0');
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct mount_list list;
    struct skips skips = {0};
    char *dst = malloc(size ? size : 1);

    if (dst != NULL) {
        FUZZ_CHECK(mountinfo_unescape(dst, (const char *)data, size) <= size);
        free(dst);
    }
    memset(&list, 0, sizeof(list));
    if (mountinfo_parse((const char *)data, size, &list, on_skip, &skips) ==
        COL_OK) {
        FUZZ_CHECK(list.count + skips.count <= size);
        for (size_t i = 0; i < list.count; i++) {
            check_bytes(&list.rows[i].root);
            check_bytes(&list.rows[i].mount_point);
            check_bytes(&list.rows[i].device);
            check_bytes(&list.rows[i].fstype);
            check_bytes(&list.rows[i].options);
        }
        mount_list_free(&list);
    }
    return 0;
}
