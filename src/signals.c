/*
 * signals.c - flags set by signal handlers (see signals.h).
 *
 * Signal handlers cannot take a context argument, so the flags and the
 * wake fd are file-static; nothing else is.
 */
#include "signals.h"

#include <errno.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

static volatile sig_atomic_t term_flag;
static volatile sig_atomic_t hup_flag;
static volatile sig_atomic_t usr1_flag;
static volatile sig_atomic_t wake_fd = -1;

static void on_signal(int sig)
{
    int saved = errno;
    char byte = 'x';

    if (sig == SIGHUP)
        hup_flag = 1;
    else if (sig == SIGUSR1)
        usr1_flag = 1;
    else
        term_flag = 1;
    if (wake_fd >= 0 && write(wake_fd, &byte, 1) < 0) {
        /* pipe full: the loop is awake already */
    }
    errno = saved;
}

void signals_install(int fd)
{
    struct sigaction sa;

    wake_fd = fd;
    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = SA_RESTART;
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGHUP, &sa, NULL);
    sigaction(SIGUSR1, &sa, NULL);
    sa.sa_handler = SIG_IGN;
    sigaction(SIGPIPE, &sa, NULL);
}

int signals_take_term(void)
{
    int v = term_flag;

    term_flag = 0;
    return v;
}

int signals_take_hup(void)
{
    int v = hup_flag;

    hup_flag = 0;
    return v;
}

int signals_take_usr1(void)
{
    int v = usr1_flag;

    usr1_flag = 0;
    return v;
}

int signals_pending(void)
{
    return term_flag != 0;
}
