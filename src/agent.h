/*
 * agent.h - the AgentX subagent: the only module that talks to net-snmp's
 * agent API.  Everything it serves comes from the snapshots the refresher
 * builds; every net-snmp call stays on the main thread.
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
