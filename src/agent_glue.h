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

struct waiting; /* agent_demand.c: requests waiting for a fresh scan */

/* One source's snapshots on the main thread. */
struct served {
    void *now;               /* served now */
    void *next;              /* held back by the source's swap policy */
    uint64_t last_next_ms;   /* last GETNEXT in a group reading it */
    struct msgmemo memo;     /* what it logged last time */
    struct waiting *waiting; /* delegated requests, newest first */
    size_t waiting_count;
    unsigned wait_alarm; /* snmp_alarm id of their deadline, 0: none */
    int gave_up; /* the wait ran out: answer at once until a scan lands */
    struct agent *agent; /* back-pointers for the alarm */
    size_t id;
};

struct agent {
    struct cfgref *cfg;
    const char *config_path;
    struct refresher *refresher;
    const struct transport *transport;
    int listening; /* --listen: the standalone agent */
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

/* Answers every unprocessed request of one handler call from the
 * snapshots served now. */
void agent_answer(struct agent *a, const struct agent_node *node,
                  netsnmp_handler_registration *reg,
                  netsnmp_agent_request_info *reqinfo,
                  netsnmp_request_info *requests);

/* agent_demand.c.  When the source node's group reads was last scanned
 * longer ago than its TTL (and no walk pins it), asks the refresher for a
 * scan and delegates the requests: returns 1, and they are answered when
 * the scan arrives (agent_answer_waiting) or after scan_wait.  Returns 0
 * when they should be answered now. */
int agent_wait_fresh(const struct agent_node *node, netsnmp_mib_handler *h,
                     netsnmp_handler_registration *reg,
                     netsnmp_agent_request_info *reqinfo,
                     netsnmp_request_info *requests);
/* Blocks the main thread (it only waits on the workers' wake pipe, it
 * reads nothing) until source i's served snapshot is replaced or max_ms
 * have passed: for requests that cannot be delegated. */
void agent_wait_swap(struct agent *a, size_t i, unsigned max_ms);
/* Answers source i's waiting requests from what is served now. */
void agent_answer_waiting(struct agent *a, size_t i);

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
