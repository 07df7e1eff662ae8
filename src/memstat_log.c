/*
 * memstat_log.c - see memstat_log.h.
 */
#include "memstat_log.h"

#include "memstat.h"

#include <net-snmp/net-snmp-config.h>
#include <net-snmp/net-snmp-includes.h>

void memstat_log(void)
{
    struct memstat m;

    memstat_read(&m);
    snmp_log(LOG_INFO,
             "memstat: heap_used=%lld heap_total=%lld rss=%lld fds=%lld\n",
             (long long)m.heap_used, (long long)m.heap_total, (long long)m.rss,
             (long long)m.fds);
}
