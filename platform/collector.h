/*
 * collector.h - the OS-neutral contract between the agent (src/) and the
 * per-OS collectors (platform/<os>/).
 *
 * Collectors return plain rows: fixed-width integers and owned,
 * length-counted byte strings (names and paths are bytes from the kernel,
 * not text; they may hold spaces, newlines or invalid UTF-8).  A field that
 * could not be read sets its bit in the row's `missing` mask and its value
 * is meaningless; it is never reported as 0 or a guess.
 *
 * A whole-call failure is a status code (enum col_status).  A per-row
 * problem never fails the call: a process that vanishes during a scan is
 * skipped, an unreadable field sets its missing bit.
 *
 * Thread model: a struct collector is used by one thread at a time (the
 * agent's worker thread).  collector_fs_usage() is reentrant and may block
 * for ever on a hung filesystem: the caller runs it off the main thread
 * with a deadline.  No function here calls net-snmp.
 */
#ifndef SIA_COLLECTOR_H
#define SIA_COLLECTOR_H

#include <stddef.h>
#include <stdint.h>

enum col_status {
    COL_OK = 0,
    COL_ERR_NOMEM,       /* out of memory */
    COL_ERR_IO,          /* read error (errno kept in the caller's log) */
    COL_ERR_PARSE,       /* malformed input */
    COL_ERR_GONE,        /* no such process (or pid reused) */
    COL_ERR_ACCESS,      /* permission denied */
    COL_ERR_INVAL,       /* bad argument */
    COL_ERR_UNSUPPORTED, /* not available on this OS */
};

/* A text name for a status, for logs. */
const char *col_status_str(enum col_status st);

/* An owned byte string.  `ptr` is NUL-terminated for convenience, but
 * `len` is authoritative.  ptr == NULL means "no value". */
struct col_bytes {
    char *ptr;
    size_t len;
};

void col_bytes_free(struct col_bytes *b);
/* Copies len bytes into b (replacing what was there). */
int col_bytes_set(struct col_bytes *b, const char *src, size_t len);

/* Whose mount table collector_mounts() reads.  A sandboxed service
 * (systemd's ProtectSystem=, PrivateTmp=) has a mount namespace of its
 * own, whose table describes the sandbox: read-only binds, a private
 * /tmp.  COL_MOUNTS_INIT reads the table of the init process (pid 1) of
 * the proc root's pid namespace instead, and has the mount points
 * statfs'ed as that process sees them (see mount_row.probe_path). */
enum col_mount_table {
    COL_MOUNTS_SELF = 0, /* the agent's own mount namespace (default) */
    COL_MOUNTS_INIT = 1, /* init's mount namespace: the host's view */
};

struct collector_options {
    const char *proc_root; /* e.g. "/proc"; never NULL */
    size_t args_max;       /* max bytes of a process command line */
    int mount_table;       /* enum col_mount_table */
};

struct collector; /* opaque: proc root fd, reusable buffers */

enum col_status collector_open(const struct collector_options *opt,
                               struct collector **out);
void collector_close(struct collector *c);

/* ---------------------------------------------------------------- system */

enum sys_field {
    SYS_F_BOOT_TIME = 1u << 0,
    SYS_F_UPTIME = 1u << 1,
    SYS_F_UNAME = 1u << 2,
    SYS_F_CPU_COUNT = 1u << 3,
    SYS_F_LOADAVG = 1u << 4,
};

struct sys_info {
    uint32_t missing;          /* enum sys_field bits */
    int64_t boot_time;         /* Unix seconds */
    uint64_t uptime_cs;        /* hundredths of a second since boot */
    struct col_bytes sysname;  /* uname -s */
    struct col_bytes nodename; /* uname -n */
    struct col_bytes release;  /* uname -r */
    struct col_bytes version;  /* uname -v */
    struct col_bytes machine;  /* uname -m */
    uint32_t word_bits;        /* 32 or 64: the agent's userland */
    uint32_t cpu_count;        /* online CPUs */
    uint32_t load_x100[3];     /* 1, 5, 15 minute load average x 100 */
};

enum col_status collector_system(struct collector *c, struct sys_info *out);
void sys_info_free(struct sys_info *s);

/* ------------------------------------------------------------- processes */

enum proc_state {
    PROC_STATE_RUNNING = 1,
    PROC_STATE_SLEEPING = 2,
    PROC_STATE_DISK_SLEEP = 3,
    PROC_STATE_STOPPED = 4,
    PROC_STATE_TRACING_STOP = 5,
    PROC_STATE_ZOMBIE = 6,
    PROC_STATE_DEAD = 7,
    PROC_STATE_WAKE_KILL = 8,
    PROC_STATE_WAKING = 9,
    PROC_STATE_PARKED = 10,
    PROC_STATE_IDLE = 11,
    PROC_STATE_OTHER = 12,
};

/* Bits of proc_row.missing: one per field that can be unreadable. */
enum proc_field {
    PROC_F_PPID = 1ull << 0,
    PROC_F_NAME = 1ull << 1,
    PROC_F_EXE = 1ull << 2,
    PROC_F_ARGS = 1ull << 3,
    PROC_F_STATE = 1ull << 4,
    PROC_F_IDS = 1ull << 5, /* uid, euid, gid, egid */
    PROC_F_START = 1ull << 6,
    PROC_F_CPU = 1ull << 7, /* cpu_user_cs, cpu_system_cs */
    PROC_F_MEM = 1ull << 8, /* rss, vsz, shared */
    PROC_F_THREADS = 1ull << 9,
    PROC_F_PRIO = 1ull << 10, /* nice, priority */
    PROC_F_TTY = 1ull << 11,
    PROC_F_FDS = 1ull << 12,
    PROC_F_IO = 1ull << 13, /* read_bytes, write_bytes */
    PROC_F_CGROUP = 1ull << 14,
    PROC_F_PGRP = 1ull << 15, /* pgrp, session */
    PROC_F_FAULTS = 1ull << 16,
    PROC_F_CWD = 1ull << 17,
};

struct proc_row {
    uint64_t missing; /* enum proc_field bits */
    int32_t pid;
    int32_t ppid;
    struct col_bytes name;  /* full name: comm, extended when cut at 15 */
    struct col_bytes exe;   /* resolved executable; "" for kernel threads */
    struct col_bytes args;  /* argv joined by single spaces; "" if none */
    uint8_t args_truncated; /* 1 when args was cut at args_max */
    int32_t state;          /* enum proc_state */
    uint32_t uid, euid, gid, egid;
    uint64_t start_time_cs; /* hundredths of a second since the Unix epoch */
    uint64_t cpu_user_cs;   /* hundredths of a second */
    uint64_t cpu_system_cs;
    uint64_t rss_bytes;
    uint64_t vsz_bytes;
    uint64_t shared_bytes;
    uint32_t threads;
    int32_t nice;
    int32_t priority;
    struct col_bytes tty; /* "pts/3", "tty1"; "" when none */
    uint32_t open_files;
    uint64_t read_bytes; /* storage I/O, as /proc/PID/io read_bytes */
    uint64_t write_bytes;
    struct col_bytes cgroup; /* cgroup path (v2 path if any) */
    int32_t pgrp;
    int32_t session;
    uint64_t minor_faults;
    uint64_t major_faults;
    struct col_bytes cwd;
};

struct proc_list {
    struct proc_row *rows; /* sorted by pid, ascending, unique */
    size_t count;
    size_t cap;
};

/* Scans every process.  Rows come back sorted by pid. */
enum col_status collector_processes(struct collector *c, struct proc_list *out);
void proc_row_free(struct proc_row *r);
void proc_list_free(struct proc_list *l);

/* Sends signal `sig` to `pid`, after checking that the process still has
 * start time `start_time_cs` (guards against pid reuse).
 * COL_ERR_GONE: no such process or pid reused; COL_ERR_ACCESS: EPERM. */
enum col_status collector_signal(struct collector *c, int32_t pid,
                                 uint64_t start_time_cs, int sig);

/* ---------------------------------------------------------------- mounts */

enum mount_field {
    MOUNT_F_DEVNO = 1u << 0,
};

struct mount_row {
    uint32_t missing;  /* enum mount_field bits */
    uint32_t mount_id; /* kernel mount id (changes on remount) */
    uint32_t parent_id;
    uint32_t dev_major, dev_minor;
    struct col_bytes root;        /* root of the mount within its fs */
    struct col_bytes mount_point; /* decoded: \040 etc. are real bytes */
    struct col_bytes device;      /* mount source */
    struct col_bytes fstype;      /* "ext4", "fuse.sshfs" */
    struct col_bytes options;     /* as /proc/mounts lists them */
    /* What to give collector_fs_usage() for this mount: the mount point
     * as the agent reaches it from its own namespace.  Equal to
     * mount_point for COL_MOUNTS_SELF; ptr NULL means "use mount_point".
     * Only for statfs: the row is identified by mount_point. */
    struct col_bytes probe_path;
    uint8_t read_only;
    uint8_t remote;    /* network filesystem */
    uint8_t pseudo;    /* proc, sysfs, cgroup...: hidden by default */
    uint8_t no_statfs; /* statfs must not be called (autofs) */
};

struct mount_list {
    struct mount_row *rows; /* in mountinfo order */
    size_t count;
    size_t cap;
    size_t skipped;                /* malformed lines left out */
    size_t first_skip_line;        /* line number of the first one */
    const char *first_skip_reason; /* static text; NULL when none */
};

enum col_status collector_mounts(struct collector *c, struct mount_list *out);
void mount_row_free(struct mount_row *r);
void mount_list_free(struct mount_list *l);

struct fs_usage {
    uint64_t size_bytes;
    uint64_t free_bytes;  /* free to root */
    uint64_t avail_bytes; /* free to unprivileged users */
    uint64_t inodes;
    uint64_t inodes_free;
    uint32_t block_size; /* fundamental block size (f_frsize) */
};

/* statfs of one mount point.  May block for ever (hung NFS, stopped FUSE
 * daemon): call it from a thread the caller can abandon.  Reentrant.
 * On failure returns COL_ERR_IO and sets *err_no. */
enum col_status collector_fs_usage(const char *mount_point,
                                   struct fs_usage *out, int *err_no);

#endif
