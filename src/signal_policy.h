/*
 * signal_policy.h - may this SET of sysinfoProcessSignal go ahead?
 *
 * Pure decision over the configuration and the current snapshot, so the
 * rules are unit-tested without net-snmp; agent_request.c maps the verdict
 * to SNMP errors in the right SET phase.
 *
 * The rules, in order (README, "Security"):
 *   1. only sysinfoProcessSignal, only when signals_allow is set, only an
 *      INTEGER naming an allowed signal;
 *   2. never pid 1 nor the agent itself;
 *   3. the pid must be in the current snapshot, with its owner (uid and
 *      euid) and name known;
 *   4. the snmpd master (rq->master_pid, and any process named "snmpd")
 *      and kernel threads only when a signals_names line names them;
 *   5. with signals_names, only processes whose name matches one;
 *   6. with signals_users, only processes whose uid and euid are listed;
 *      without, only processes whose uid and euid are above
 *      signals_system_uid_max (no system daemons, no root).
 */
#ifndef SIA_SIGNAL_POLICY_H
#define SIA_SIGNAL_POLICY_H

#include <stddef.h>
#include <stdint.h>

struct config;
struct proc_snapshot;

enum signal_verdict {
    SIGV_OK = 0,
    SIGV_NOT_WRITABLE, /* not the signal column: a read-only object */
    SIGV_DISABLED,     /* no signals_allow line in the configuration */
    SIGV_PROTECTED,    /* pid 1 or the agent itself */
    SIGV_WRONG_TYPE,   /* value is not an INTEGER */
    SIGV_WRONG_VALUE,  /* signal not in signals_allow */
    SIGV_NO_CREATION,  /* no such pid in the table */
    /* The target policy (rules 3-6): SNMP noAccess. */
    SIGV_REFUSED_UNKNOWN, /* owner or name unknown: cannot check */
    SIGV_REFUSED_MASTER,  /* the snmpd master, not named */
    SIGV_REFUSED_KTHREAD, /* a kernel thread, not named */
    SIGV_REFUSED_NAME,    /* name matches no signals_names pattern */
    SIGV_REFUSED_USER,    /* owner not allowed (system user by default) */
};

struct signal_request {
    /* OID below sysinfoProcesses: 1 (table), 1 (entry), column, pid */
    const uint32_t *sub;
    size_t len;
    int is_integer; /* the varbind's type is INTEGER */
    long value;     /* the signal number asked for */
    int32_t self_pid;
    int32_t master_pid; /* the AgentX peer's pid; 0 when unknown */
};

struct signal_target {
    int32_t pid;
    uint64_t start_time_cs; /* to detect pid reuse at commit */
    int sig;
};

enum signal_verdict signal_policy_check(const struct config *cfg,
                                        const struct proc_snapshot *s,
                                        const struct signal_request *rq,
                                        struct signal_target *out);
const char *signal_verdict_str(enum signal_verdict v);

/* Signal name ("TERM", "SIGTERM", any case) or number ("15") to a number
 * in 1..CONFIG_MAX_SIGNAL; -1 if unknown (signals_allow's values). */
int signal_policy_number(const char *name);

#endif
