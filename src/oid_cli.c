/*
 * oid_cli.c - the OIDs of a mount's or a watch's row (see oid_cli.h).
 */
#include "oid_cli.h"

#include "config_watch.h"
#include "mount_snapshot.h"
#include "sysinfo_oids.h"

#include <string.h>

struct column {
    unsigned col;
    const char *name;
};

/* The readable columns; tests/mib/test_oid_cli.sh checks every name
 * against the MIB with snmptranslate. */
static const struct column mount_cols[] = {
    {SIA_MNT_MOUNT_POINT, "sysinfoMountPoint"},
    {SIA_MNT_DEVICE, "sysinfoMountDevice"},
    {SIA_MNT_FS_TYPE, "sysinfoMountFsType"},
    {SIA_MNT_OPTIONS, "sysinfoMountOptions"},
    {SIA_MNT_READ_ONLY, "sysinfoMountReadOnly"},
    {SIA_MNT_REMOTE, "sysinfoMountRemote"},
    {SIA_MNT_SIZE, "sysinfoMountSize"},
    {SIA_MNT_FREE, "sysinfoMountFree"},
    {SIA_MNT_AVAIL, "sysinfoMountAvail"},
    {SIA_MNT_USED, "sysinfoMountUsed"},
    {SIA_MNT_USED_PERCENT, "sysinfoMountUsedPercent"},
    {SIA_MNT_INODES, "sysinfoMountInodes"},
    {SIA_MNT_INODES_FREE, "sysinfoMountInodesFree"},
    {SIA_MNT_INODES_USED_PERCENT, "sysinfoMountInodesUsedPercent"},
    {SIA_MNT_BLOCK_SIZE, "sysinfoMountBlockSize"},
    {SIA_MNT_STATUS, "sysinfoMountStatus"},
    {SIA_MNT_STATUS_AGE, "sysinfoMountStatusAge"},
    {SIA_MNT_STATUS_TEXT, "sysinfoMountStatusText"},
    {SIA_MNT_MOUNT_ID, "sysinfoMountId"},
    {SIA_MNT_DEVICE_NUMBER, "sysinfoMountDeviceNumber"},
    {SIA_MNT_ROOT, "sysinfoMountRoot"},
    {SIA_MNT_DUPLICATE_OF, "sysinfoMountDuplicateOf"},
    {SIA_MNT_THRESHOLD_STATUS, "sysinfoMountThresholdStatus"},
    {SIA_MNT_THRESHOLD_MESSAGE, "sysinfoMountThresholdMessage"},
};

static const struct column watch_cols[] = {
    {SIA_WATCH_TARGET, "sysinfoWatchTarget"},
    {SIA_WATCH_PATTERN, "sysinfoWatchPattern"},
    {SIA_WATCH_USER, "sysinfoWatchUser"},
    {SIA_WATCH_PARENT, "sysinfoWatchParent"},
    {SIA_WATCH_CGROUP, "sysinfoWatchCgroup"},
    {SIA_WATCH_MIN, "sysinfoWatchMin"},
    {SIA_WATCH_MAX, "sysinfoWatchMax"},
    {SIA_WATCH_COUNT, "sysinfoWatchCount"},
    {SIA_WATCH_STATUS, "sysinfoWatchStatus"},
    {SIA_WATCH_MESSAGE, "sysinfoWatchMessage"},
    {SIA_WATCH_UNCHECKED, "sysinfoWatchUnchecked"},
    {SIA_WATCH_OLDEST_START, "sysinfoWatchOldestStart"},
    {SIA_WATCH_NEWEST_START, "sysinfoWatchNewestStart"},
    {SIA_WATCH_RSS, "sysinfoWatchRss"},
    {SIA_WATCH_CPU, "sysinfoWatchCpu"},
    {SIA_WATCH_THREADS, "sysinfoWatchThreads"},
    {SIA_WATCH_OPEN_FILES, "sysinfoWatchOpenFiles"},
};

static void print_prefix(FILE *out, const unsigned long *oid, size_t n,
                         unsigned col)
{
    for (size_t i = 0; i < n; i++)
        fprintf(out, ".%lu", oid[i]);
    fprintf(out, ".1.%u", col); /* entry, column */
}

static int mount_oids(FILE *out, const char *path, char *err, size_t errlen)
{
    static const unsigned long table[] = {SIA_OID_MOUNT_TABLE};
    size_t len = strlen(path);

    if (path[0] != '/') {
        snprintf(err, errlen, "--oid mount: %s is not an absolute path", path);
        return -1;
    }
    while (len > 1 && path[len - 1] == '/') /* "/var/" is "/var" */
        len--;
    uint32_t index = mount_index_hash(path, len);
    for (size_t i = 0; i < sizeof(mount_cols) / sizeof(mount_cols[0]); i++) {
        print_prefix(out, table, sizeof(table) / sizeof(table[0]),
                     mount_cols[i].col);
        fprintf(out, ".%u SYSINFO-MIB::%s.%u\n", index, mount_cols[i].name,
                index);
    }
    return 0;
}

static int watch_oids(FILE *out, const char *name, char *err, size_t errlen)
{
    static const unsigned long table[] = {SIA_OID_WATCH_TABLE};

    if (!cfg_watch_name_ok(name)) {
        snprintf(err, errlen,
                 "--oid watch: %s is not a watch name (1 to %d letters, "
                 "digits, '.', '_', '-')",
                 name, CFG_WATCH_NAME_MAX);
        return -1;
    }
    for (size_t i = 0; i < sizeof(watch_cols) / sizeof(watch_cols[0]); i++) {
        print_prefix(out, table, sizeof(table) / sizeof(table[0]),
                     watch_cols[i].col);
        for (const char *p = name; *p != '\0'; p++) /* IMPLIED: no length */
            fprintf(out, ".%u", (unsigned)(unsigned char)*p);
        fprintf(out, " SYSINFO-MIB::%s.'%s'\n", watch_cols[i].name, name);
    }
    return 0;
}

int oid_cli_print(FILE *out, const char *kind, const char *arg, char *err,
                  size_t errlen)
{
    if (kind == NULL || arg == NULL) {
        snprintf(err, errlen, "--oid needs a kind and a name");
        return -1;
    }
    if (strcmp(kind, "mount") == 0)
        return mount_oids(out, arg, err, errlen);
    if (strcmp(kind, "watch") == 0)
        return watch_oids(out, arg, err, errlen);
    snprintf(err, errlen, "--oid %s: say mount PATH or watch NAME", kind);
    return -1;
}
