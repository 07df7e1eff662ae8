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
#include <sys/socket.h>

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

/* Never one by one.  Closing the session (snmp_shutdown sends the AgentX
 * Close) makes the master drop every registration of the session at
 * once, and clear_context() frees ours locally.  The per-subtree
 * Unregister is synchronous: against a master that is connected but
 * silent each one waited out its timeout (24 s at SIGTERM, issue 11
 * defect 6), and after a master restart net-snmp's synchronous path left
 * a received packet unfreed (defect 7).  After a refused registration it
 * would even make the master drop the other subagent's subtrees (net-snmp
 * 5.9 matches them by OID and priority). */
static int ax_may_unregister(void *st)
{
    (void)st;
    return 0;
}

/* libnetsnmpagent's AgentX session (subagent.c; not in its headers). */
extern netsnmp_session *main_session;

/* The master's pid: SO_PEERCRED of the AgentX unix socket; 0 over TCP
 * or while there is no session. */
static int32_t ax_peer_pid(void *st)
{
    struct ucred cred;
    socklen_t len = sizeof(cred);
    netsnmp_transport *t;
    void *sp;

    (void)st;
    if (main_session == NULL || (sp = snmp_sess_pointer(main_session)) == NULL)
        return 0;
    t = snmp_sess_transport(sp);
    if (t == NULL || t->sock < 0 ||
        getsockopt(t->sock, SOL_SOCKET, SO_PEERCRED, &cred, &len) < 0)
        return 0;
    return cred.pid > 0 ? (int32_t)cred.pid : 0;
}

/* At SIGTERM: the Close PDU, the one synchronous exchange left, may wait
 * on a silent master for 200 ms at most (no retry) instead of the
 * session's timeout. */
static void ax_stopping(void *st)
{
    (void)st;
    if (main_session != NULL) {
        main_session->timeout = 200000; /* microseconds */
        main_session->retries = 0;
    }
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
    .stopping = ax_stopping,
    .peer_pid = ax_peer_pid,
    .close = ax_close,
};
