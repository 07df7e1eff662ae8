/*
 * memstat_log.h - one log line with the agent's heap, resident set and
 * open descriptors (platform/memstat.h).  The main loop calls it after a
 * SIGUSR1 (signals.h); tests/soak/soak.sh reads the line.
 */
#ifndef SIA_MEMSTAT_LOG_H
#define SIA_MEMSTAT_LOG_H

/* Logs, at LOG_INFO:
 *   memstat: heap_used=N heap_total=N rss=N fds=N
 * (bytes; -1 where unknown).  Main thread only (net-snmp's logging). */
void memstat_log(void);

#endif
