/*
 * agent_glue.h - state shared by the net-snmp glue files (agent.c,
 * agent_request.c, agent_util.c, transport_*.c); nothing outside them
 * includes it.
 */
#ifndef SIA_AGENT_GLUE_H
#define SIA_AGENT_GLUE_H

#include "collector.h"
#include "msglist.h"
#include "registry.h"

#include <net-snmp/net-snmp-config.h>
#include <net-snmp/net-snmp-includes.h>
#include <net-snmp/agent/net-snmp-agent-includes.h>
#include <net-snmp/agent/agent_sysORTable.h>

#include <stdint.h>

#define AGENT_MAX_GROUPS 16

struct agent;
struct alerts;
struct cfgref;
struct notify_pdu;
struct mib_view;
struct transport;

struct agent_node {
    struct agent *agent;
    const struct sia_group_reg *reg;
};

/* One source's snapshots on the main thread. */
struct served {
    void *now;             /* served now */
    void *next;            /* held back by the source's swap policy */
    uint64_t last_next_ms; /* last GETNEXT in a group reading it */
    struct msgmemo memo;   /* what it logged last time */
};

struct agent {
    struct cfgref *cfg;
    const char *config_path;
    struct refresher *refresher;
    const struct transport *transport;
    void *transport_state;
    struct served served[SIA_SRC_COUNT];
    struct alerts *alerts; /* notification memory (NULL: none sent) */
    int traps_ready;       /* the transport is up: notifications go out */
    unsigned retry_alarm;  /* snmp_alarm id, 0: none */
    struct collector *signal_collector;
    struct agent_notify *notify; /* systemd notifications */
    int wake[2];
    int32_t self_pid;
    size_t node_count;
    struct agent_node nodes[AGENT_MAX_GROUPS];
    netsnmp_handler_registration *regs[AGENT_MAX_GROUPS];
};

Netsnmp_Node_Handler agent_handle_request;

/* The view a request is answered from: every source's served snapshot. */
void agent_make_view(const struct agent *a, struct mib_view *view);

/* Sends one notification through the transport (for a source's
 * notify(): ctx is the struct agent). */
void agent_trap_send(void *ctx, const struct notify_pdu *pdu);

/* Runs source i's notify() over its served snapshot. */
void agent_trap_source(struct agent *a, size_t i);

/* Logs what a worker gathered, through snmp_log (main thread), leaving
 * out what the same source already said last time. */
void agent_log_msgs(struct msgmemo *memo, const struct msglist *l);

#endif
