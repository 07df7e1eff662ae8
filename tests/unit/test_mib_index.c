/*
 * test_mib_index.c - the resolver over a table indexed by a string: an
 * IMPLIED OCTET STRING (as sysinfoWatchTable will be, so
 * sysinfoWatchStatus."nginx" works) and a length-prefixed one.  GET and
 * GETNEXT before, between and after rows, partial and too-long indexes.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "mib.h"

/* The fixture: names sorted in the index's OID order; column 2 is the
 * name, column 3 its length, present only for names shorter than 6. */
struct fixture {
    const char *const *names;
    size_t count;
    int implied;
};

static const char *const implied_names[] = {"apache", "nginx", "nginx2",
                                            "sshd"};
/* length first: "sshd" (4) < "nginx" (5) < "apache" (6) < "nginx2" */
static const char *const prefixed_names[] = {"sshd", "nginx", "apache",
                                             "nginx2"};

static size_t rows(const void *ctx)
{
    return ((const struct fixture *)ctx)->count;
}

static size_t row_index(const void *ctx, size_t row, uint32_t *out)
{
    const struct fixture *f = ctx;
    const char *n = f->names[row];

    return f->implied ? mib_index_implied(out, n, strlen(n))
                      : mib_index_string(out, n, strlen(n));
}

static uint64_t missing(const void *ctx, size_t row)
{
    return strlen(((const struct fixture *)ctx)->names[row]) >= 6 ? 1 : 0;
}

static int get_name(const void *ctx, size_t row, struct mib_value *v)
{
    const char *n = ((const struct fixture *)ctx)->names[row];

    return mib_octets(v, n, strlen(n));
}

static int get_len(const void *ctx, size_t row, struct mib_value *v)
{
    return mib_gauge(v, strlen(((const struct fixture *)ctx)->names[row]));
}

static const struct mib_column columns[] = {
    {1, "watchName", MIB_OCTETS, 0, get_name, NULL},
    {2, "watchCopy", MIB_OCTETS, 0, get_name, NULL},
    {3, "watchLen", MIB_GAUGE, 1, get_len, NULL},
};

static const struct mib_table table = {
    .first_col = 2,
    .last_col = 3,
    .columns = columns,
    .rows = rows,
    .index = row_index,
    .missing = missing,
};

static const struct mib_child children[] = {
    {1, &table, "watchTable", MIB_OCTETS, NULL}};
static const struct mib_group group = {children, 1};

static const struct fixture implied = {implied_names, 4, 1};
static const struct fixture prefixed = {prefixed_names, 4, 0};

/* An OID below the group: 1 (table), 1 (entry), col, then the index of
 * `name` (implied or prefixed), then `extra` sub-ids of value x. */
static size_t oid_of(uint32_t *out, uint32_t col, const char *name, int impl,
                     size_t extra, uint32_t x)
{
    size_t n = 3;

    out[0] = 1;
    out[1] = 1;
    out[2] = col;
    if (name != NULL && impl)
        for (size_t i = 0; name[i]; i++)
            out[n++] = (uint8_t)name[i];
    else if (name != NULL)
        n += mib_index_string(out + 3, name, strlen(name));
    for (size_t i = 0; i < extra; i++)
        out[n++] = x;
    return n;
}

/* GETNEXT from `in` lands on col.name (NULL name: end of the group). */
static void next_is(const struct fixture *f, const uint32_t *in, size_t len,
                    uint32_t col, const char *name)
{
    uint32_t out[MIB_MAX_SUB], want[MIB_MAX_SUB];
    size_t outlen = 0, wantlen;
    struct mib_value v;
    enum mib_result r = mib_next(&group, f, in, len, out, &outlen, &v);

    if (name == NULL) {
        assert_int_equal(r, MIB_END);
        return;
    }
    assert_int_equal(r, MIB_FOUND);
    wantlen = oid_of(want, col, name, f->implied, 0, 0);
    assert_int_equal(outlen, wantlen);
    assert_memory_equal(out, want, wantlen * sizeof(uint32_t));
    if (col == 2) {
        assert_int_equal(v.len, strlen(name));
        assert_memory_equal(v.bytes, name, v.len);
    }
}

#define NEXT(f, col, name, extra, x, wcol, wname)                              \
    do {                                                                       \
        uint32_t in_[MIB_MAX_SUB + 8];                                         \
        size_t n_ = oid_of(in_, col, name, (f)->implied, extra, x);            \
        next_is(f, in_, n_, wcol, wname);                                      \
    } while (0)

static void test_implied_getnext(void **state)
{
    const struct fixture *f = &implied;

    next_is(f, NULL, 0, 2, "apache");            /* before everything */
    NEXT(f, 2, NULL, 0, 0, 2, "apache");         /* column, no index */
    NEXT(f, 2, "a", 0, 0, 2, "apache");          /* partial: a prefix */
    NEXT(f, 2, "apache", 0, 0, 2, "nginx");      /* exact: the next */
    NEXT(f, 2, "m", 0, 0, 2, "nginx");           /* between */
    NEXT(f, 2, "ngi", 0, 0, 2, "nginx");         /* partial */
    NEXT(f, 2, "nginx", 0, 0, 2, "nginx2");      /* a prefix of the next */
    NEXT(f, 2, "nginx", 1, 0, 2, "nginx2");      /* nginx.0 < nginx2 */
    NEXT(f, 2, "nginx", 1, 255, 2, "sshd");      /* nginx.255 > nginx2 */
    NEXT(f, 2, "sshd", 0, 0, 3, "nginx");        /* last: next column */
    NEXT(f, 2, "zzz", 0, 0, 3, "nginx");         /* after the last row */
    NEXT(f, 2, "a", 1, 4294967295u, 2, "nginx"); /* huge sub-ids */
    /* too long: longer than any index, cut or not, same answer */
    NEXT(f, 2, "n", MIB_INDEX_MAX, 'n', 2, "sshd");
    NEXT(f, 2, "sshd", MIB_INDEX_MAX + 4, 0, 3, "nginx");
    /* column 3 skips names of 6 bytes or more (unknown) */
    NEXT(f, 3, NULL, 0, 0, 3, "nginx");
    NEXT(f, 3, "nginx", 0, 0, 3, "sshd");
    NEXT(f, 3, "sshd", 0, 0, 0, NULL);
    NEXT(f, 4, NULL, 0, 0, 0, NULL);
}

static void test_implied_get(void **state)
{
    uint32_t in[MIB_MAX_SUB + 8];
    struct mib_value v;
    size_t n;

    n = oid_of(in, 2, "nginx", 1, 0, 0);
    assert_int_equal(mib_get(&group, &implied, in, n, &v), MIB_FOUND);
    assert_int_equal(v.len, 5);
    assert_memory_equal(v.bytes, "nginx", 5);
    n = oid_of(in, 3, "nginx2", 1, 0, 0); /* unknown cell */
    assert_int_equal(mib_get(&group, &implied, in, n, &v), MIB_NO_INSTANCE);
    n = oid_of(in, 2, "ngin", 1, 0, 0); /* partial */
    assert_int_equal(mib_get(&group, &implied, in, n, &v), MIB_NO_INSTANCE);
    n = oid_of(in, 2, "nginx", 1, 1, 0); /* one sub-id too many */
    assert_int_equal(mib_get(&group, &implied, in, n, &v), MIB_NO_INSTANCE);
    n = oid_of(in, 2, NULL, 1, 0, 0); /* no index */
    assert_int_equal(mib_get(&group, &implied, in, n, &v), MIB_NO_INSTANCE);
    n = oid_of(in, 2, "n", 1, MIB_INDEX_MAX + 2, 'n'); /* too long */
    assert_int_equal(mib_get(&group, &implied, in, n, &v), MIB_NO_INSTANCE);
    n = oid_of(in, 1, "nginx", 1, 0, 0); /* the index column */
    assert_int_equal(mib_get(&group, &implied, in, n, &v), MIB_NO_OBJECT);
}

static void test_prefixed(void **state)
{
    const struct fixture *f = &prefixed;
    uint32_t in[MIB_MAX_SUB + 8];
    struct mib_value v;
    size_t n;

    next_is(f, NULL, 0, 2, "sshd");
    NEXT(f, 2, "sshd", 0, 0, 2, "nginx");
    NEXT(f, 2, "zzzzz", 0, 0, 2, "apache"); /* 5 bytes: before 6 */
    NEXT(f, 2, "apache", 0, 0, 2, "nginx2");
    NEXT(f, 2, "nginx2", 0, 0, 3, "sshd");
    n = oid_of(in, 2, "apache", 0, 0, 0);
    assert_int_equal(mib_get(&group, f, in, n, &v), MIB_FOUND);
    assert_memory_equal(v.bytes, "apache", 6);
    /* the implied form of a name is not its index here */
    n = oid_of(in, 2, "apache", 1, 0, 0);
    assert_int_equal(mib_get(&group, f, in, n, &v), MIB_NO_INSTANCE);
}

static void test_index_helpers(void **state)
{
    uint32_t out[MIB_INDEX_MAX];
    char big[MIB_INDEX_MAX + 1];

    memset(big, 'x', sizeof(big));
    assert_int_equal(mib_index_u32(out, 7), 1);
    assert_int_equal(out[0], 7);
    assert_int_equal(mib_index_implied(out, "ab", 2), 2);
    assert_int_equal(out[0], 'a');
    assert_int_equal(mib_index_implied(out, "", 0), 0); /* no empty IMPLIED */
    assert_int_equal(mib_index_implied(out, big, MIB_INDEX_MAX), MIB_INDEX_MAX);
    assert_int_equal(mib_index_implied(out, big, MIB_INDEX_MAX + 1), 0);
    assert_int_equal(mib_index_string(out, "\xff", 1), 2);
    assert_int_equal(out[0], 1);
    assert_int_equal(out[1], 255);
    assert_int_equal(mib_index_string(out, "", 0), 1);
    assert_int_equal(out[0], 0);
    assert_int_equal(mib_index_string(out, big, MIB_INDEX_MAX), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_implied_getnext),
        cmocka_unit_test(test_implied_get),
        cmocka_unit_test(test_prefixed),
        cmocka_unit_test(test_index_helpers),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
