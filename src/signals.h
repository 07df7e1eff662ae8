/*
 * signals.h - SIGTERM/SIGINT/SIGHUP/SIGUSR1 set flags and wake the main loop
 * through a pipe; the main loop does the work.  SIGPIPE is ignored (a
 * master that went away must not kill us).
 */
#ifndef SIA_SIGNALS_H
#define SIA_SIGNALS_H

/* wake_fd: the write end of a non-blocking pipe the main loop watches. */
void signals_install(int wake_fd);
/* Each returns 1 once per signal received since the last call. */
int signals_take_term(void);
int signals_take_hup(void);
int signals_take_usr1(void); /* SIGUSR1: log memstat (memstat_log.h) */
/* A stop request is pending (without taking it). */
int signals_pending(void);

#endif
