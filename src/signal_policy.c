/*
 * signal_policy.c - the rules for sending a signal through SNMP.
 */
#include "signal_policy.h"

#include "config.h"
#include "proc_snapshot.h"
#include "sysinfo_oids.h"
#include "util.h"

#include <fnmatch.h>
#include <signal.h>
#include <string.h>
#include <strings.h>

/* Signal names signals_allow accepts. */
static const struct {
    const char *name;
    int num;
} signal_names[] = {
    {"HUP", SIGHUP},       {"INT", SIGINT},   {"QUIT", SIGQUIT},
    {"ILL", SIGILL},       {"ABRT", SIGABRT}, {"FPE", SIGFPE},
    {"KILL", SIGKILL},     {"SEGV", SIGSEGV}, {"PIPE", SIGPIPE},
    {"ALRM", SIGALRM},     {"TERM", SIGTERM}, {"USR1", SIGUSR1},
    {"USR2", SIGUSR2},     {"CHLD", SIGCHLD}, {"CONT", SIGCONT},
    {"STOP", SIGSTOP},     {"TSTP", SIGTSTP}, {"TTIN", SIGTTIN},
    {"TTOU", SIGTTOU},
#ifdef SIGBUS
    {"BUS", SIGBUS},
#endif
#ifdef SIGURG
    {"URG", SIGURG},
#endif
#ifdef SIGXCPU
    {"XCPU", SIGXCPU},
#endif
#ifdef SIGXFSZ
    {"XFSZ", SIGXFSZ},
#endif
#ifdef SIGVTALRM
    {"VTALRM", SIGVTALRM},
#endif
#ifdef SIGPROF
    {"PROF", SIGPROF},
#endif
#ifdef SIGWINCH
    {"WINCH", SIGWINCH},
#endif
#ifdef SIGIO
    {"IO", SIGIO},
#endif
#ifdef SIGSYS
    {"SYS", SIGSYS},
#endif
#ifdef SIGTRAP
    {"TRAP", SIGTRAP},
#endif
};

int signal_policy_number(const char *name)
{
    unsigned long n;

    if (name == NULL)
        return -1;
    if (sia_parse_uint(name, CONFIG_MAX_SIGNAL, &n) == 0)
        return n >= 1 ? (int)n : -1;
    if (strncasecmp(name, "SIG", 3) == 0)
        name += 3;
    for (size_t i = 0; i < sizeof(signal_names) / sizeof(signal_names[0]);
         i++) {
        if (strcasecmp(name, signal_names[i].name) == 0) {
            int num = signal_names[i].num;
            return num >= 1 && num <= CONFIG_MAX_SIGNAL ? num : -1;
        }
    }
    return -1;
}

static int name_listed(const struct str_list *l, const struct col_bytes *name)
{
    for (size_t i = 0; i < l->count; i++)
        if (fnmatch(l->items[i], name->ptr, 0) == 0)
            return 1;
    return 0;
}

static int user_allowed(const struct config *cfg, uint32_t uid)
{
    if (cfg->signal_users.count > 0)
        return uid_list_has(&cfg->signal_users, uid);
    return uid > cfg->sys_uid_max;
}

/* Rules 3-6 of signal_policy.h for one row. */
static enum signal_verdict target_verdict(const struct config *cfg,
                                          const struct proc_row *r,
                                          int32_t master_pid)
{
    int named;

    if ((r->missing & (PROC_F_IDS | PROC_F_NAME | PROC_F_PPID)) ||
        r->name.ptr == NULL || memchr(r->name.ptr, 0, r->name.len) != NULL)
        return SIGV_REFUSED_UNKNOWN;
    named = name_listed(&cfg->signal_names, &r->name);
    if ((r->pid == master_pid || strcmp(r->name.ptr, "snmpd") == 0) && !named)
        return SIGV_REFUSED_MASTER;
    if ((r->pid == 2 || r->ppid == 2) && !named)
        return SIGV_REFUSED_KTHREAD;
    if (cfg->signal_names.count > 0 && !named)
        return SIGV_REFUSED_NAME;
    if (!user_allowed(cfg, r->uid) || !user_allowed(cfg, r->euid))
        return SIGV_REFUSED_USER;
    return SIGV_OK;
}

enum signal_verdict signal_policy_check(const struct config *cfg,
                                        const struct proc_snapshot *s,
                                        const struct signal_request *rq,
                                        struct signal_target *out)
{
    enum signal_verdict v;
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
    v = target_verdict(cfg, &s->procs.rows[row], rq->master_pid);
    if (v != SIGV_OK)
        return v;
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
    case SIGV_REFUSED_UNKNOWN:
        return "refused (the process's owner or name is unknown)";
    case SIGV_REFUSED_MASTER:
        return "refused (the snmpd master: name it in signals_names)";
    case SIGV_REFUSED_KTHREAD:
        return "refused (a kernel thread: name it in signals_names)";
    case SIGV_REFUSED_NAME:
        return "refused (the name matches no signals_names pattern)";
    case SIGV_REFUSED_USER:
        return "refused (owner not allowed: a system user, or not in "
               "signals_users)";
    }
    return "?";
}
