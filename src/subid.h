/*
 * subid.h - an OID sub-identifier as SNMP defines it: 32 bits unsigned.
 *
 * net-snmp keeps sub-ids in u_long; its AgentX parser sign-extends one of
 * 2^31 or more (2147483648 arrives as 0xffffffff80000000), so the low 32
 * bits are the value.  Anything else above 32 bits saturates.
 */
#ifndef SIA_SUBID_H
#define SIA_SUBID_H

#include <stdint.h>

static inline uint32_t sia_subid32(unsigned long v)
{
    if (v <= UINT32_MAX)
        return (uint32_t)v;
    if ((v >> 31) == (~0ul >> 31)) /* sign-extended 32-bit value */
        return (uint32_t)v;
    return UINT32_MAX;
}

#endif
