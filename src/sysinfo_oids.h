/*
 * sysinfo_oids.h - object identifiers of SYSINFO-MIB (mibs/SYSINFO-MIB.txt).
 *
 * The module's parent arc is defined here and nowhere else in C:
 * netSnmpPlaypen (1.3.6.1.4.1.8072.9999.9999) until an enterprise number
 * is registered.  tests/mib/test_oids.sh cross-checks every number below
 * against the MIB file with snmptranslate.
 */
#ifndef SIA_SYSINFO_OIDS_H
#define SIA_SYSINFO_OIDS_H

/* sysinfoMIB ::= { netSnmpPlaypen 7337 } */
#define SIA_OID_MIB         1, 3, 6, 1, 4, 1, 8072, 9999, 9999, 7337
#define SIA_OID_MIB_LEN     10
#define SIA_OID_OBJECTS     SIA_OID_MIB, 1       /* sysinfoObjects */
#define SIA_OID_SYSTEM      SIA_OID_OBJECTS, 1   /* sysinfoSystem */
#define SIA_OID_PROCESSES   SIA_OID_OBJECTS, 2   /* sysinfoProcesses */
#define SIA_OID_PROC_TABLE  SIA_OID_PROCESSES, 1 /* sysinfoProcessTable */
#define SIA_OID_MOUNTS      SIA_OID_OBJECTS, 3   /* sysinfoMounts */
#define SIA_OID_MOUNT_TABLE SIA_OID_MOUNTS, 1    /* sysinfoMountTable */
#define SIA_OID_WATCHES     SIA_OID_OBJECTS, 4   /* sysinfoWatches */
#define SIA_OID_WATCH_TABLE SIA_OID_WATCHES, 1   /* sysinfoWatchTable */
#define SIA_OID_THRESHOLDS  SIA_OID_OBJECTS, 5   /* sysinfoThresholds */
/* sysinfoNotificationPrefix: { sysinfoNotifications 0 } */
#define SIA_OID_NOTIFY_PREFIX SIA_OID_MIB, 2, 0

/* sysinfoSystem scalars (each instance is .0) */
enum sia_system_oid {
    SIA_SYS_BOOT_TIME = 1,      /* DateAndTime */
    SIA_SYS_BOOT_TIME_UNIX = 2, /* SysinfoGauge64, seconds */
    SIA_SYS_UPTIME = 3,         /* SysinfoGauge64, hundredths */
    SIA_SYS_SYS_NAME = 4,       /* OCTET STRING: uname -s */
    SIA_SYS_HOST_NAME = 5,      /* OCTET STRING: uname -n */
    SIA_SYS_RELEASE = 6,        /* OCTET STRING: uname -r */
    SIA_SYS_VERSION = 7,        /* OCTET STRING: uname -v */
    SIA_SYS_MACHINE = 8,        /* OCTET STRING: uname -m */
    SIA_SYS_WORD_SIZE = 9,      /* Unsigned32: 32 or 64 */
    SIA_SYS_CPU_COUNT = 10,     /* Unsigned32 */
    SIA_SYS_LOAD1 = 11,         /* Unsigned32, x100 */
    SIA_SYS_LOAD5 = 12,
    SIA_SYS_LOAD15 = 13,
    SIA_SYS_PROCESS_COUNT = 14, /* Gauge32 */
    SIA_SYS_THREAD_COUNT = 15,  /* Gauge32 */
    SIA_SYS_AGENT_VERSION = 16, /* OCTET STRING */
    SIA_SYS_MAX = 16,
};

/* sysinfoProcesses scalars beside the table (each instance is .0) */
enum sia_processes_oid {
    SIA_PROCS_SNAPSHOT_AGE = 2, /* TimeInterval (hundredths) */
    SIA_PROCS_SNAPSHOT_TTL = 3, /* Unsigned32, seconds */
    SIA_PROCS_ARGS_MAX = 4,     /* Unsigned32, bytes */
};

/* sysinfoProcessEntry columns: { sysinfoProcessTable 1 col pid } */
enum sia_proc_col {
    SIA_PROC_PID = 1,            /* Integer32, index */
    SIA_PROC_PPID = 2,           /* Integer32 */
    SIA_PROC_NAME = 3,           /* OCTET STRING */
    SIA_PROC_EXE = 4,            /* OCTET STRING */
    SIA_PROC_ARGS = 5,           /* OCTET STRING */
    SIA_PROC_ARGS_TRUNCATED = 6, /* TruthValue */
    SIA_PROC_STATE = 7,          /* enum proc_state */
    SIA_PROC_UID = 8,            /* Unsigned32 */
    SIA_PROC_EUID = 9,
    SIA_PROC_GID = 10,
    SIA_PROC_EGID = 11,
    SIA_PROC_USER = 12,         /* OCTET STRING */
    SIA_PROC_START_TIME = 13,   /* DateAndTime */
    SIA_PROC_CPU_USER = 14,     /* Counter64, hundredths */
    SIA_PROC_CPU_SYSTEM = 15,   /* Counter64, hundredths */
    SIA_PROC_RSS = 16,          /* SysinfoGauge64, bytes */
    SIA_PROC_VSZ = 17,          /* SysinfoGauge64, bytes */
    SIA_PROC_THREADS = 18,      /* Gauge32 */
    SIA_PROC_NICE = 19,         /* Integer32 */
    SIA_PROC_PRIORITY = 20,     /* Integer32 */
    SIA_PROC_TTY = 21,          /* OCTET STRING */
    SIA_PROC_OPEN_FILES = 22,   /* Gauge32 */
    SIA_PROC_READ_BYTES = 23,   /* Counter64 */
    SIA_PROC_WRITE_BYTES = 24,  /* Counter64 */
    SIA_PROC_CGROUP = 25,       /* OCTET STRING */
    SIA_PROC_CHILDREN = 26,     /* Gauge32 */
    SIA_PROC_SIGNAL = 27,       /* Integer32, read-write */
    SIA_PROC_PGRP = 28,         /* Integer32 */
    SIA_PROC_SESSION = 29,      /* Integer32 */
    SIA_PROC_MINOR_FAULTS = 30, /* Counter64 */
    SIA_PROC_MAJOR_FAULTS = 31, /* Counter64 */
    SIA_PROC_SHARED = 32,       /* SysinfoGauge64, bytes */
    SIA_PROC_CWD = 33,          /* OCTET STRING */
    SIA_PROC_START_UNIX = 34,   /* SysinfoGauge64, hundredths since epoch */
    SIA_PROC_UNKNOWN = 35,      /* BITS: bit n set = column n unreadable */
    SIA_PROC_COL_MAX = 35,
};

/* sysinfoMountEntry columns: { sysinfoMountTable 1 col index } */
enum sia_mount_col {
    SIA_MNT_INDEX = 1,       /* Unsigned32 (1..2147483647), index */
    SIA_MNT_MOUNT_POINT = 2, /* OCTET STRING */
    SIA_MNT_DEVICE = 3,      /* OCTET STRING */
    SIA_MNT_FS_TYPE = 4,     /* OCTET STRING */
    SIA_MNT_OPTIONS = 5,     /* OCTET STRING */
    SIA_MNT_READ_ONLY = 6,   /* TruthValue */
    SIA_MNT_REMOTE = 7,      /* TruthValue */
    SIA_MNT_SIZE = 8,        /* SysinfoGauge64, bytes */
    SIA_MNT_FREE = 9,
    SIA_MNT_AVAIL = 10,
    SIA_MNT_USED = 11,
    SIA_MNT_USED_PERCENT = 12, /* Unsigned32 0..100 */
    SIA_MNT_INODES = 13,       /* SysinfoGauge64 */
    SIA_MNT_INODES_FREE = 14,
    SIA_MNT_INODES_USED_PERCENT = 15, /* Unsigned32 0..100 */
    SIA_MNT_BLOCK_SIZE = 16,          /* Unsigned32, bytes */
    SIA_MNT_STATUS = 17,              /* enum: ok(1) timeout(2) error(3)
                                         notQueried(4) */
    SIA_MNT_STATUS_AGE = 18,          /* TimeInterval: age of usage numbers */
    SIA_MNT_STATUS_TEXT = 19,         /* OCTET STRING: why not ok */
    SIA_MNT_MOUNT_ID = 20,            /* Unsigned32: kernel mount id */
    SIA_MNT_DEVICE_NUMBER = 21,       /* OCTET STRING "major:minor" */
    SIA_MNT_ROOT = 22,                /* OCTET STRING: root within the fs */
    SIA_MNT_DUPLICATE_OF = 23,        /* Unsigned32: index of the first row of
                                         the same device, 0 if this is it */
    SIA_MNT_THRESHOLD_STATUS = 24,    /* enum sia_threshold_status; no
                                         instance without a threshold rule */
    SIA_MNT_THRESHOLD_MESSAGE = 25,   /* DisplayString */
    SIA_MNT_COL_MAX = 25,
};

enum sia_mount_status {
    SIA_MOUNT_OK = 1,
    SIA_MOUNT_TIMEOUT = 2,
    SIA_MOUNT_ERROR = 3,
    SIA_MOUNT_NOT_QUERIED = 4,
};

/* sysinfoMountThresholdStatus */
enum sia_threshold_status {
    SIA_THRESHOLD_OK = 1,
    SIA_THRESHOLD_WARNING = 2,
    SIA_THRESHOLD_CRITICAL = 3,
    SIA_THRESHOLD_UNKNOWN = 4,
};

/* sysinfoWatchEntry columns: { sysinfoWatchTable 1 col name } where the
 * index is the name IMPLIED: one sub-identifier per byte, no length. */
enum sia_watch_col {
    SIA_WATCH_NAME = 1,          /* DisplayString (1..32), index */
    SIA_WATCH_TARGET = 2,        /* enum sia_watch_target */
    SIA_WATCH_PATTERN = 3,       /* DisplayString */
    SIA_WATCH_USER = 4,          /* Unsigned32 uid; no instance if unset */
    SIA_WATCH_PARENT = 5,        /* Integer32 ppid; no instance if unset */
    SIA_WATCH_CGROUP = 6,        /* OCTET STRING; no instance if unset */
    SIA_WATCH_MIN = 7,           /* Unsigned32; no instance if unset */
    SIA_WATCH_MAX = 8,           /* Unsigned32; no instance if unset */
    SIA_WATCH_COUNT = 9,         /* Gauge32 */
    SIA_WATCH_STATUS = 10,       /* enum sia_watch_status */
    SIA_WATCH_MESSAGE = 11,      /* DisplayString */
    SIA_WATCH_UNCHECKED = 12,    /* Gauge32 */
    SIA_WATCH_OLDEST_START = 13, /* SysinfoGauge64, hundredths since epoch */
    SIA_WATCH_NEWEST_START = 14, /* SysinfoGauge64 */
    SIA_WATCH_RSS = 15,          /* SysinfoGauge64, bytes */
    SIA_WATCH_CPU = 16,          /* Counter64, hundredths */
    SIA_WATCH_THREADS = 17,      /* Gauge32 */
    SIA_WATCH_OPEN_FILES = 18,   /* Gauge32 */
    SIA_WATCH_COL_MAX = 18,
};

/* sysinfoWatches scalars beside the table (notification-only) */
enum sia_watches_oid {
    SIA_WATCHES_NOTIFY_NAME = 2, /* DisplayString, accessible-for-notify */
};

enum sia_watch_target {
    SIA_WATCH_TARGET_NAME = 1,
    SIA_WATCH_TARGET_ARGS = 2,
    SIA_WATCH_TARGET_EXE = 3,
};

enum sia_watch_status {
    SIA_WATCH_OK = 1,
    SIA_WATCH_TOO_FEW = 2,
    SIA_WATCH_TOO_MANY = 3,
    SIA_WATCH_INVALID_PATTERN = 4,
    SIA_WATCH_UNKNOWN = 5,
};

/* sysinfoThresholds: accessible-for-notify objects (instance .0) */
enum sia_thresholds_oid {
    SIA_THR_MEASURE = 1, /* enum sia_threshold_measure */
    SIA_THR_VALUE = 2,   /* Unsigned32 */
    SIA_THR_LEVEL = 3,   /* Unsigned32 */
};

enum sia_threshold_measure {
    SIA_MEASURE_USED_PERCENT = 1,   /* hundredths of a percent */
    SIA_MEASURE_AVAIL_MIB = 2,      /* mebibytes in the notification */
    SIA_MEASURE_INODES_PERCENT = 3, /* hundredths of a percent */
    SIA_MEASURE_TIMEOUT = 4,        /* value and level 0 */
    SIA_MEASURE_ERROR = 5,
};

/* NOTIFICATION-TYPEs: { sysinfoNotificationPrefix n } */
enum sia_notification {
    SIA_NOTIFY_WATCH_PROBLEM = 1,
    SIA_NOTIFY_WATCH_RECOVERED = 2,
    SIA_NOTIFY_THRESHOLD_CROSSED = 3,
    SIA_NOTIFY_THRESHOLD_CLEARED = 4,
    SIA_NOTIFY_MOUNT_TIMEOUT = 5,
    SIA_NOTIFY_MOUNT_RESPONDING = 6,
};

#endif
