/*
 * transport_listen.c - the standalone SNMP agent (--listen, see
 * transport.h): the daemon is net-snmp's master agent on the given
 * addresses and answers managers itself, with the same handlers as the
 * AgentX subagent.
 *
 * Access control is snmpd's: the configuration file's snmpd.conf lines
 * (config_is_snmp_keyword(): rocommunity, rwcommunity, rouser,
 * createUser, view, com2sec, group, access, sysLocation...) are read by
 * net-snmp's own parsers (VACM's, USM's, the system group's), from the
 * file itself so that a bad line is reported as "FILE: line N: Error:
 * reason" and stops the daemon.  Our parser has already checked every
 * other line; net-snmp skips those (they are not its keywords).
 *
 * SNMPv3: the engine ID and its boot count are kept in net-snmp's
 * persistent file (PERSISTENT_DIR/sysinfo-agentx.conf, written at exit),
 * so the engine ID stays the same across restarts; USM users come only
 * from the configuration file's createUser lines (read at every start,
 * never stored: a changed pass phrase takes effect on restart).
 *
 * The system group (sysDescr, sysUpTime, sysName...) and sysORTable are
 * snmpd's own MIB modules from libnetsnmpmibs; that library brings perl,
 * libsensors, libpci and more, so it is loaded (dlopen) only here, not
 * by every AgentX subagent.
 */
#include "transport.h"

#include "config.h"
#include "options.h"

#include <net-snmp/net-snmp-config.h>
#include <net-snmp/net-snmp-includes.h>
#include <net-snmp/agent/net-snmp-agent-includes.h>

#include <dlfcn.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define APP_NAME "sysinfo-agentx"

/* libnetsnmpagent's VACM set-up (mibgroup/mibII/vacm_conf.h, which
 * Debian does not install): the config tokens (view, group, access,
 * rocommunity, rouser...) and the access-check callbacks. */
void init_vacm_conf(void);

struct listener {
    const char *addresses; /* --listen's list */
    void *ax;              /* with -x too: transport_agentx's state */
    char *config_path;     /* NULL: no file */
    char *state_path;      /* the persistent file */
    int reading;           /* net-snmp is parsing our file */
    int errors;            /* errors it reported meanwhile */
    int logging;           /* on_log is registered */
    int reading_cb;        /* on_read_config, on_premib are registered */
};

/* A one-token list for read_config(): a copy of net-snmp's handler of
 * token (config_token NULL: there is none). */
static void one_handler(struct config_line *out, const char *token)
{
    const char *app =
        netsnmp_ds_get_string(NETSNMP_DS_LIBRARY_ID, NETSNMP_DS_LIB_APPTYPE);
    const struct config_line *h = read_config_get_handlers(app);

    while (h != NULL && strcasecmp(h->config_token, token) != 0)
        h = h->next;
    memset(out, 0, sizeof(*out));
    if (h != NULL) {
        *out = *h;
        out->next = NULL;
    }
}

/* Reads one token's lines of the persistent file, if there is one. */
static void read_state(const struct listener *ls, const char *token, int when)
{
    struct config_line h;

    one_handler(&h, token);
    if (h.config_token != NULL)
        read_config(ls->state_path, &h, when);
}

/* Counts net-snmp's config_perror() messages while it reads our file:
 * it logs them and goes on, we stop at start-up instead. */
static int on_log(int major, int minor, void *serverarg, void *clientarg)
{
    const struct snmp_log_message *m = serverarg;
    struct listener *ls = clientarg;

    /* config_perror() writes "FILE: line N: Error: reason" */
    if (ls->reading && m != NULL && m->msg != NULL && m->priority <= LOG_ERR &&
        strncmp(m->msg, ls->config_path, strlen(ls->config_path)) == 0)
        ls->errors++;
    return SNMPERR_SUCCESS;
}

/* Runs inside init_snmp(), when net-snmp reads its configuration (after
 * the engine ID is set up, before the post-read checks). */
static int on_read_config(int major, int minor, void *serverarg,
                          void *clientarg)
{
    struct listener *ls = clientarg;
    const char *app =
        netsnmp_ds_get_string(NETSNMP_DS_LIBRARY_ID, NETSNMP_DS_LIB_APPTYPE);
    struct config_line *handlers = read_config_get_handlers(app);
    int quiet = netsnmp_ds_get_boolean(NETSNMP_DS_LIBRARY_ID,
                                       NETSNMP_DS_LIB_NO_TOKEN_WARNINGS);

    /* Our own keywords are not net-snmp's (nor the persistent file's
     * other lines ours): skip them silently. */
    netsnmp_ds_set_boolean(NETSNMP_DS_LIBRARY_ID,
                           NETSNMP_DS_LIB_NO_TOKEN_WARNINGS, 1);
    read_state(ls, "engineBoots", NORMAL_CONFIG);
    if (ls->config_path != NULL && handlers != NULL) {
        ls->reading = 1;
        read_config(ls->config_path, handlers, NORMAL_CONFIG);
        ls->reading = 0;
    }
    netsnmp_ds_set_boolean(NETSNMP_DS_LIBRARY_ID,
                           NETSNMP_DS_LIB_NO_TOKEN_WARNINGS, quiet);
    return SNMPERR_SUCCESS;
}

/* Runs inside init_snmp(), before net-snmp sets up its engine ID: the
 * one of the last run, if there was one. */
static int on_premib(int major, int minor, void *serverarg, void *clientarg)
{
    struct listener *ls = clientarg;
    int quiet = netsnmp_ds_get_boolean(NETSNMP_DS_LIBRARY_ID,
                                       NETSNMP_DS_LIB_NO_TOKEN_WARNINGS);

    netsnmp_ds_set_boolean(NETSNMP_DS_LIBRARY_ID,
                           NETSNMP_DS_LIB_NO_TOKEN_WARNINGS, 1);
    read_state(ls, "oldEngineID", PREMIB_CONFIG);
    netsnmp_ds_set_boolean(NETSNMP_DS_LIBRARY_ID,
                           NETSNMP_DS_LIB_NO_TOKEN_WARNINGS, quiet);
    return SNMPERR_SUCCESS;
}

/* net-snmp's persistent state, which the AgentX subagent keeps off
 * (agent.c): on for the engine ID, in persistent_dir if set. */
static int persistence_on(struct listener *ls, const struct config *cfg)
{
    const char *app = APP_NAME;

    netsnmp_ds_set_boolean(NETSNMP_DS_LIBRARY_ID,
                           NETSNMP_DS_LIB_DONT_PERSIST_STATE, 0);
    netsnmp_ds_set_boolean(NETSNMP_DS_LIBRARY_ID,
                           NETSNMP_DS_LIB_DISABLE_PERSISTENT_LOAD, 0);
    netsnmp_ds_set_boolean(NETSNMP_DS_LIBRARY_ID,
                           NETSNMP_DS_LIB_DISABLE_PERSISTENT_SAVE, 0);
    if (cfg->persistent_dir != NULL)
        set_persistent_directory(cfg->persistent_dir);
    if (asprintf(&ls->state_path, "%s/%s.conf", get_persistent_directory(),
                 app) < 0) {
        ls->state_path = NULL;
        return -1;
    }
    return 0;
}

static void ls_close(void *st);

static void *ls_open(const struct options *o, const struct config *cfg,
                     const char *config_path)
{
    struct listener *ls = calloc(1, sizeof(*ls));

    if (ls == NULL ||
        (config_path != NULL &&
         (ls->config_path = strdup(config_path)) == NULL) ||
        persistence_on(ls, cfg) < 0) {
        snmp_log(LOG_ERR, "out of memory\n");
        if (ls != NULL)
            free(ls->config_path);
        free(ls);
        return NULL;
    }
    ls->addresses = o->listen;
    if (o->master != NULL) {
        /* -x too: an AgentX subagent (its role, its log handler) that
         * also listens (ls_connect) */
        ls->ax = transport_agentx.open(o, cfg, config_path);
        if (ls->ax == NULL) {
            ls_close(ls);
            return NULL;
        }
    } else {
        /* The role flag: 0 is snmpd.h's MASTER_AGENT (not installed). */
        netsnmp_ds_set_boolean(NETSNMP_DS_APPLICATION_ID, NETSNMP_DS_AGENT_ROLE,
                               0);
        netsnmp_ds_set_string(NETSNMP_DS_APPLICATION_ID, NETSNMP_DS_AGENT_PORTS,
                              o->listen);
        netsnmp_register_loghandler(NETSNMP_LOGHANDLER_CALLBACK, LOG_ERR);
    }
    /* snmpd's dontLogTCPWrappersConnects: no log line per request */
    netsnmp_ds_set_boolean(NETSNMP_DS_APPLICATION_ID,
                           NETSNMP_DS_AGENT_DONT_LOG_TCPWRAPPERS_CONNECTS, 1);
    snmp_register_callback(SNMP_CALLBACK_LIBRARY, SNMP_CALLBACK_LOGGING, on_log,
                           ls);
    ls->logging = 1;
    return ls;
}

typedef void (*init_fn)(void);

/* snmpd's system group and sysORTable modules (see the top comment).
 * Without them the agent still serves SYSINFO-MIB. */
static void init_system_modules(void)
{
    static const char *const names[] = {"init_system_mib", "init_sysORTable"};
    void *lib = dlopen(SIA_NETSNMPMIBS_SONAME, RTLD_NOW | RTLD_LOCAL);

    if (lib == NULL) {
        snmp_log(LOG_WARNING,
                 "no system group or sysORTable: cannot load %s: %s\n",
                 SIA_NETSNMPMIBS_SONAME, dlerror());
        return;
    }
    for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
        init_fn fn;
        void *sym = dlsym(lib, names[i]);

        if (sym == NULL) {
            snmp_log(LOG_WARNING, "%s: no %s\n", SIA_NETSNMPMIBS_SONAME,
                     names[i]);
            continue;
        }
        memcpy(&fn, &sym, sizeof(fn)); /* ISO C: no object-to-function cast */
        fn();
    }
    /* Never closed: the modules' handlers stay registered until exit. */
}

static int ls_started(void *st, const struct config *cfg)
{
    struct listener *ls = st;

    /* A subagent would register the system group at its master, which
     * has its own: with -x, SYSINFO-MIB only. */
    if (ls->ax == NULL)
        init_system_modules();
    else if (transport_agentx.started(ls->ax, cfg) < 0)
        return -1;
    init_vacm_conf();
    init_usm_conf(NULL); /* createUser, under our application's name */
    snmp_register_callback(SNMP_CALLBACK_LIBRARY, SNMP_CALLBACK_PRE_READ_CONFIG,
                           on_read_config, ls);
    /* before the library's own, which sets the engine ID up */
    netsnmp_register_callback(SNMP_CALLBACK_LIBRARY,
                              SNMP_CALLBACK_POST_PREMIB_READ_CONFIG, on_premib,
                              ls, NETSNMP_CALLBACK_HIGHEST_PRIORITY);
    ls->reading_cb = 1;
    return 0;
}

/* A subagent's library opens no SNMP port itself (init_master_agent()
 * only does for a master): each address of the list, as it would. */
static int listen_each(const char *addresses)
{
    char *copy = strdup(addresses), *save = NULL;
    int rc = copy == NULL ? -1 : 0;

    for (char *a = copy ? strtok_r(copy, ",", &save) : NULL;
         a != NULL && rc == 0; a = strtok_r(NULL, ",", &save))
        if (netsnmp_agent_listen_on(a) < 0)
            rc = -1;
    free(copy);
    return rc;
}

static int ls_connect(void *st)
{
    struct listener *ls = st;

    /* reads the access-control lines (above); with -x, connects to the
     * master and registers */
    init_snmp(APP_NAME);
    /* createUser's users are stored at exit unless read-only: they come
     * from the file at every start, keys need not lie on disk too. */
    for (struct usmUser *u = usm_get_userList(); u != NULL; u = u->next)
        u->userStorageType = ST_READONLY;
    if (ls->errors > 0) {
        snmp_log(LOG_ERR, "%s: %d error(s) in the access-control lines\n",
                 ls->config_path, ls->errors);
        return -1;
    }
    if ((ls->ax != NULL ? listen_each(ls->addresses) : init_master_agent()) !=
        0) {
        snmp_log(LOG_ERR, "cannot listen on %s\n", ls->addresses);
        return -1;
    }
    snmp_log(LOG_INFO, "listening on %s\n", ls->addresses);
    return 0;
}

static int ls_failed(void *st)
{
    struct listener *ls = st;

    return ls->ax != NULL ? transport_agentx.failed(ls->ax) : 0;
}

static int ls_may_unregister(void *st)
{
    struct listener *ls = st;

    return ls->ax != NULL ? transport_agentx.may_unregister(ls->ax) : 1;
}

static void ls_close(void *st)
{
    struct listener *ls = st;

    if (ls == NULL)
        return;
    /* snmp_shutdown() would free the client argument of callbacks still
     * registered; ours is freed here. */
    if (ls->logging)
        snmp_unregister_callback(SNMP_CALLBACK_LIBRARY, SNMP_CALLBACK_LOGGING,
                                 on_log, ls, 1);
    if (ls->reading_cb) {
        snmp_unregister_callback(SNMP_CALLBACK_LIBRARY,
                                 SNMP_CALLBACK_PRE_READ_CONFIG, on_read_config,
                                 ls, 1);
        snmp_unregister_callback(SNMP_CALLBACK_LIBRARY,
                                 SNMP_CALLBACK_POST_PREMIB_READ_CONFIG,
                                 on_premib, ls, 1);
    }
    transport_agentx.close(ls->ax);
    free(ls->config_path);
    free(ls->state_path);
    free(ls);
}

const struct transport transport_listen = {
    .name = "SNMP agent",
    .open = ls_open,
    .started = ls_started,
    .connect = ls_connect,
    .failed = ls_failed,
    .may_unregister = ls_may_unregister,
    .close = ls_close,
};
