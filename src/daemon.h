/*
 * daemon.h - the whole program behind main(): options, configuration,
 * then the agent, --dump or --check-config.
 */
#ifndef SIA_DAEMON_H
#define SIA_DAEMON_H

int sia_main(int argc, char **argv);

#endif
