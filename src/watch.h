/*
 * watch.h - process watches: the configured watches judged against the
 * rows of one process scan.  Pure: no I/O, no clock, no net-snmp; the
 * caller passes the rows of the process snapshot, so a watch and a walk
 * of the process table never disagree.
 *
 * Matching a process (for one watch):
 *   - a zombie (state known to be zombie) is never counted: it is not
 *     running, whatever its name;
 *   - the limits the watch has (user = effective uid, parent pid, cgroup
 *     path equal to the prefix or below it) and the pattern
 *     (regexec, REG_EXTENDED, against name, args or exe) must all hold;
 *   - a limit whose field could not be read makes the process
 *     "unchecked" unless another, readable limit already rules it out:
 *     it is counted neither as matching nor as not matching.
 *
 * Status: tooMany when count > max (count only grows with the unchecked
 * ones); tooFew when count + unchecked < min (too few even if every
 * unchecked process matched); unknown when the verdict depends on the
 * unchecked processes; else ok.  invalidPattern when the pattern did not
 * compile (count 0).
 *
 * Sums (RSS, CPU, threads, open files, start times) are over the counted
 * processes.  A field unknown in one of them makes that sum unknown (its
 * bit in `missing`): a partial sum would look like a real one.  With no
 * matching process the sums are 0 and the start times unknown.
 */
#ifndef SIA_WATCH_H
#define SIA_WATCH_H

#include "collector.h"
#include "config_watch.h"

#include <stddef.h>
#include <stdint.h>

#define WATCH_MESSAGE_MAX 256 /* with the NUL; the MIB's DisplayString */

/* Bits of watch_row.missing: the sums that are unknown. */
enum watch_field {
    WATCH_F_START = 1u << 0, /* oldest_start_cs, newest_start_cs */
    WATCH_F_RSS = 1u << 1,
    WATCH_F_CPU = 1u << 2,
    WATCH_F_THREADS = 1u << 3,
    WATCH_F_FDS = 1u << 4,
};

struct watch_row {
    const struct cfg_watch *def; /* borrowed from the watch_set */
    int status;                  /* enum sia_watch_status */
    uint32_t count;              /* processes that match for sure */
    uint32_t unchecked;          /* processes that could not be judged */
    uint32_t missing;            /* enum watch_field bits */
    uint64_t oldest_start_cs;    /* hundredths since the Unix epoch */
    uint64_t newest_start_cs;
    uint64_t rss_bytes;
    uint64_t cpu_cs; /* user + system, hundredths */
    uint64_t threads;
    uint64_t open_files;
    char message[WATCH_MESSAGE_MAX];
};

struct watch_table {
    struct watch_row *rows; /* sorted by name, bytewise: the IMPLIED index
                               order of sysinfoWatchTable */
    size_t count;
};

/* The watches, compiled once per configuration. */
struct watch_set;

/* Copies the definitions and compiles their patterns.  A pattern that
 * does not compile is not an error here: its watch reports
 * invalidPattern.  NULL only when out of memory. */
struct watch_set *watch_set_new(const struct cfg_watch *defs, size_t n);
void watch_set_free(struct watch_set *ws); /* accepts NULL */
size_t watch_set_count(const struct watch_set *ws);

/* Judges every watch of ws against the process rows.  The table borrows
 * the definitions of ws: free it before ws.  Returns 0, or -1 when out of
 * memory (then *out is empty). */
int watch_evaluate(const struct watch_set *ws, const struct proc_row *rows,
                   size_t n, struct watch_table *out);
void watch_table_free(struct watch_table *t);

/* Row position of the watch called name (len bytes), or (size_t)-1.
 * O(log n). */
size_t watch_table_find(const struct watch_table *t, const char *name,
                        size_t len);

#endif
