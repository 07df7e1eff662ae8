/*
 * test_util.c - the shared helpers: byte escaping in its three styles,
 * the binary search, the monotonic clock.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "util.h"

static void escaped(unsigned char c, enum sia_escape_style style,
                    const char *want)
{
    char out[4];
    size_t n = sia_escape_byte(out, c, style);

    assert_int_equal(n, strlen(want));
    assert_memory_equal(out, want, n);
}

static void test_escape_styles(void **state)
{
    escaped('a', SIA_ESC_ASCII, "a");
    escaped(' ', SIA_ESC_ASCII, " ");
    escaped('\\', SIA_ESC_ASCII, "\\134");
    escaped('\n', SIA_ESC_ASCII, "\\012");
    escaped(0x7f, SIA_ESC_ASCII, "\\177");
    escaped(0xc3, SIA_ESC_ASCII, "\\303");
    escaped(0, SIA_ESC_ASCII, "\\000");
    escaped('"', SIA_ESC_ASCII, "\"");

    escaped('a', SIA_ESC_CONTROL, "a");
    escaped('\\', SIA_ESC_CONTROL, "\\134");
    escaped('\t', SIA_ESC_CONTROL, "\\011");
    escaped(0xc3, SIA_ESC_CONTROL, "\xc3"); /* UTF-8 stays readable */

    escaped('a', SIA_ESC_QUOTED, "a");
    escaped('"', SIA_ESC_QUOTED, "\\\"");
    escaped('\\', SIA_ESC_QUOTED, "\\\\");
    escaped('\n', SIA_ESC_QUOTED, "\\x0a");
    escaped(0x7f, SIA_ESC_QUOTED, "\\x7f");
    escaped(0xc3, SIA_ESC_QUOTED, "\xc3");
}

static int below_7(const void *ctx, size_t i)
{
    const int *v = ctx;

    return v[i] < 7;
}

static void test_partition(void **state)
{
    static const int v[] = {1, 3, 7, 7, 9};

    assert_int_equal(sia_partition(5, v, below_7), 2);
    assert_int_equal(sia_partition(2, v, below_7), 2); /* all below */
    assert_int_equal(sia_partition(0, v, below_7), 0);
    assert_int_equal(sia_partition(1, v + 4, below_7), 0); /* none */
}

static void test_parse_uint(void **state)
{
    unsigned long v = 7;

    assert_int_equal(sia_parse_uint("0", 10, &v), 0);
    assert_int_equal(v, 0);
    assert_int_equal(sia_parse_uint("4294967294", 4294967294ul, &v), 0);
    assert_int_equal(v, 4294967294ul);
    assert_int_equal(sia_parse_uint("4294967295", 4294967294ul, &v), -1);
    assert_int_equal(sia_parse_uint("65", 64, &v), -1);
    assert_int_equal(sia_parse_uint("9", 8, &v), -1);
    assert_int_equal(sia_parse_uint("18446744073709551616", ~0ul, &v), -1);
    assert_int_equal(sia_parse_uint("18446744073709551615", ~0ul, &v), 0);
    assert_int_equal(v, ~0ul);
    assert_int_equal(sia_parse_uint("", 10, &v), -1);
    assert_int_equal(sia_parse_uint("+1", 10, &v), -1);
    assert_int_equal(sia_parse_uint(" 1", 10, &v), -1);
    assert_int_equal(sia_parse_uint("0x1", 10, &v), -1);
}

static void test_mono_clock(void **state)
{
    uint64_t a = sia_mono_ms(), b = sia_mono_ms();

    assert_true(a > 0);
    assert_true(b >= a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_escape_styles),
        cmocka_unit_test(test_partition),
        cmocka_unit_test(test_mono_clock),
        cmocka_unit_test(test_parse_uint),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
