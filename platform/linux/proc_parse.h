/*
 * proc_parse.h - pure parsers for Linux procfs files.
 *
 * Every function reads a byte buffer (buf, len) and never more than len
 * bytes of it: the buffer need not be NUL-terminated and may hold any
 * byte.  Nothing here does I/O or allocates, so each parser is tested
 * from strings (tests/unit/test_proc_parse.c).
 *
 * Parsers return PP_OK or an enum pp_err saying why the input was
 * rejected; on error the output is unspecified (the caller marks the
 * field missing).
 */
#ifndef SIA_PROC_PARSE_H
#define SIA_PROC_PARSE_H

#include <stddef.h>
#include <stdint.h>

enum pp_err {
    PP_OK = 0,
    PP_ERR_MISSING = 1, /* a field or line is absent: truncated input */
    PP_ERR_SYNTAX = 2,  /* a field is not what it should be ("12x") */
    PP_ERR_RANGE = 3,   /* a number does not fit its type */
};

/* The kernel cuts comm at TASK_COMM_LEN - 1 bytes. */
#define PP_COMM_CUT 15
/* Room for any tty name pp_tty_name() writes, with its NUL. */
#define PP_TTY_NAME_MAX 32

/* The fields of /proc/PID/stat that the process table uses. */
struct pp_stat {
    const char *comm; /* points into the parsed buffer */
    size_t comm_len;
    char state;
    int32_t ppid;
    int32_t pgrp;
    int32_t session;
    uint32_t tty_nr; /* kernel device number encoding */
    uint64_t minflt;
    uint64_t majflt;
    uint64_t utime; /* clock ticks */
    uint64_t stime;
    int32_t priority;
    int32_t nice;
    uint32_t num_threads;
    uint64_t starttime; /* clock ticks after boot */
};

/* The comm of a stat line: the bytes between the first '(' and the LAST
 * ')', so a name holding ')', '(', spaces or newlines never shifts the
 * fields after it. */
int pp_stat_comm(const char *buf, size_t len, const char **comm,
                 size_t *comm_len);
/* The whole stat line.  out->comm points into buf. */
int pp_parse_stat(const char *buf, size_t len, struct pp_stat *out);

/* /proc/PID/statm: the first three fields, in pages. */
struct pp_statm {
    uint64_t size;
    uint64_t resident;
    uint64_t shared;
};
int pp_parse_statm(const char *buf, size_t len, struct pp_statm *out);

/* /proc/PID/status: real and effective ids from the Uid: and Gid: lines.
 * A line must be whole (end in '\n'), so a prefix read that cuts a line
 * is PP_ERR_MISSING, never a wrong id. */
struct pp_ids {
    uint32_t uid, euid;
    uint32_t gid, egid;
};
int pp_parse_status_ids(const char *buf, size_t len, struct pp_ids *out);

/* /proc/PID/io: storage read_bytes and write_bytes. */
struct pp_io {
    uint64_t read_bytes;
    uint64_t write_bytes;
};
int pp_parse_io(const char *buf, size_t len, struct pp_io *out);

/* /proc/PID/cmdline.  pp_cmdline_argv0 gives the length of argv[0]
 * (up to the first NUL; when there is no NUL at all, as after
 * setproctitle(), up to the first space).  pp_cmdline_join rewrites buf
 * in place: trailing NULs dropped, each other NUL becomes one space.
 * Returns the new length. */
size_t pp_cmdline_argv0(const char *buf, size_t len);
size_t pp_cmdline_join(char *buf, size_t len);

/* /proc/PID/cgroup: the unified ("0::") path if present, else the
 * path of the name=systemd hierarchy, else the first line's path.
 * *path points into buf. */
int pp_parse_cgroup(const char *buf, size_t len, const char **path,
                    size_t *path_len);

/* The name of a tty from its stat tty_nr ("" for 0, "pts/3", "tty1",
 * "ttyS0", "console", else "MAJOR:MINOR").  Writes a NUL-terminated name
 * into out (size >= PP_TTY_NAME_MAX) and returns its length. */
size_t pp_tty_name(uint32_t tty_nr, char *out, size_t size);

/* enum proc_state (collector.h) for a stat state letter. */
int32_t pp_state(char c);

/* The full process name: comm, or when comm is exactly PP_COMM_CUT
 * bytes (the kernel cut it), the basename of argv[0] or else of exe if
 * that basename starts with comm (as psutil does).  *name points into
 * one of the inputs. */
void pp_full_name(const char *comm, size_t comm_len, const char *argv0,
                  size_t argv0_len, const char *exe, size_t exe_len,
                  const char **name, size_t *name_len);

/* <proc>/stat: the btime line (boot time, Unix seconds). */
int pp_parse_btime(const char *buf, size_t len, int64_t *btime);
/* <proc>/stat: the number of "cpuN" lines (online CPUs); 0 if none. */
uint32_t pp_count_cpus(const char *buf, size_t len);
/* <proc>/uptime: the first field in hundredths of a second. */
int pp_parse_uptime(const char *buf, size_t len, uint64_t *uptime_cs);
/* <proc>/loadavg: the three load averages x 100. */
int pp_parse_loadavg(const char *buf, size_t len, uint32_t load_x100[3]);

#endif
