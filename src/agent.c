/*
 * agent.c - the core of the daemon on net-snmp's agent library: one
 * handler per group of registry.c, snapshots swapped in between
 * requests, the main loop, reload and shutdown.  How the library reaches
 * managers is the transport's business (transport.h).
 *
 * Requests are answered by the pure resolver in mib.c over the current
 * snapshots (agent_request.c); new snapshots are swapped in by the
 * wake-pipe callback, which the agent's event loop only runs between two
 * requests.
 */
#include "agent.h"

#include "agent_glue.h"
#include "agent_notify.h"
#include "alerts.h"
#include "cfgref.h"
#include "memstat.h"
#include "memstat_log.h"
#include "options.h"
#include "refresher.h"
#include "signals.h"
#include "sysinfo_oids.h"
#include "transport.h"
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define APP_NAME "sysinfo-agentx"

static const oid sysinfo_mib_oid[] = {SIA_OID_MIB};

static void take_snapshots(struct agent *a);

static void retry_swap(unsigned reg, void *data)
{
    struct agent *a = data;

    a->retry_alarm = 0;
    take_snapshots(a);
}

/* Takes source i's newest snapshot and swaps it in unless its policy
 * holds the served one; returns 1 when one is still held back. */
static int swap_source(struct agent *a, size_t i)
{
    const struct source *src = sia_sources[i];
    struct served *sv = &a->served[i];
    struct msglist fails;
    void *s = refresher_take(a->refresher, i, &fails);

    if (fails.count > 0 || fails.dropped > 0) {
        agent_log_msgs(&sv->memo, &fails);
        if (s == NULL) {     /* the scan they wait for failed */
            sv->gave_up = 0; /* the retry may be waited for again */
            agent_answer_waiting(a, i);
        }
    }
    msglist_free(&fails);
    if (s != NULL) {
        agent_log_msgs(&sv->memo, src->msgs(s));
        src->free(sv->next);
        sv->next = s;
    }
    if (sv->next == NULL)
        return 0;
    if (src->hold != NULL &&
        src->hold(sv->now, sv->last_next_ms, sia_mono_ms(), &a->cfg->cfg))
        return 1;
    DEBUGMSGTL(("sysinfo", "new %s snapshot served\n", src->name));
    src->free(sv->now);
    memstat_release(); /* what it held, back to the OS */
    sv->now = sv->next;
    sv->next = NULL;
    if (src->swapped != NULL)
        src->swapped(sv->now);
    sv->gave_up = 0;
    agent_answer_waiting(a, i);
    agent_trap_source(a, i);
    return 0;
}

/* Swaps in whatever the workers finished; runs between requests. */
static void take_snapshots(struct agent *a)
{
    struct timeval later = {0, 250000};
    int held = 0;

    for (size_t i = 0; i < SIA_SRC_COUNT; i++)
        held |= swap_source(a, i);
    if (held && a->retry_alarm == 0)
        a->retry_alarm = snmp_alarm_register_hr(later, 0, retry_swap, a);
}

static void drain(int fd)
{
    char buf[64];

    while (read(fd, buf, sizeof(buf)) > 0)
        ;
}

static void on_wake(int fd, void *data)
{
    drain(fd);
    take_snapshots(data);
}

/* Registering before the first scan would answer a walk with empty
 * tables; a scan takes well under a second, so wait for one of every
 * source (bounded: a broken /proc must not keep the agent from
 * starting). */
#define FIRST_SCAN_WAIT_MS 5000

static int all_served(const struct agent *a)
{
    for (size_t i = 0; i < SIA_SRC_COUNT; i++)
        if (a->served[i].now == NULL)
            return 0;
    return 1;
}

void agent_wait_swap(struct agent *a, size_t i, unsigned max_ms)
{
    const void *before = a->served[i].now;
    uint64_t deadline = sia_mono_ms() + max_ms;
    struct pollfd pfd = {.fd = a->wake[0], .events = POLLIN};

    while (a->served[i].now == before && !signals_pending()) {
        uint64_t now = sia_mono_ms();

        if (now >= deadline)
            return;
        if (poll(&pfd, 1, (int)(deadline - now)) > 0)
            drain(a->wake[0]);
        take_snapshots(a);
    }
}

static void wait_first_snapshots(struct agent *a, int max_ms)
{
    uint64_t deadline = sia_mono_ms() + (uint64_t)max_ms;
    struct pollfd pfd = {.fd = a->wake[0], .events = POLLIN};

    while (!all_served(a) && !signals_pending()) {
        uint64_t now = sia_mono_ms();

        if (now >= deadline) {
            snmp_log(LOG_WARNING,
                     "not every table scanned after %d ms; "
                     "registering anyway\n",
                     max_ms);
            return;
        }
        if (poll(&pfd, 1, (int)(deadline - now)) > 0)
            drain(a->wake[0]);
        take_snapshots(a);
    }
}

static int register_group(struct agent *a, size_t i)
{
    const struct sia_group_reg *g = &sia_groups[i];
    oid root[SIA_GROUP_OID_MAX];
    netsnmp_handler_registration *reg;

    for (size_t k = 0; k < g->oid_len; k++)
        root[k] = g->oid[k];
    a->nodes[i].agent = a;
    a->nodes[i].reg = g;
    reg = netsnmp_create_handler_registration(
        g->name, agent_handle_request, root, g->oid_len,
        g->writable ? HANDLER_CAN_RWRITE : HANDLER_CAN_RONLY);
    if (reg == NULL)
        return -1;
    reg->handler->myvoid = &a->nodes[i];
    if (netsnmp_register_handler(reg) != MIB_REGISTERED_OK) {
        snmp_log(LOG_ERR, "cannot register %s\n", g->name);
        return -1;
    }
    a->regs[i] = reg;
    DEBUGMSGTL(("sysinfo", "registered %s\n", g->name));
    return 0;
}

static int register_groups(struct agent *a)
{
    if (sia_group_count > AGENT_MAX_GROUPS)
        return -1;
    a->node_count = sia_group_count;
    for (size_t i = 0; i < sia_group_count; i++)
        if (register_group(a, i) < 0)
            return -1;
    /* sysORTable: how a manager learns which MIB modules we implement
     * (with AgentX the master lists it, as an AddAgentCaps). */
    register_sysORTable((oid *)sysinfo_mib_oid, OID_LENGTH(sysinfo_mib_oid),
                        "SYSINFO-MIB: system, processes and mounts "
                        "(sysinfo-agentx)");
    return 0;
}

static void set_library_defaults(const struct options *o)
{
    /* Our own parser reads sysinfo-agentx.conf (strict, with file:line
     * errors); keep net-snmp from reading it again, or any state file. */
    netsnmp_ds_set_boolean(NETSNMP_DS_LIBRARY_ID,
                           NETSNMP_DS_LIB_DONT_READ_CONFIGS, 1);
    netsnmp_ds_set_boolean(NETSNMP_DS_LIBRARY_ID,
                           NETSNMP_DS_LIB_DISABLE_PERSISTENT_LOAD, 1);
    netsnmp_ds_set_boolean(NETSNMP_DS_LIBRARY_ID,
                           NETSNMP_DS_LIB_DISABLE_PERSISTENT_SAVE, 1);
    netsnmp_ds_set_boolean(NETSNMP_DS_LIBRARY_ID,
                           NETSNMP_DS_LIB_DONT_PERSIST_STATE, 1);
    /* A subagent needs no MIB files: without this the library parses
     * every installed MIB at start-up and logs each one it cannot. */
    setenv("MIBS", "", 1);
    if (o->debug_tokens != NULL) {
        debug_register_tokens(o->debug_tokens);
        snmp_set_do_debugging(1);
    }
}

static int start(struct agent *a, const struct options *o)
{
    struct collector_options copt = options_collector(o);
    char err[256];

    set_library_defaults(o);
    a->transport_state = a->transport->open(o, &a->cfg->cfg, a->config_path);
    if (a->transport_state == NULL)
        return -1;
    if (init_agent(APP_NAME) != 0) {
        snmp_log(LOG_ERR, "cannot initialise the agent library\n");
        return -1;
    }
    if (a->transport->started(a->transport_state, &a->cfg->cfg) < 0 ||
        register_groups(a) < 0)
        return -1;
    a->refresher = refresher_start(sia_sources, SIA_SRC_COUNT, a->cfg, &copt,
                                   a->wake[1], err, sizeof(err));
    if (a->refresher == NULL) {
        snmp_log(LOG_ERR, "%s\n", err);
        return -1;
    }
    wait_first_snapshots(a, FIRST_SCAN_WAIT_MS);
    register_readfd(a->wake[0], on_wake, a);
    a->notify = agent_notify_start(); /* systemd: READY=1, watchdog */
    if (a->transport->connect(a->transport_state) < 0)
        return -1;
    /* Notifications from now on; the first ones about what the first
     * snapshots already show (a watch down at start-up). */
    a->traps_ready = 1;
    for (size_t i = 0; i < SIA_SRC_COUNT; i++)
        agent_trap_source(a, i);
    if (o->listen != NULL && o->master == NULL) {
        char status[512];

        snprintf(status, sizeof(status), "listening on %s", o->listen);
        agent_notify_listening(a->notify, status);
    }
    return 0;
}

static void reload(struct agent *a)
{
    struct cfgref *fresh;
    char err[512];

    if (cfgref_load(a->config_path, &fresh, err, sizeof(err)) < 0 ||
        config_check_mode(&fresh->cfg, a->listening, a->config_path, err,
                          sizeof(err)) < 0) {
        cfgref_put(fresh);
        snmp_log(LOG_ERR,
                 "reload refused, keeping the old configuration: "
                 "%s\n",
                 err);
        return;
    }
    if (a->listening &&
        !str_list_equal(&fresh->cfg.snmp_lines, &a->cfg->cfg.snmp_lines))
        snmp_log(LOG_WARNING, "access-control lines changed: they are read "
                              "at start-up only; restart to apply them\n");
    refresher_set_config(a->refresher, fresh);
    cfgref_put(a->cfg);
    a->cfg = fresh;
    snmp_log(LOG_INFO, "configuration reloaded from %s\n",
             a->config_path ? a->config_path : "(defaults)");
}

static void free_served(struct agent *a)
{
    for (size_t i = 0; i < SIA_SRC_COUNT; i++) {
        sia_sources[i]->free(a->served[i].now);
        sia_sources[i]->free(a->served[i].next);
        msgmemo_free(&a->served[i].memo);
    }
}

static void shut_down(struct agent *a)
{
    int unregister;

    if (a->transport_state != NULL && a->transport->stopping != NULL)
        a->transport->stopping(a->transport_state);
    unregister = a->transport_state == NULL ||
                 a->transport->may_unregister(a->transport_state);

    agent_notify_stop(a->notify);
    if (a->retry_alarm != 0)
        snmp_alarm_unregister(a->retry_alarm);
    for (size_t i = 0; i < SIA_SRC_COUNT; i++)
        agent_answer_waiting(a, i);
    for (size_t i = 0; i < a->node_count; i++)
        if (a->regs[i] != NULL && unregister)
            netsnmp_unregister_handler(a->regs[i]);
    unregister_readfd(a->wake[0]);
    refresher_stop(a->refresher); /* joins the workers first */
    a->transport->close(a->transport_state);
    snmp_shutdown(APP_NAME);
    shutdown_agent();
    free_served(a);
    alerts_free(a->alerts);
    collector_close(a->signal_collector);
    cfgref_put(a->cfg);
    close(a->wake[0]);
    close(a->wake[1]);
}

static int open_wake_pipe(int fds[2])
{
    if (pipe(fds) < 0)
        return -1;
    for (int i = 0; i < 2; i++) {
        fcntl(fds[i], F_SETFL, fcntl(fds[i], F_GETFL) | O_NONBLOCK);
        fcntl(fds[i], F_SETFD, FD_CLOEXEC);
    }
    return 0;
}

static int main_loop(struct agent *a)
{
    for (;;) {
        /* Before blocking: a registration done in start() or in the last
         * round (a reconnect) is announced now, not after the next event
         * (up to a ping interval later); a refused one fails first. */
        if (a->transport->failed(a->transport_state))
            return 1;
        agent_notify_check(a->notify);
        agent_check_and_process(1);
        if (signals_take_term())
            return 0;
        if (signals_take_hup())
            reload(a);
        if (signals_take_usr1())
            memstat_log();
    }
}

int agent_run(const struct options *o, struct cfgref *cfg,
              const char *config_path)
{
    struct agent a;
    struct collector_options copt = options_collector(o);
    enum col_status st;
    int rc = 1;

    memset(&a, 0, sizeof(a));
    a.cfg = cfgref_get(cfg);
    a.config_path = config_path;
    a.self_pid = (int32_t)getpid();
    a.listening = o->listen != NULL;
    a.transport = a.listening ? &transport_listen : &transport_agentx;
    for (size_t i = 0; i < SIA_SRC_COUNT; i++) {
        a.served[i].agent = &a;
        a.served[i].id = i;
    }
    if (open_wake_pipe(a.wake) < 0) {
        snmp_log(LOG_ERR, "pipe: %s\n", strerror(errno));
        cfgref_put(a.cfg);
        return 1;
    }
    signals_install(a.wake[1]);
    a.alerts = alerts_new();
    if (a.alerts == NULL)
        snmp_log(LOG_ERR, "out of memory: no notifications will be sent\n");
    st = collector_open(&copt, &a.signal_collector);
    if (st != COL_OK)
        snmp_log(LOG_ERR, "cannot open the collector: %s\n",
                 col_status_str(st));
    else if (start(&a, o) == 0) {
        snmp_log(LOG_INFO, APP_NAME " %s started\n", SIA_VERSION);
        rc = main_loop(&a);
    }
    shut_down(&a);
    if (rc == 0)
        snmp_log(LOG_INFO, APP_NAME " stopped\n");
    return rc;
}
