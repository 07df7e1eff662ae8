/*
 * sdnotify.c - sd_notify(3) wrappers (see sdnotify.h).
 */
#include "sdnotify.h"

#ifdef SIA_HAVE_SYSTEMD
#include <systemd/sd-daemon.h>

void sdnotify_ready(const char *status)
{
    sd_notifyf(0, "READY=1\nSTATUS=%s", status);
}

void sdnotify_status(const char *status)
{
    sd_notifyf(0, "STATUS=%s", status);
}

void sdnotify_watchdog(void)
{
    sd_notify(0, "WATCHDOG=1");
}

void sdnotify_stopping(void)
{
    sd_notify(0, "STOPPING=1\nSTATUS=stopping");
}

uint64_t sdnotify_watchdog_interval_us(void)
{
    uint64_t usec = 0;

    /* > 0 only when WATCHDOG_USEC is set (and WATCHDOG_PID, if set, is
     * this process); the environment is left as it is. */
    if (sd_watchdog_enabled(0, &usec) <= 0)
        return 0;
    return usec / 2 > 0 ? usec / 2 : 1;
}

#else /* built without libsystemd */

void sdnotify_ready(const char *status)
{
    (void)status;
}

void sdnotify_status(const char *status)
{
    (void)status;
}

void sdnotify_watchdog(void)
{
}

void sdnotify_stopping(void)
{
}

uint64_t sdnotify_watchdog_interval_us(void)
{
    return 0;
}

#endif
