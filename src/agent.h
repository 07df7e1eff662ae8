/*
 * agent.h - the agent: the only module that uses net-snmp's agent API
 * (agent*.c and transport_*.c; daemon.c uses the library's logging,
 * daemonizing and configuration path only).  Everything it serves comes
 * from the snapshots the refresher builds; every net-snmp call stays on
 * the main thread.
 */
#ifndef SIA_AGENT_H
#define SIA_AGENT_H

struct options;
struct cfgref;

/* Runs the subagent until SIGTERM/SIGINT.  `cfg` is the loaded
 * configuration (a reference is taken), `config_path` the file SIGHUP
 * re-reads (NULL: none).  Returns the process exit status. */
int agent_run(const struct options *o, struct cfgref *cfg,
              const char *config_path);

#endif
