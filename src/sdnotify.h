/*
 * sdnotify.h - systemd's service notification protocol (sd_notify(3)):
 * readiness, a status line, watchdog keep-alives, stopping.
 *
 * Outside systemd (no NOTIFY_SOCKET in the environment) every call does
 * nothing, and so does a build without libsystemd (SIA_SYSTEMD=OFF).
 * No net-snmp here: src/agent_notify.c decides when to call these.
 */
#ifndef SIA_SDNOTIFY_H
#define SIA_SDNOTIFY_H

#include <stdint.h>

/* READY=1 with a status line. */
void sdnotify_ready(const char *status);
/* STATUS=..., shown by `systemctl status`. */
void sdnotify_status(const char *status);
/* WATCHDOG=1: the main loop is alive. */
void sdnotify_watchdog(void);
/* STOPPING=1: shutting down on purpose. */
void sdnotify_stopping(void);
/* How often to send WATCHDOG=1, in microseconds: half the period systemd
 * asked for (WATCHDOG_USEC, WatchdogSec= in the unit); 0: no watchdog. */
uint64_t sdnotify_watchdog_interval_us(void);

#endif
