/*
 * agent_notify.h - tells systemd how the subagent is doing (glue between
 * net-snmp's AgentX session events and src/sdnotify.c):
 *   - READY=1 once the master accepted our registrations the first time;
 *   - STATUS= lines while waiting for the master, when it is lost, after
 *     reconnecting;
 *   - WATCHDOG=1 every half watchdog period, from an alarm of the main
 *     loop, so a main loop that stops turning stops feeding systemd;
 *   - STOPPING=1 at shutdown.
 * Main thread only.  Without systemd every call is cheap and silent.
 */
#ifndef SIA_AGENT_NOTIFY_H
#define SIA_AGENT_NOTIFY_H

struct agent_notify;

/* Before init_snmp(): listens for AgentX sessions being opened, starts
 * the watchdog alarm.  NULL only when out of memory (then the other
 * calls do nothing). */
struct agent_notify *agent_notify_start(void);
/* Once per turn of the main loop, after the transport said it can go on:
 * a registration the master refused ends the loop before this call, so
 * READY=1 is never sent for it. */
void agent_notify_check(struct agent_notify *n);
/* STOPPING=1, then unregisters everything and frees n (NULL is fine). */
void agent_notify_stop(struct agent_notify *n);

#endif
