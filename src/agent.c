/*
 * agent.c - net-snmp glue: start-up as an AgentX subagent, one handler
 * per registered subtree, the main loop, reload and shutdown.
 *
 * Requests are answered by the pure resolver in mib.c over the current
 * snapshots; new snapshots are swapped in by the wake-pipe callback,
 * which the agent's event loop only runs between two requests.
 */
#include "agent.h"

#include "agent_glue.h"
#include "cfgref.h"
#include "mib_mount.h"
#include "mib_process.h"
#include "memstat_log.h"
#include "mib_system.h"
#include "mount_snapshot.h"
#include "options.h"
#include "proc_snapshot.h"
#include "refresher.h"
#include "signals.h"
#include "sysinfo_oids.h"

#include <net-snmp/net-snmp-config.h>
#include <net-snmp/net-snmp-includes.h>
#include <net-snmp/agent/net-snmp-agent-includes.h>

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define APP_NAME "sysinfo-agentx"

static const oid system_oid[] = {SIA_OID_SYSTEM};
static const oid processes_oid[] = {SIA_OID_PROCESSES};
static const oid mounts_oid[] = {SIA_OID_MOUNTS};

/* The three registered subtrees. */
static const struct agent_node_def {
    const char *name;
    const oid *root;
    size_t root_len;
    const struct mib_group *group;
    int writable;
} node_defs[AGENT_NODES] = {
    {"sysinfoSystem", system_oid, OID_LENGTH(system_oid), &mib_system_group, 0},
    {"sysinfoProcesses", processes_oid, OID_LENGTH(processes_oid),
     &mib_process_group, 1},
    {"sysinfoMounts", mounts_oid, OID_LENGTH(mounts_oid), &mib_mount_group, 0},
};

/* A walk of the process table takes many requests (the master turns a
 * GETBULK into one GetNext per varbind: 2,000 processes x 34 columns took
 * about five seconds in bench/bench_walk.sh).  Swapping snapshots in the middle
 * would give rows whose columns come from two scans, so a new process snapshot
 * waits while GETNEXTs keep arriving (gaps under WALK_IDLE_MS), up to a cap
 * that keeps a poller walking non-stop from pinning old data for ever. */
#define WALK_IDLE_MS    1000u
#define WALK_PIN_MIN_MS 30000u

static int walk_in_progress(const struct agent *a, uint64_t now)
{
    uint64_t cap = (uint64_t)a->cfg->cfg.cache_ttl_s * 4000u;

    if (cap < WALK_PIN_MIN_MS)
        cap = WALK_PIN_MIN_MS;
    return a->procs != NULL && now - a->last_walk_ms < WALK_IDLE_MS &&
           now - a->procs->taken_mono_ms < cap;
}

static void take_snapshots(struct agent *a);

/* When many processes went away, hand the freed heap back to the OS: the
 * allocator keeps it otherwise, and a daemon that once saw 50,000
 * processes should not hold their memory for months. */
static void give_back_memory(size_t before, size_t now)
{
#ifdef __GLIBC__
    if (before > 256 && now < before - before / 8)
        malloc_trim(0);
#else
    (void)before;
    (void)now;
#endif
}

static void retry_swap(unsigned reg, void *data)
{
    struct agent *a = data;

    a->retry_alarm = 0;
    take_snapshots(a);
}

static void swap_procs(struct agent *a)
{
    struct proc_snapshot *p = refresher_take_procs(a->refresher);
    struct timeval later = {0, 250000};

    if (p != NULL) {
        agent_log_msgs(&a->proc_memo, &p->msgs);
        proc_snapshot_free(a->next_procs);
        a->next_procs = p;
    }
    if (a->next_procs == NULL)
        return;
    if (!walk_in_progress(a, sia_mono_ms())) {
        size_t before = a->procs ? a->procs->procs.count : 0;

        proc_snapshot_free(a->procs);
        a->procs = a->next_procs;
        a->next_procs = NULL;
        give_back_memory(before, a->procs->procs.count);
    } else if (a->retry_alarm == 0) {
        a->retry_alarm = snmp_alarm_register_hr(later, 0, retry_swap, a);
    }
}

/* Swaps in whatever the workers finished; runs between requests. */
static void take_snapshots(struct agent *a)
{
    struct mount_snapshot *m = refresher_take_mounts(a->refresher);

    swap_procs(a);
    if (m != NULL) {
        agent_log_msgs(&a->mount_memo, &m->msgs);
        mount_snapshot_free(a->mounts);
        a->mounts = m;
    }
}

static void on_wake(int fd, void *data)
{
    char buf[64];

    while (read(fd, buf, sizeof(buf)) > 0)
        ;
    take_snapshots(data);
}

/* Catches the library's report that the master refused a registration:
 * with AgentX that means another subagent (most likely a second copy of
 * us) already serves the subtree.  net-snmp only logs it, so we listen to
 * the log and stop loudly instead of serving nothing. */
static int on_log(int major, int minor, void *serverarg, void *clientarg)
{
    const struct snmp_log_message *m = serverarg;
    struct agent *a = clientarg;

    if (m != NULL && m->msg != NULL &&
        strstr(m->msg, "registering pdu failed") != NULL)
        a->registration_failed = 1;
    return SNMPERR_SUCCESS;
}

/* Registering before the first scan would answer a walk with empty
 * tables; a scan takes well under a second, so wait for it (bounded: a
 * broken /proc must not keep the agent from starting). */
#define FIRST_SCAN_WAIT_MS 5000

static void wait_first_snapshot(struct agent *a, int max_ms)
{
    uint64_t deadline = sia_mono_ms() + (uint64_t)max_ms;
    struct pollfd pfd = {.fd = a->wake[0], .events = POLLIN};
    char buf[64];

    while (a->procs == NULL && !signals_pending()) {
        uint64_t now = sia_mono_ms();

        if (now >= deadline) {
            snmp_log(LOG_WARNING,
                     "no process snapshot after %d ms; "
                     "registering anyway\n",
                     max_ms);
            return;
        }
        if (poll(&pfd, 1, (int)(deadline - now)) > 0)
            while (read(a->wake[0], buf, sizeof(buf)) > 0)
                ;
        take_snapshots(a);
    }
}

static int register_nodes(struct agent *a)
{
    for (size_t i = 0; i < AGENT_NODES; i++) {
        const struct agent_node_def *d = &node_defs[i];
        netsnmp_handler_registration *reg;

        a->nodes[i].agent = a;
        a->nodes[i].group = d->group;
        reg = netsnmp_create_handler_registration(
            d->name, agent_handle_request, d->root, d->root_len,
            d->writable ? HANDLER_CAN_RWRITE : HANDLER_CAN_RONLY);
        if (reg == NULL)
            return -1;
        reg->handler->myvoid = &a->nodes[i];
        if (netsnmp_register_handler(reg) != MIB_REGISTERED_OK) {
            snmp_log(LOG_ERR, "cannot register %s\n", d->name);
            return -1;
        }
        a->regs[i] = reg;
    }
    return 0;
}

static void set_library_defaults(const struct options *o,
                                 const struct cfgref *cfg)
{
    const char *master = o->master ? o->master : cfg->cfg.agentx_socket;

    netsnmp_ds_set_boolean(NETSNMP_DS_APPLICATION_ID, NETSNMP_DS_AGENT_ROLE, 1);
    if (master != NULL)
        netsnmp_ds_set_string(NETSNMP_DS_APPLICATION_ID,
                              NETSNMP_DS_AGENT_X_SOCKET, master);
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
}

static int start(struct agent *a, const struct options *o)
{
    char err[256];

    set_library_defaults(o, a->cfg);
    netsnmp_register_loghandler(NETSNMP_LOGHANDLER_CALLBACK, LOG_ERR);
    snmp_register_callback(SNMP_CALLBACK_LIBRARY, SNMP_CALLBACK_LOGGING, on_log,
                           a);
    if (init_agent(APP_NAME) != 0) {
        snmp_log(LOG_ERR, "cannot initialise the agent library\n");
        return -1;
    }
    /* init_agent() sets the default (15 s); ours makes the subagent
     * reconnect within seconds of the master coming back. */
    netsnmp_ds_set_int(NETSNMP_DS_APPLICATION_ID,
                       NETSNMP_DS_AGENT_AGENTX_PING_INTERVAL,
                       (int)a->cfg->cfg.ping_interval_s);
    if (register_nodes(a) < 0)
        return -1;
    a->refresher =
        refresher_start(a->cfg, o->proc_root, a->wake[1], err, sizeof(err));
    if (a->refresher == NULL) {
        snmp_log(LOG_ERR, "%s\n", err);
        return -1;
    }
    wait_first_snapshot(a, FIRST_SCAN_WAIT_MS);
    register_readfd(a->wake[0], on_wake, a);
    init_snmp(APP_NAME); /* connects to the master, registers */
    return 0;
}

static void reload(struct agent *a)
{
    struct cfgref *fresh;
    char err[512];

    if (agent_load_config(a->config_path, &fresh, err, sizeof(err)) < 0) {
        snmp_log(LOG_ERR,
                 "reload refused, keeping the old configuration: "
                 "%s\n",
                 err);
        return;
    }
    refresher_set_config(a->refresher, fresh);
    cfgref_put(a->cfg);
    a->cfg = fresh;
    snmp_log(LOG_INFO, "configuration reloaded from %s\n",
             a->config_path ? a->config_path : "(defaults)");
}

static void shut_down(struct agent *a)
{
    if (a->retry_alarm != 0)
        snmp_alarm_unregister(a->retry_alarm);
    /* After a refused registration, an AgentX unregister of the same
     * subtrees would make the master drop the other subagent's (net-snmp
     * 5.9 matches them by OID and priority); closing the session is
     * enough. */
    for (size_t i = 0; i < AGENT_NODES; i++)
        if (a->regs[i] != NULL && !a->registration_failed)
            netsnmp_unregister_handler(a->regs[i]);
    unregister_readfd(a->wake[0]);
    refresher_stop(a->refresher); /* joins the workers first */
    /* snmp_shutdown() frees the client argument of every callback still
     * registered; ours points into this stack frame. */
    snmp_unregister_callback(SNMP_CALLBACK_LIBRARY, SNMP_CALLBACK_LOGGING,
                             on_log, a, 1);
    snmp_shutdown(APP_NAME);
    shutdown_agent();
    proc_snapshot_free(a->procs);
    proc_snapshot_free(a->next_procs);
    mount_snapshot_free(a->mounts);
    collector_close(a->signal_collector);
    msgmemo_free(&a->proc_memo);
    msgmemo_free(&a->mount_memo);
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
        agent_check_and_process(1);
        if (signals_take_term())
            return 0;
        if (signals_take_hup())
            reload(a);
        if (signals_take_usr1())
            memstat_log();
        if (a->registration_failed) {
            snmp_log(LOG_ERR,
                     "the master refused our registration: another "
                     "subagent (a second sysinfo-agentx?) already serves "
                     "SYSINFO-MIB there; exiting\n");
            return 1;
        }
    }
}

int agent_run(const struct options *o, struct cfgref *cfg,
              const char *config_path)
{
    struct agent a;
    struct collector_options copt = {.proc_root = o->proc_root};
    int rc = 1;

    memset(&a, 0, sizeof(a));
    a.cfg = cfgref_get(cfg);
    a.config_path = config_path;
    a.self_pid = (int32_t)getpid();
    if (open_wake_pipe(a.wake) < 0) {
        snmp_log(LOG_ERR, "pipe: %s\n", strerror(errno));
        cfgref_put(a.cfg);
        return 1;
    }
    signals_install(a.wake[1]);
    if (collector_open(&copt, &a.signal_collector) == COL_OK &&
        start(&a, o) == 0) {
        snmp_log(LOG_INFO, APP_NAME " %s started\n", SIA_VERSION);
        rc = main_loop(&a);
    }
    shut_down(&a);
    if (rc == 0)
        snmp_log(LOG_INFO, APP_NAME " stopped\n");
    return rc;
}
