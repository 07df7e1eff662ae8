/*
 * transport.h - how the served groups reach managers.
 *
 * The core (agent.c) registers every group of registry.c with net-snmp's
 * agent library, answers requests (agent_request.c) and runs the main
 * loop; a transport says how the library talks to the outside world.
 * transport_agentx.c is the AgentX subagent; a standalone SNMP listener
 * would be a second file with the same struct.
 *
 * Call order, all on the main thread:
 *   open() before init_agent(): library settings (role, addresses);
 *   started() after init_agent(), before the groups are registered;
 *   connect() after the groups and sysORTable entries are registered;
 *   failed() after every pass of the main loop;
 *   stopping() first at shut-down (bound what is left to wait for);
 *   may_unregister() at shut-down, before the groups are unregistered;
 *   close() before snmp_shutdown().
 */
#ifndef SIA_TRANSPORT_H
#define SIA_TRANSPORT_H

#include <stdint.h>

struct options;
struct config;

struct transport {
    const char *name; /* "AgentX subagent" */
    /* Returns the transport's state (NULL: out of memory, logged). */
    void *(*open)(const struct options *o, const struct config *cfg);
    int (*started)(void *st, const struct config *cfg); /* 0 or -1 */
    int (*connect)(void *st);                           /* 0 or -1 */
    /* Non-zero when the transport cannot go on (it logged why): the
     * daemon exits with status 1. */
    int (*failed)(void *st);
    /* 0 when unregistering the groups one by one would do harm. */
    int (*may_unregister)(void *st);
    void (*stopping)(void *st); /* NULL: nothing to do */
    /* The pid of the process that passes requests on (the master), for
     * the signal policy; 0 when unknown.  NULL: unknown. */
    int32_t (*peer_pid)(void *st);
    void (*close)(void *st); /* frees st; accepts NULL */
};

extern const struct transport transport_agentx;

#endif
