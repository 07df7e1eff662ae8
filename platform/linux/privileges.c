/*
 * privileges.c - see privileges.h.  Raw capset(2) and prctl(2): no
 * libcap needed for three capabilities.
 */
#include "privileges.h"

#include <errno.h>
#include <grp.h>
#include <linux/capability.h>
#include <pwd.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

static const struct {
    const char *name;
    unsigned bit;
    int cap;
} caps[] = {
    {"dac_read_search", PRIV_DAC_READ_SEARCH, CAP_DAC_READ_SEARCH},
    {"sys_ptrace", PRIV_SYS_PTRACE, CAP_SYS_PTRACE},
    {"kill", PRIV_KILL, CAP_KILL},
};

unsigned priv_cap_from_name(const char *name)
{
    for (size_t i = 0; i < sizeof(caps) / sizeof(*caps); i++)
        if (strcmp(name, caps[i].name) == 0)
            return caps[i].bit;
    return 0;
}

static uint64_t kernel_mask(unsigned bits)
{
    uint64_t m = 0;

    for (size_t i = 0; i < sizeof(caps) / sizeof(*caps); i++)
        if (bits & caps[i].bit)
            m |= 1ull << caps[i].cap;
    return m;
}

static int set_caps(uint64_t mask)
{
    struct __user_cap_header_struct h = {_LINUX_CAPABILITY_VERSION_3, 0};
    struct __user_cap_data_struct d[2];

    memset(d, 0, sizeof(d));
    d[0].effective = d[0].permitted = (uint32_t)mask;
    d[1].effective = d[1].permitted = (uint32_t)(mask >> 32);
    return (int)syscall(SYS_capset, &h, d);
}

/* Drops every capability but `keep` from the bounding set (needs
 * CAP_SETPCAP: done while still root). */
static int drop_bounding(uint64_t keep)
{
    for (int c = 0; c < 64; c++) {
        if (prctl(PR_CAPBSET_READ, c, 0, 0, 0) < 0)
            break; /* past the kernel's last capability */
        if (!(keep & (1ull << c)) && prctl(PR_CAPBSET_DROP, c, 0, 0, 0) < 0)
            return -1;
    }
    return 0;
}

static int numeric(const char *s, unsigned long *v)
{
    char *end;

    errno = 0;
    *v = strtoul(s, &end, 10);
    return *s != '\0' && *end == '\0' && errno == 0 && *v < 4294967295ul;
}

static int resolve(const char *user, const char *group, uid_t *uid, gid_t *gid,
                   char *name, size_t namelen, char *err, size_t errlen)
{
    struct passwd *pw = getpwnam(user);
    unsigned long v;

    name[0] = '\0';
    if (pw == NULL && numeric(user, &v))
        pw = getpwuid((uid_t)v);
    if (pw != NULL) {
        *uid = pw->pw_uid;
        *gid = pw->pw_gid;
        snprintf(name, namelen, "%s", pw->pw_name);
    } else if (numeric(user, &v) && group != NULL) {
        *uid = (uid_t)v; /* a uid without an account: needs -g */
    } else {
        snprintf(err, errlen, "no such user: %s", user);
        return -1;
    }
    if (group != NULL) {
        struct group *gr = getgrnam(group);

        if (gr != NULL)
            *gid = gr->gr_gid;
        else if (numeric(group, &v))
            *gid = (gid_t)v;
        else {
            snprintf(err, errlen, "no such group: %s", group);
            return -1;
        }
    }
    return 0;
}

int priv_drop(const char *user, const char *group, unsigned want, char *err,
              size_t errlen)
{
    uint64_t keep = kernel_mask(want);
    uid_t uid, ru, eu, su;
    gid_t gid = 0;
    char name[256];

    if (resolve(user, group, &uid, &gid, name, sizeof(name), err, errlen) < 0)
        return -1;
    if (drop_bounding(keep) < 0 || prctl(PR_SET_KEEPCAPS, 1, 0, 0, 0) < 0) {
        snprintf(err, errlen, "cannot limit capabilities: %s", strerror(errno));
        return -1;
    }
    if ((name[0] != '\0' ? initgroups(name, gid) : setgroups(1, &gid)) < 0 ||
        setresgid(gid, gid, gid) < 0 || setresuid(uid, uid, uid) < 0) {
        snprintf(err, errlen, "cannot become %s: %s", user, strerror(errno));
        return -1;
    }
    if (set_caps(keep) < 0 || prctl(PR_SET_KEEPCAPS, 0, 0, 0, 0) < 0) {
        snprintf(err, errlen, "cannot keep capabilities: %s", strerror(errno));
        return -1;
    }
    if (getresuid(&ru, &eu, &su) < 0 || ru != uid || eu != uid || su != uid) {
        snprintf(err, errlen, "still not %s after setresuid", user);
        return -1;
    }
    return 0;
}
