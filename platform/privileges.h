/*
 * privileges.h - dropping root after start-up (OS-specific behind an
 * OS-neutral call, like collector.h).
 *
 * The daemon starts as root, opens what needs root (the pid file), then
 * becomes USER:GROUP and keeps only the capabilities asked for, in its
 * effective, permitted and bounding sets (nothing inheritable, nothing
 * ambient).  What each one is for (README, "Security"):
 *   PRIV_DAC_READ_SEARCH  list other users' /proc/PID/fd and statfs mount
 *                         points below directories USER cannot enter;
 *   PRIV_SYS_PTRACE       read other users' exe, cwd, fd and io;
 *   PRIV_KILL             signal other users' processes (signals_allow).
 */
#ifndef SIA_PRIVILEGES_H
#define SIA_PRIVILEGES_H

#include <stddef.h>

enum priv_cap {
    PRIV_DAC_READ_SEARCH = 1u << 0,
    PRIV_SYS_PTRACE = 1u << 1,
    PRIV_KILL = 1u << 2,
};

/* "dac_read_search", "sys_ptrace", "kill" to a bit; 0 when unknown. */
unsigned priv_cap_from_name(const char *name);

/* Becomes user (name or uid) and group (name or gid; NULL: the user's
 * primary group), with the user's supplementary groups, keeping `caps`.
 * Returns 0, or -1 with a message in err (then the process may be half
 * way: the caller must exit). */
int priv_drop(const char *user, const char *group, unsigned caps, char *err,
              size_t errlen);

#endif
