/*
 * privileges.c - no privilege dropping on an unsupported OS.
 */
#include "privileges.h"

#include <stdio.h>

unsigned priv_cap_from_name(const char *name)
{
    (void)name;
    return 0;
}

int priv_drop(const char *user, const char *group, unsigned caps, char *err,
              size_t errlen)
{
    (void)group;
    (void)caps;
    snprintf(err, errlen, "cannot run as %s: not supported on this system",
             user);
    return -1;
}
