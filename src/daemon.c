/*
 * daemon.c - start-up: options, configuration, logging, daemonizing,
 * pid file; then the agent, --dump or --check-config.
 */
#include "daemon.h"

#include "agent.h"
#include "cfgref.h"
#include "config.h"
#include "dump.h"
#include "mib_view.h"
#include "mount_probe.h"
#include "mount_snapshot.h"
#include "options.h"
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
    st = collector_open(&copt, &c);
    if (st != COL_OK || uc == NULL || prober == NULL) {
        fprintf(stderr, "sysinfo-agentx: cannot read %s: %s\n", o->proc_root,
                col_status_str(st));
    } else {
        ps = proc_snapshot_build(c, uc, NULL);
        ms = mount_snapshot_build(&cfg->cfg, c, prober, NULL);
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

static int write_pid_file(const char *path)
{
    FILE *f = fopen(path, "w");

    if (f == NULL || fprintf(f, "%ld\n", (long)getpid()) < 0 ||
        fclose(f) != 0) {
        snmp_log(LOG_ERR, "cannot write pid file %s\n", path);
        return -1;
    }
    return 0;
}

static int run_agent(const struct options *o, struct cfgref *cfg,
                     const char *path)
{
    int rc;

    setup_logging(o);
    if (!o->foreground && netsnmp_daemonize(1, snmp_stderrlog_status()) != 0)
        return 1;
    if (o->pid_file != NULL && write_pid_file(o->pid_file) < 0)
        return 1;
    rc = agent_run(o, cfg, path);
    if (o->pid_file != NULL)
        unlink(o->pid_file);
    snmp_disable_log();
    return rc;
}

static int run(const struct options *o)
{
    char buf[PATH_MAX], err[1024];
    const char *path = find_config(o, buf, sizeof(buf));
    struct cfgref *cfg = NULL;
    int rc;

    if (cfgref_load(path, &cfg, err, sizeof(err)) < 0) {
        fprintf(stderr, "sysinfo-agentx: %s\n", err);
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

int sia_main(int argc, char **argv)
{
    struct options o;
    char err[256];
    int rc;

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
    } else {
        rc = run(&o);
    }
    options_free(&o);
    return rc;
}
