/*
 * daemon.c - start-up: options, configuration, logging, daemonizing,
 * pid file; then the agent, --dump or --check-config.
 */
#include "daemon.h"

#include "abspath.h"
#include "agent.h"
#include "cfgref.h"
#include "config.h"
#include "dump.h"
#include "memstat.h"
#include "mib_view.h"
#include "mount_probe.h"
#include "mount_snapshot.h"
#include "mount_thresholds.h"
#include "oid_cli.h"
#include "options.h"
#include "pidfile.h"
#include "privileges.h"
#include "proc_snapshot.h"
#include "usercache.h"
#include "util.h"

#include <net-snmp/net-snmp-config.h>
#include <net-snmp/net-snmp-includes.h>

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

/* -c FILE, else the first sysinfo-agentx.conf in net-snmp's config path
 * (SNMPCONFPATH or /etc/snmp:/usr/share/snmp:...), else none. */
static const char *find_config(const struct options *o, char *buf, size_t len)
{
    if (o->config_file != NULL)
        return o->config_file;
    if (config_find_default_file(buf, len, get_configuration_directory()) == 0)
        return buf;
    return NULL;
}

static int dump(const struct options *o, const struct cfgref *cfg)
{
    struct collector_options copt = options_collector(o);
    struct collector *c = NULL;
    struct usercache *uc = usercache_new();
    struct mount_prober *prober =
        mount_prober_new(cfg->cfg.mount_timeout_ms, NULL);
    struct mib_view view = {.cache_ttl_s = cfg->cfg.cache_ttl_s,
                            .args_max = cfg->cfg.args_max};
    struct proc_snapshot *ps = NULL;
    struct mount_snapshot *ms = NULL;
    enum col_status st;

    copt.args_max = cfg->cfg.args_max;
    copt.mount_table = cfg->cfg.mount_table;
    st = collector_open(&copt, &c);
    if (st != COL_OK || uc == NULL || prober == NULL) {
        fprintf(stderr, "sysinfo-agentx: cannot read %s: %s\n", o->proc_root,
                col_status_str(st));
    } else {
        struct threshold_memory *mem = threshold_memory_new();

        ps = proc_snapshot_build(c, uc, NULL);
        if (ps != NULL && proc_snapshot_finish(ps, &cfg->cfg) < 0) {
            proc_snapshot_free(ps);
            ps = NULL;
        }
        ms = mount_snapshot_build(&cfg->cfg, c, prober, NULL);
        /* the watches and thresholds as the agent would show them */
        if (ms != NULL && mem != NULL)
            mount_thresholds_apply(ms, &cfg->cfg.alerts, mem);
        threshold_memory_free(mem);
        view.procs = ps;
        view.mounts = ms;
        view.now_mono_ms = sia_mono_ms();
        dump_all(stdout, &view);
        fflush(stdout); /* before any teardown that could block */
    }
    proc_snapshot_free(ps);
    mount_snapshot_free(ms);
    mount_prober_free(prober);
    usercache_free(uc);
    collector_close(c);
    return st == COL_OK && ps != NULL ? 0 : 1;
}

static void setup_logging(const struct options *o)
{
    for (size_t i = 0; i < o->log_count; i++)
        snmp_log_options(o->log_opts[i], 0, NULL);
    if (o->log_count == 0) {
        if (o->foreground)
            snmp_enable_stderrlog();
        else
            snmp_enable_syslog_ident("sysinfo-agentx", LOG_DAEMON);
    }
}

/* -u/-g (or user/group in the configuration): everything that needs
 * root is open; become the user with only the capabilities needed. */
static int drop_privileges(const struct options *o, const struct config *c)
{
    const char *user = o->user ? o->user : c->run_user;
    const char *group = o->group ? o->group : c->run_group;
    unsigned caps = c->keep_caps | (c->signals_enabled ? PRIV_KILL : 0);
    char err[256];

    if (user == NULL && group == NULL)
        return 0;
    if (user == NULL) {
        snmp_log(LOG_ERR, "a group without a user (-g needs -u)\n");
        return -1;
    }
    if (priv_drop(user, group, caps, err, sizeof(err)) < 0) {
        snmp_log(LOG_ERR, "%s\n", err);
        return -1;
    }
    snmp_log(LOG_INFO, "running as %s%s%s (capabilities kept:%s%s%s)\n", user,
             group ? ":" : "", group ? group : "",
             caps & PRIV_DAC_READ_SEARCH ? " dac_read_search" : "",
             caps & PRIV_SYS_PTRACE ? " sys_ptrace" : "",
             caps & PRIV_KILL ? " kill"
             : caps           ? ""
                              : " none");
    return 0;
}

static int run_agent(const struct options *o, struct cfgref *cfg,
                     const char *path)
{
    struct pidfile *pf = NULL;
    char err[512];
    int rc;

    setup_logging(o);
    if (!o->foreground && netsnmp_daemonize(1, snmp_stderrlog_status()) != 0)
        return 1;
    if (o->pid_file != NULL && (pf = pidfile_create(o->pid_file, getpid(), err,
                                                    sizeof(err))) == NULL) {
        snmp_log(LOG_ERR, "%s\n", err);
        snmp_disable_log();
        return 1;
    }
    if (drop_privileges(o, &cfg->cfg) < 0) {
        pidfile_remove(pf);
        snmp_disable_log();
        return 1;
    }
    rc = agent_run(o, cfg, path);
    pidfile_remove(pf);
    snmp_disable_log();
    return rc;
}

static int run(const struct options *o, const char *path)
{
    char err[1024];
    struct cfgref *cfg = NULL;
    int rc;

    if (cfgref_load(path, &cfg, err, sizeof(err)) < 0 ||
        (o->mode != RUN_DUMP &&
         config_check_mode(&cfg->cfg, o->listen != NULL, path, err,
                           sizeof(err)) < 0)) {
        fprintf(stderr, "sysinfo-agentx: %s\n", err);
        cfgref_put(cfg);
        return 1;
    }
    if (o->mode == RUN_CHECK_CONFIG) {
        printf("%s: OK\n", path ? path : "(no configuration file: defaults)");
        rc = 0;
    } else if (o->mode == RUN_DUMP) {
        rc = dump(o, cfg);
    } else {
        rc = run_agent(o, cfg, path);
    }
    cfgref_put(cfg);
    return rc;
}

/* Daemonizing moves to "/": every path the daemon keeps using (reload,
 * pid file removal, the proc root) is made absolute first. */
static int run_absolute(const struct options *o)
{
    char buf[PATH_MAX];
    const char *found = find_config(o, buf, sizeof(buf));
    struct options abs = *o;
    char *cfg = abspath_dup(found), *pid = abspath_dup(o->pid_file);
    char *root = abspath_dup(o->proc_root);
    int rc = 1;

    if ((found != NULL && cfg == NULL) ||
        (o->pid_file != NULL && pid == NULL) || root == NULL) {
        fprintf(stderr, "sysinfo-agentx: cannot make paths absolute\n");
    } else {
        abs.pid_file = pid;
        abs.proc_root = root;
        abs.config_file = cfg;
        rc = run(&abs, cfg);
    }
    free(cfg);
    free(pid);
    free(root);
    return rc;
}

int sia_main(int argc, char **argv)
{
    struct options o;
    char err[256];
    int rc;

    memstat_setup();
    if (options_parse(&o, argc, argv, err, sizeof(err)) < 0) {
        fprintf(stderr, "sysinfo-agentx: %s\n", err);
        options_free(&o);
        return 2;
    }
    if (o.mode == RUN_HELP) {
        options_usage(argv[0]);
        rc = 0;
    } else if (o.mode == RUN_VERSION) {
        printf("sysinfo-agentx %s\n", SIA_VERSION);
        rc = 0;
    } else if (o.mode == RUN_OID) {
        rc = oid_cli_print(stdout, o.oid_kind, o.oid_arg, err, sizeof(err));
        if (rc < 0)
            fprintf(stderr, "sysinfo-agentx: %s\n", err);
        rc = rc < 0 ? 2 : 0;
    } else {
        rc = run_absolute(&o);
    }
    options_free(&o);
    return rc;
}
