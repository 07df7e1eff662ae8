/*
 * agent_request.c - the net-snmp handler of every registered subtree:
 * converts OIDs, asks the pure resolver (mib.c), fills the varbinds, and
 * runs the SET phases of sysinfoProcessSignal.
 */
#include "agent_glue.h"

#include "cfgref.h"
#include "mib.h"
#include "mib_view.h"
#include "signal_policy.h"
#include "util.h"
#include "subid.h"
#include "transport.h"

#include <string.h>

/* Longest request OID we look at below a registration root: one sub-id
 * longer than any instance, so cutting a longer OID there changes no
 * answer (it stays past every instance it was past). */
#define SUB_MAX (MIB_MAX_SUB + 1)

void agent_make_view(const struct agent *a, struct mib_view *v)
{
    memset(v, 0, sizeof(*v));
    for (size_t i = 0; i < SIA_SRC_COUNT; i++)
        sia_sources[i]->into_view(v, a->served[i].now);
    v->now_mono_ms = sia_mono_ms();
    v->cache_ttl_s = a->cfg->cfg.cache_ttl_s;
    v->args_max = a->cfg->cfg.args_max;
}

enum where { BEFORE, INSIDE, AFTER };

/* Places the request OID against the registration root and, when it is
 * inside, copies the sub-identifiers below the root into sub. */
static enum where relative(const netsnmp_handler_registration *reg,
                           const netsnmp_variable_list *vb, uint32_t *sub,
                           size_t *len, int *too_long)
{
    size_t n = reg->rootoid_len;
    int cmp = snmp_oid_ncompare(vb->name, vb->name_length, reg->rootoid, n, n);

    *len = 0;
    *too_long = 0;
    if (cmp < 0 || (cmp == 0 && vb->name_length < n))
        return BEFORE;
    if (cmp > 0)
        return AFTER;
    for (size_t i = n; i < vb->name_length; i++) {
        if (*len == SUB_MAX) {
            *too_long = 1;
            break;
        }
        sub[(*len)++] = sia_subid32(vb->name[i]);
    }
    return INSIDE;
}

static void set_value(netsnmp_variable_list *vb, const struct mib_value *v)
{
    long l;
    u_long u;
    struct counter64 c64;

    switch (v->type) {
    case MIB_INTEGER:
        l = (long)v->i;
        snmp_set_var_typed_value(vb, ASN_INTEGER, &l, sizeof(l));
        break;
    case MIB_GAUGE:
        u = (u_long)v->u;
        snmp_set_var_typed_value(vb, ASN_GAUGE, &u, sizeof(u));
        break;
    case MIB_COUNTER64:
        c64.high = (u_long)(v->u >> 32);
        c64.low = (u_long)(v->u & 0xffffffffu);
        snmp_set_var_typed_value(vb, ASN_COUNTER64, &c64, sizeof(c64));
        break;
    case MIB_OCTETS:
        snmp_set_var_typed_value(vb, ASN_OCTET_STR, v->bytes, v->len);
        break;
    }
}

static void answer_get(const struct agent_node *node,
                       const struct mib_view *view,
                       netsnmp_handler_registration *reg,
                       netsnmp_agent_request_info *reqinfo,
                       netsnmp_request_info *rq)
{
    uint32_t sub[SUB_MAX];
    size_t len;
    int too_long;
    struct mib_value v;
    enum mib_result r = MIB_NO_OBJECT;

    if (relative(reg, rq->requestvb, sub, &len, &too_long) == INSIDE)
        r = too_long ? MIB_NO_INSTANCE
                     : mib_get(node->reg->group, view, sub, len, &v);
    DEBUGMSGTL(("sysinfo:request", "GET %s ", node->reg->name));
    DEBUGMSGOID(
        ("sysinfo:request", rq->requestvb->name, rq->requestvb->name_length));
    DEBUGMSG(("sysinfo:request", ": %s\n",
              r == MIB_FOUND         ? "found"
              : r == MIB_NO_INSTANCE ? "noSuchInstance"
                                     : "noSuchObject"));
    if (r == MIB_FOUND)
        set_value(rq->requestvb, &v);
    else
        netsnmp_set_request_error(reqinfo, rq,
                                  r == MIB_NO_INSTANCE ? SNMP_NOSUCHINSTANCE
                                                       : SNMP_NOSUCHOBJECT);
}

/* GETNEXT: an answer we leave unset makes the agent go on to the next
 * registered subtree (or endOfMibView). */
static void answer_next(const struct agent_node *node,
                        const struct mib_view *view,
                        netsnmp_handler_registration *reg,
                        netsnmp_request_info *rq)
{
    uint32_t sub[SUB_MAX], out[MIB_MAX_SUB];
    size_t len = 0, outlen = 0;
    int too_long = 0;
    struct mib_value v;
    oid name[MAX_OID_LEN];
    enum where w = relative(reg, rq->requestvb, sub, &len, &too_long);

    DEBUGMSGTL(("sysinfo:request", "GETNEXT %s ", node->reg->name));
    DEBUGMSGOID(
        ("sysinfo:request", rq->requestvb->name, rq->requestvb->name_length));
    if (w == AFTER || mib_next(node->reg->group, view, sub, len, out, &outlen,
                               &v) != MIB_FOUND) {
        DEBUGMSG(("sysinfo:request", ": past this group\n"));
        return;
    }
    memcpy(name, reg->rootoid, reg->rootoid_len * sizeof(oid));
    for (size_t i = 0; i < outlen; i++)
        name[reg->rootoid_len + i] = out[i];
    snmp_set_var_objid(rq->requestvb, name, reg->rootoid_len + outlen);
    set_value(rq->requestvb, &v);
    DEBUGMSG(("sysinfo:request", " -> "));
    DEBUGMSGOID(("sysinfo:request", name, reg->rootoid_len + outlen));
    DEBUGMSG(("sysinfo:request", "\n"));
}

static int verdict_error(enum signal_verdict v)
{
    switch (v) {
    case SIGV_OK:
        return SNMP_ERR_NOERROR;
    case SIGV_WRONG_TYPE:
        return SNMP_ERR_WRONGTYPE;
    case SIGV_WRONG_VALUE:
        return SNMP_ERR_WRONGVALUE;
    case SIGV_NO_CREATION:
        return SNMP_ERR_NOCREATION;
    case SIGV_REFUSED_UNKNOWN:
    case SIGV_REFUSED_MASTER:
    case SIGV_REFUSED_KTHREAD:
    case SIGV_REFUSED_NAME:
    case SIGV_REFUSED_USER:
        return SNMP_ERR_NOACCESS;
    default:
        return SNMP_ERR_NOTWRITABLE;
    }
}

static int32_t master_pid(const struct agent *a)
{
    return a->transport != NULL && a->transport->peer_pid != NULL
               ? a->transport->peer_pid(a->transport_state)
               : 0;
}

static long request_id(const netsnmp_agent_request_info *reqinfo)
{
    return reqinfo->asp && reqinfo->asp->pdu ? reqinfo->asp->pdu->reqid : 0;
}

/* The SET phases.  AgentX splits a SET into TestSet (RESERVE1/2),
 * CommitSet (ACTION), UndoSet and CleanupSet (COMMIT/FREE), each its own
 * PDU, so nothing is carried between phases: each re-checks the rules
 * against the current snapshot.  The signal is sent in ACTION, the last
 * phase whose error the master reports to the manager (commitFailed). */
static void answer_set(struct agent *a, netsnmp_handler_registration *reg,
                       netsnmp_agent_request_info *reqinfo,
                       netsnmp_request_info *rq)
{
    uint32_t sub[SUB_MAX];
    size_t len;
    int too_long;
    struct signal_target t = {0};
    struct signal_request sr = {
        .sub = sub, .self_pid = a->self_pid, .master_pid = master_pid(a)};
    enum signal_verdict verdict;
    enum col_status st;

    relative(reg, rq->requestvb, sub, &len, &too_long);
    sr.len = too_long ? SUB_MAX + 1 : len;
    sr.is_integer = rq->requestvb->type == ASN_INTEGER;
    sr.value = sr.is_integer ? *rq->requestvb->val.integer : 0;
    verdict = signal_policy_check(&a->cfg->cfg, a->served[SIA_SRC_PROCS].now,
                                  &sr, &t);
    if (reqinfo->mode == MODE_SET_RESERVE1 && verdict == SIGV_NOT_WRITABLE) {
        snmp_log(LOG_WARNING,
                 "SET refused (request id %ld): read-only "
                 "object\n",
                 request_id(reqinfo));
        netsnmp_set_request_error(reqinfo, rq, verdict_error(verdict));
        return;
    }
    if (reqinfo->mode == MODE_SET_RESERVE1) {
        snmp_log(verdict == SIGV_OK ? LOG_NOTICE : LOG_WARNING,
                 "signal request (request id %ld): signal %ld to pid %lu: "
                 "%s\n",
                 request_id(reqinfo), sr.value,
                 len == 4 ? (unsigned long)sub[3] : 0ul,
                 signal_verdict_str(verdict));
        if (verdict != SIGV_OK)
            netsnmp_set_request_error(reqinfo, rq, verdict_error(verdict));
        return;
    }
    if (reqinfo->mode != MODE_SET_ACTION)
        return; /* RESERVE2, COMMIT, FREE, UNDO: nothing to do or undo */
    st = verdict == SIGV_OK ? collector_signal(a->signal_collector, t.pid,
                                               t.start_time_cs, t.sig)
                            : COL_ERR_GONE;
    snmp_log(st == COL_OK ? LOG_NOTICE : LOG_ERR,
             "signal %d to pid %d (request id %ld): %s\n", t.sig, t.pid,
             request_id(reqinfo), st == COL_OK ? "sent" : col_status_str(st));
    if (st != COL_OK)
        netsnmp_set_request_error(reqinfo, rq, SNMP_ERR_COMMITFAILED);
}

void agent_answer(struct agent *a, const struct agent_node *node,
                  netsnmp_handler_registration *reg,
                  netsnmp_agent_request_info *reqinfo,
                  netsnmp_request_info *requests)
{
    struct mib_view view;

    agent_make_view(a, &view);
    for (netsnmp_request_info *rq = requests; rq != NULL; rq = rq->next) {
        if (rq->processed)
            continue;
        switch (reqinfo->mode) {
        case MODE_GET:
            answer_get(node, &view, reg, reqinfo, rq);
            break;
        case MODE_GETNEXT:
            answer_next(node, &view, reg, rq);
            if (node->reg->source >= 0 &&
                sia_group_reads_now(node->reg, &a->cfg->cfg))
                a->served[node->reg->source].last_next_ms = view.now_mono_ms;
            break;
        case MODE_SET_RESERVE1:
        case MODE_SET_RESERVE2:
        case MODE_SET_ACTION:
        case MODE_SET_COMMIT:
        case MODE_SET_FREE:
        case MODE_SET_UNDO:
            /* Only writable groups get here (HANDLER_CAN_RWRITE); their
             * one writable object is sysinfoProcessSignal. */
            DEBUGMSGTL(("sysinfo:request", "SET phase %d %s ", reqinfo->mode,
                        node->reg->name));
            DEBUGMSGOID(("sysinfo:request", rq->requestvb->name,
                         rq->requestvb->name_length));
            DEBUGMSG(("sysinfo:request", "\n"));
            answer_set(a, reg, reqinfo, rq);
            break;
        default: /* GETBULK is turned into GETNEXTs by net-snmp's helper */
            DEBUGMSGTL(("sysinfo:request", "mode %d refused\n", reqinfo->mode));
            netsnmp_set_request_error(reqinfo, rq, SNMP_ERR_GENERR);
            break;
        }
    }
}

int agent_handle_request(netsnmp_mib_handler *handler,
                         netsnmp_handler_registration *reg,
                         netsnmp_agent_request_info *reqinfo,
                         netsnmp_request_info *requests)
{
    const struct agent_node *node = handler->myvoid;

    /* A stale snapshot: the request waits for a fresh scan (delegated),
     * answered by agent_demand.c when it arrives or the wait runs out. */
    if (agent_wait_fresh(node, handler, reg, reqinfo, requests))
        return SNMP_ERR_NOERROR;
    agent_answer(node->agent, node, reg, reqinfo, requests);
    return SNMP_ERR_NOERROR;
}
