/*
 * agent_peer.h - who is on the other end of the AgentX session (net-snmp
 * glue, AgentX-specific: belongs with the transport).
 */
#ifndef SIA_AGENT_PEER_H
#define SIA_AGENT_PEER_H

#include <net-snmp/net-snmp-config.h>
#include <net-snmp/net-snmp-includes.h>
#include <net-snmp/agent/net-snmp-agent-includes.h>

#include <stdint.h>

/* The pid of the master a request came from: SO_PEERCRED of its unix
 * socket.  0 when unknown (TCP, or no socket). */
int32_t agent_peer_pid(netsnmp_agent_request_info *reqinfo);

#endif
