/*
 * agent_glue.h - state shared by the net-snmp glue files (agent.c,
 * agent_request.c, agent_util.c); nothing outside them includes it.
 */
#ifndef SIA_AGENT_GLUE_H
#define SIA_AGENT_GLUE_H

#include "collector.h"
#include "msglist.h"

#include <net-snmp/net-snmp-config.h>
#include <net-snmp/net-snmp-includes.h>
#include <net-snmp/agent/net-snmp-agent-includes.h>

#include <stdint.h>

#define AGENT_NODES 3

struct agent;
struct cfgref;
struct mib_group;

struct agent_node {
    struct agent *agent;
    const struct mib_group *group;
};

struct agent {
    struct cfgref *cfg;
    const char *config_path;
    struct refresher *refresher;
    struct proc_snapshot *procs;      /* served now; main thread only */
    struct proc_snapshot *next_procs; /* held back while a walk runs */
    uint64_t last_walk_ms;            /* last GETNEXT in the process table */
    unsigned retry_alarm;             /* snmp_alarm id, 0: none */
    struct msgmemo proc_memo, mount_memo;
    struct mount_snapshot *mounts; /* served now; main thread only */
    struct collector *signal_collector;
    struct agent_notify *notify; /* systemd notifications */
    int wake[2];
    int32_t self_pid;
    volatile int registration_failed;
    struct agent_node nodes[AGENT_NODES];
    netsnmp_handler_registration *regs[AGENT_NODES];
};

Netsnmp_Node_Handler agent_handle_request;

/* Logs what a worker gathered, through snmp_log (main thread), leaving
 * out what the same source already said last time. */
void agent_log_msgs(struct msgmemo *memo, const struct msglist *l);

/* Loads the configuration file (NULL: defaults only) into a new cfgref.
 * Returns -1 with "FILE:LINE: reason" in err. */
int agent_load_config(const char *path, struct cfgref **out, char *err,
                      size_t errlen);

#endif
