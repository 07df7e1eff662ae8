/*
 * test_mib_mount.c - GET and GETNEXT over sysinfoMounts with a hand-built
 * snapshot: usage columns vanish for rows that are not ok, percentages
 * follow df, the walk skips the gaps.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "mib.h"
#include "mib_mount.h"
#include "mib_view.h"
#include "mount_snapshot.h"
#include "sysinfo_oids.h"

static void set_bytes(struct col_bytes *b, const char *s)
{
    assert_int_equal(col_bytes_set(b, s, strlen(s)), 0);
}

/* Rows (sorted by index): 10 "/" ok, 20 "/mnt/nfs" timeout,
 * 30 "/srv bind" ok, a bind of the same device as 10. */
static struct mount_snapshot *fixture(void)
{
    struct mount_snapshot *s = calloc(1, sizeof(*s));
    static const uint32_t idx[] = {10, 20, 30};
    static const char *const mp[] = {"/", "/mnt/nfs", "/srv bind"};

    assert_non_null(s);
    s->count = 3;
    s->rows = calloc(3, sizeof(*s->rows));
    for (int i = 0; i < 3; i++) {
        struct mount_entry *e = &s->rows[i];

        e->index = idx[i];
        e->status = SIA_MOUNT_OK;
        e->status_mono_ms = 1000;
        e->row.dev_major = 254;
        e->row.dev_minor = (uint32_t)i;
        set_bytes(&e->row.mount_point, mp[i]);
        set_bytes(&e->row.fstype, "ext4");
        /* 10 GB, 3 GB free (7 GB used), 2 GB available to users */
        e->usage.size_bytes = 10000000000ull;
        e->usage.free_bytes = 3000000000ull;
        e->usage.avail_bytes = 2000000000ull;
        e->usage.inodes = 1000;
        e->usage.inodes_free = 999; /* 1/1000 used: rounds up to 1% */
        e->usage.block_size = 4096;
    }
    s->rows[1].status = SIA_MOUNT_TIMEOUT;
    memset(&s->rows[1].usage, 0, sizeof(s->rows[1].usage));
    s->rows[2].row.dev_minor = 0;
    s->rows[2].duplicate_of = 10;
    snapshot_extra_attach(&s->sparse, &mib_mount_hook, s);
    assert_non_null(s->sparse.data);
    return s;
}

static enum mib_result get(const struct mib_view *view, uint32_t col,
                           uint32_t index, struct mib_value *v)
{
    uint32_t sub[4] = {1, 1, col, index};

    return mib_get(&mib_mount_group, view, sub, 4, v);
}

static void test_usage_only_when_ok(void **state)
{
    struct mount_snapshot *s = fixture();
    struct mib_view view = {.mounts = s, .now_mono_ms = 3000};
    struct mib_value v;

    assert_int_equal(get(&view, SIA_MNT_USED, 10, &v), MIB_FOUND);
    assert_true(v.type == MIB_COUNTER64 && v.u == 7000000000ull);
    assert_int_equal(get(&view, SIA_MNT_USED_PERCENT, 10, &v), MIB_FOUND);
    assert_int_equal(v.u, 78); /* 7/(7+2) = 77.8 -> 78, as df rounds up */
    assert_int_equal(get(&view, SIA_MNT_INODES_USED_PERCENT, 10, &v),
                     MIB_FOUND);
    assert_int_equal(v.u, 1);
    for (uint32_t col = SIA_MNT_SIZE; col <= SIA_MNT_BLOCK_SIZE; col++)
        assert_int_equal(get(&view, col, 20, &v), MIB_NO_INSTANCE);
    assert_int_equal(get(&view, SIA_MNT_STATUS, 20, &v), MIB_FOUND);
    assert_int_equal(v.i, SIA_MOUNT_TIMEOUT);
    assert_int_equal(get(&view, SIA_MNT_STATUS_TEXT, 20, &v), MIB_FOUND);
    assert_true(v.len > 0);
    assert_int_equal(get(&view, SIA_MNT_STATUS_AGE, 20, &v), MIB_FOUND);
    assert_int_equal(v.i, 200); /* (3000 - 1000) ms = 200 hundredths */
    assert_int_equal(get(&view, SIA_MNT_INDEX, 10, &v), MIB_NO_OBJECT);
    mount_snapshot_free(s);
}

static void test_identity_columns(void **state)
{
    struct mount_snapshot *s = fixture();
    struct mib_view view = {.mounts = s, .now_mono_ms = 3000};
    struct mib_value v;

    assert_int_equal(get(&view, SIA_MNT_DEVICE_NUMBER, 20, &v), MIB_FOUND);
    assert_int_equal(v.len, 5);
    assert_memory_equal(v.bytes, "254:1", 5);
    assert_int_equal(get(&view, SIA_MNT_DUPLICATE_OF, 30, &v), MIB_FOUND);
    assert_int_equal(v.u, 10);
    assert_int_equal(get(&view, SIA_MNT_DUPLICATE_OF, 10, &v), MIB_FOUND);
    assert_int_equal(v.u, 0);
    assert_int_equal(get(&view, SIA_MNT_MOUNT_POINT, 30, &v), MIB_FOUND);
    assert_int_equal(v.len, 9);
    assert_memory_equal(v.bytes, "/srv bind", 9);
    assert_int_equal(get(&view, SIA_MNT_READ_ONLY, 30, &v), MIB_FOUND);
    assert_int_equal(v.i, 2); /* TruthValue false */
    s->rows[0].row.missing = MOUNT_F_DEVNO;
    assert_int_equal(get(&view, SIA_MNT_DEVICE_NUMBER, 10, &v),
                     MIB_NO_INSTANCE);
    mount_snapshot_free(s);
}

static void test_walk_skips_timeouts(void **state)
{
    struct mount_snapshot *s = fixture();
    struct mib_view view = {.mounts = s, .now_mono_ms = 3000};
    uint32_t in[4] = {1, 1, SIA_MNT_SIZE, 10}, out[MIB_MAX_SUB];
    size_t outlen;
    struct mib_value v;

    assert_int_equal(mib_next(&mib_mount_group, &view, in, 4, out, &outlen, &v),
                     MIB_FOUND);
    assert_int_equal(outlen, 4);
    assert_int_equal(out[2], SIA_MNT_SIZE);
    assert_int_equal(out[3], 30); /* 20 timed out: no Size */
    in[3] = 30;
    assert_int_equal(mib_next(&mib_mount_group, &view, in, 4, out, &outlen, &v),
                     MIB_FOUND);
    assert_int_equal(out[2], SIA_MNT_FREE);
    assert_int_equal(out[3], 10);
    /* first column served is the mount point: the index is not-accessible */
    assert_int_equal(
        mib_next(&mib_mount_group, &view, NULL, 0, out, &outlen, &v),
        MIB_FOUND);
    assert_int_equal(out[2], SIA_MNT_MOUNT_POINT);
    assert_int_equal(out[3], 10);
    in[2] = SIA_MNT_COL_MAX;
    assert_int_equal(mib_next(&mib_mount_group, &view, in, 4, out, &outlen, &v),
                     MIB_END);
    mount_snapshot_free(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_usage_only_when_ok),
        cmocka_unit_test(test_identity_columns),
        cmocka_unit_test(test_walk_skips_timeouts),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
