/*
 * transport_agentx.c - the AgentX subagent transport (see transport.h):
 * the master's address, the ping interval, and what to do when the
 * master refuses our registration.
 */
#include "transport.h"

#include "config.h"
#include "options.h"

#include <net-snmp/net-snmp-config.h>
#include <net-snmp/net-snmp-includes.h>
#include <net-snmp/agent/net-snmp-agent-includes.h>

#include <stdlib.h>
#include <string.h>

#define APP_NAME "sysinfo-agentx"

struct agentx {
    volatile int registration_failed;
    int logging; /* on_log is registered */
};

/* Catches the library's report that the master refused a registration:
 * with AgentX that means another subagent (most likely a second copy of
 * us) already serves the subtree.  net-snmp only logs it, so we listen to
 * the log and stop loudly instead of serving nothing. */
static int on_log(int major, int minor, void *serverarg, void *clientarg)
{
    const struct snmp_log_message *m = serverarg;
    struct agentx *ax = clientarg;

    if (m != NULL && m->msg != NULL &&
        strstr(m->msg, "registering pdu failed") != NULL)
        ax->registration_failed = 1;
    return SNMPERR_SUCCESS;
}

static void *ax_open(const struct options *o, const struct config *cfg)
{
    const char *master = o->master ? o->master : cfg->agentx_socket;
    struct agentx *ax = calloc(1, sizeof(*ax));

    if (ax == NULL) {
        snmp_log(LOG_ERR, "out of memory\n");
        return NULL;
    }
    netsnmp_ds_set_boolean(NETSNMP_DS_APPLICATION_ID, NETSNMP_DS_AGENT_ROLE, 1);
    if (master != NULL)
        netsnmp_ds_set_string(NETSNMP_DS_APPLICATION_ID,
                              NETSNMP_DS_AGENT_X_SOCKET, master);
    netsnmp_register_loghandler(NETSNMP_LOGHANDLER_CALLBACK, LOG_ERR);
    snmp_register_callback(SNMP_CALLBACK_LIBRARY, SNMP_CALLBACK_LOGGING, on_log,
                           ax);
    ax->logging = 1;
    return ax;
}

static int ax_started(void *st, const struct config *cfg)
{
    /* init_agent() sets the default (15 s); ours makes the subagent
     * reconnect within seconds of the master coming back. */
    netsnmp_ds_set_int(NETSNMP_DS_APPLICATION_ID,
                       NETSNMP_DS_AGENT_AGENTX_PING_INTERVAL,
                       (int)cfg->ping_interval_s);
    return 0;
}

static int ax_connect(void *st)
{
    init_snmp(APP_NAME); /* connects to the master, registers */
    return 0;
}

static int ax_failed(void *st)
{
    struct agentx *ax = st;

    if (!ax->registration_failed)
        return 0;
    snmp_log(LOG_ERR, "the master refused our registration: another "
                      "subagent (a second sysinfo-agentx?) already serves "
                      "SYSINFO-MIB there; exiting\n");
    return 1;
}

/* After a refused registration, an AgentX unregister of the same
 * subtrees would make the master drop the other subagent's (net-snmp 5.9
 * matches them by OID and priority); closing the session is enough. */
static int ax_may_unregister(void *st)
{
    struct agentx *ax = st;

    return !ax->registration_failed;
}

static void ax_close(void *st)
{
    struct agentx *ax = st;

    if (ax == NULL)
        return;
    /* snmp_shutdown() frees the client argument of every callback still
     * registered; ours is freed here. */
    if (ax->logging)
        snmp_unregister_callback(SNMP_CALLBACK_LIBRARY, SNMP_CALLBACK_LOGGING,
                                 on_log, ax, 1);
    free(ax);
}

const struct transport transport_agentx = {
    .name = "AgentX subagent",
    .open = ax_open,
    .started = ax_started,
    .connect = ax_connect,
    .failed = ax_failed,
    .may_unregister = ax_may_unregister,
    .close = ax_close,
};
