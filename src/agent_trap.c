/*
 * agent_trap.c - notifications out through the transport: a
 * notify_pdu (notify_pdu.h) becomes snmpTrapOID.0 and its varbinds, and
 * net-snmp's send_v2trap() hands it to the master (an AgentX Notify-PDU;
 * the master sends it to its trap sinks).  Main thread only.
 */
#include "agent_glue.h"
#include "alerts.h"
#include "cfgref.h"
#include "notify_pdu.h"
#include "util.h"

static const oid snmptrap_oid[] = {1, 3, 6, 1, 6, 3, 1, 1, 4, 1, 0};

static size_t to_oid(oid *out, const uint32_t *in, size_t len)
{
    for (size_t i = 0; i < len; i++)
        out[i] = in[i];
    return len;
}

static int add_value(netsnmp_variable_list **vars, const oid *name, size_t len,
                     const struct mib_value *v)
{
    long l = (long)v->i;
    u_long u = (u_long)v->u;
    struct counter64 c64 = {(u_long)(v->u >> 32), (u_long)(v->u & 0xffffffffu)};
    netsnmp_variable_list *vb;

    switch (v->type) {
    case MIB_INTEGER:
        vb = snmp_varlist_add_variable(vars, name, len, ASN_INTEGER, &l,
                                       sizeof(l));
        break;
    case MIB_GAUGE:
        vb = snmp_varlist_add_variable(vars, name, len, ASN_GAUGE, &u,
                                       sizeof(u));
        break;
    case MIB_COUNTER64:
        vb = snmp_varlist_add_variable(vars, name, len, ASN_COUNTER64, &c64,
                                       sizeof(c64));
        break;
    default:
        vb = snmp_varlist_add_variable(vars, name, len, ASN_OCTET_STR, v->bytes,
                                       v->len);
        break;
    }
    return vb != NULL ? 0 : -1;
}

void agent_trap_send(void *ctx, const struct notify_pdu *p)
{
    netsnmp_variable_list *vars = NULL;
    oid name[NOTIFY_OID_MAX];
    size_t len = to_oid(name, p->trap_oid, p->trap_oid_len);
    int ok = snmp_varlist_add_variable(&vars, snmptrap_oid,
                                       OID_LENGTH(snmptrap_oid), ASN_OBJECT_ID,
                                       name, len * sizeof(oid)) != NULL;

    (void)ctx;
    for (size_t i = 0; ok && i < p->count; i++) {
        len = to_oid(name, p->vb[i].oid, p->vb[i].oid_len);
        ok = add_value(&vars, name, len, &p->vb[i].value) == 0;
    }
    if (ok) {
        send_v2trap(vars);
        DEBUGMSGTL(("sysinfo:trap", "notification %u sent\n",
                    (unsigned)p->trap_oid[p->trap_oid_len - 1]));
    } else {
        snmp_log(LOG_ERR, "out of memory: a notification was not sent\n");
    }
    snmp_free_varbind(vars);
}

void agent_trap_source(struct agent *a, size_t i)
{
    const struct source *src = sia_sources[i];
    struct source_notifier n = {
        .alerts = a->alerts,
        .cfg = &a->cfg->cfg,
        .now_ms = sia_mono_ms(),
        .send = agent_trap_send,
        .ctx = a,
    };

    if (!a->traps_ready || a->alerts == NULL || src->notify == NULL ||
        a->served[i].now == NULL)
        return;
    src->notify(a->served[i].now, &n);
}
