/*
 * test_subid.c - OID sub-identifiers of 2^31 and more keep their value
 * (issue 11, defect 9: the signal log said pid 4294967295 for an index
 * of 2147483648, which net-snmp's AgentX parser sign-extends).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "subid.h"

static void test_subid(void **state)
{
    (void)state;
    assert_int_equal(sia_subid32(0), 0);
    assert_int_equal(sia_subid32(2147483647ul), 2147483647u);
    assert_int_equal(sia_subid32(2147483648ul), 2147483648u);
    assert_int_equal(sia_subid32(4294967295ul), 4294967295u);
    /* as net-snmp's AgentX parser hands them over */
    assert_int_equal(sia_subid32(0xffffffff80000000ul), 2147483648u);
    assert_int_equal(sia_subid32(0xfffffffffffffffful), 4294967295u);
    /* a real 64-bit value: saturated */
    assert_int_equal(sia_subid32(0x100000000ul), UINT32_MAX);
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_subid)};

    return cmocka_run_group_tests(tests, NULL, NULL);
}
