/*
 * signal_policy.c - the rules for sending a signal through SNMP.
 */
#include "signal_policy.h"

#include "config.h"
#include "proc_snapshot.h"
#include "sysinfo_oids.h"

enum signal_verdict signal_policy_check(const struct config *cfg,
                                        const struct proc_snapshot *s,
                                        const struct signal_request *rq,
                                        struct signal_target *out)
{
    size_t row;
    int32_t pid;

    if (rq->len != 4 || rq->sub[0] != 1 || rq->sub[1] != 1 ||
        rq->sub[2] != SIA_PROC_SIGNAL)
        return SIGV_NOT_WRITABLE;
    if (!cfg->signals_enabled)
        return SIGV_DISABLED;
    if (!rq->is_integer)
        return SIGV_WRONG_TYPE;
    if (rq->value < 1 || rq->value > CONFIG_MAX_SIGNAL ||
        !cfg->signals_allowed[rq->value])
        return SIGV_WRONG_VALUE;
    if (rq->sub[3] == 0 || rq->sub[3] > INT32_MAX)
        return SIGV_NO_CREATION;
    pid = (int32_t)rq->sub[3];
    if (pid == 1 || pid == rq->self_pid)
        return SIGV_PROTECTED;
    row = s ? proc_snapshot_find(s, pid) : (size_t)-1;
    if (row == (size_t)-1)
        return SIGV_NO_CREATION;
    out->pid = pid;
    out->start_time_cs = s->procs.rows[row].start_time_cs;
    out->sig = (int)rq->value;
    return SIGV_OK;
}

const char *signal_verdict_str(enum signal_verdict v)
{
    switch (v) {
    case SIGV_OK:
        return "allowed";
    case SIGV_NOT_WRITABLE:
        return "not writable (a read-only object)";
    case SIGV_DISABLED:
        return "not writable (signals are disabled: no signals_allow line)";
    case SIGV_PROTECTED:
        return "not writable (pid 1 and the agent itself are never "
               "signalled)";
    case SIGV_WRONG_TYPE:
        return "wrong type (an INTEGER signal number is expected)";
    case SIGV_WRONG_VALUE:
        return "signal not allowed by signals_allow";
    case SIGV_NO_CREATION:
        return "no such process";
    }
    return "?";
}
