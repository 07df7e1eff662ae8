/*
 * agent_notify.c - systemd notifications from the AgentX session's life
 * (see agent_notify.h).
 *
 * net-snmp opens the master session, and re-registers every subtree over
 * it, inside one call chain (init_snmp() at start-up, the reconnect alarm
 * later); the registrations wait for the master's answers.  It announces
 * the session with the SNMPD_CALLBACK_INDEX_START callback just before
 * that.  So when control is back in the main loop after that callback,
 * the registrations have been answered, and a refusal has been logged
 * (agent.c turns that log line into `refused`): READY=1 then is "after
 * the first successful registration".
 */
#include "agent_notify.h"

#include "sdnotify.h"

#include <net-snmp/net-snmp-config.h>
#include <net-snmp/net-snmp-includes.h>
#include <net-snmp/agent/net-snmp-agent-includes.h>
#include <net-snmp/agent/agent_callbacks.h>

#include <stdio.h>
#include <stdlib.h>

struct agent_notify {
    int opened;              /* a master session opened since last check */
    int lost;                /* the session closed since last check */
    int ready;               /* READY=1 sent */
    unsigned watchdog_alarm; /* snmp_alarm id, 0: no watchdog */
};

static const char *master_address(void)
{
    const char *m = netsnmp_ds_get_string(NETSNMP_DS_APPLICATION_ID,
                                          NETSNMP_DS_AGENT_X_SOCKET);

    return m != NULL ? m : "net-snmp's default address";
}

/* INDEX_START: a master session was opened (registrations follow in the
 * same call chain); INDEX_STOP: it was closed (master gone, or its pings
 * unanswered), and net-snmp will try to open a new one. */
static int on_session(int major, int minor, void *serverarg, void *clientarg)
{
    struct agent_notify *n = clientarg;

    if (minor == SNMPD_CALLBACK_INDEX_START)
        n->opened = 1;
    else
        n->lost = 1;
    return SNMPERR_SUCCESS;
}

static void feed_watchdog(unsigned reg, void *data)
{
    sdnotify_watchdog();
}

struct agent_notify *agent_notify_start(void)
{
    struct agent_notify *n = calloc(1, sizeof(*n));
    uint64_t us = sdnotify_watchdog_interval_us();
    char status[512];

    if (n == NULL)
        return NULL;
    snmp_register_callback(SNMP_CALLBACK_APPLICATION,
                           SNMPD_CALLBACK_INDEX_START, on_session, n);
    snmp_register_callback(SNMP_CALLBACK_APPLICATION, SNMPD_CALLBACK_INDEX_STOP,
                           on_session, n);
    if (us > 0) {
        struct timeval tv = {(time_t)(us / 1000000),
                             (suseconds_t)(us % 1000000)};

        n->watchdog_alarm =
            snmp_alarm_register_hr(tv, SA_REPEAT, feed_watchdog, n);
        sdnotify_watchdog();
    }
    snprintf(status, sizeof(status), "waiting for the AgentX master at %s",
             master_address());
    sdnotify_status(status);
    return n;
}

void agent_notify_check(struct agent_notify *n)
{
    char status[512];

    if (n == NULL)
        return;
    if (n->lost) {
        n->lost = 0;
        snprintf(status, sizeof(status), "lost the master at %s; reconnecting",
                 master_address());
        sdnotify_status(status);
    }
    if (!n->opened)
        return;
    n->opened = 0;
    snprintf(status, sizeof(status),
             "registered SYSINFO-MIB%s with the master at %s",
             n->ready ? " again" : "", master_address());
    if (n->ready) {
        sdnotify_status(status);
    } else {
        sdnotify_ready(status);
        n->ready = 1;
    }
}

void agent_notify_stop(struct agent_notify *n)
{
    if (n == NULL)
        return;
    sdnotify_stopping();
    if (n->watchdog_alarm != 0)
        snmp_alarm_unregister(n->watchdog_alarm);
    /* before snmp_shutdown(), which would free n as the client argument */
    snmp_unregister_callback(SNMP_CALLBACK_APPLICATION,
                             SNMPD_CALLBACK_INDEX_START, on_session, n, 1);
    snmp_unregister_callback(SNMP_CALLBACK_APPLICATION,
                             SNMPD_CALLBACK_INDEX_STOP, on_session, n, 1);
    free(n);
}
