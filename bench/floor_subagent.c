/*
 * floor_subagent.c - the AgentX floor: a trivial subagent on the same
 * net-snmp agent library as sysinfo-agentx, answering a static table of
 * ROWS x COLS cells in O(1) per request (no snapshot, no search).  What a
 * walk of it costs is what the master's relay and the library cost.
 *
 *   floor_subagent -x AGENTX_SOCKET -r ROWS -c COLS
 *
 * The table is at .1.3.6.1.4.1.8072.9999.9999.13.1 (NET-SNMP-MIB's
 * netSnmpPlaypen, meant for experiments): entry .1, column c, row r;
 * odd columns are INTEGERs, even ones 16-byte OCTET STRINGs.
 */
#include <net-snmp/net-snmp-config.h>
#include <net-snmp/net-snmp-includes.h>
#include <net-snmp/agent/net-snmp-agent-includes.h>

#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const oid table_oid[] = {1, 3, 6, 1, 4, 1, 8072, 9999, 9999, 13, 1};
#define ROOT_LEN (sizeof(table_oid) / sizeof(oid))

static unsigned long rows = 1000, cols = 34;
static volatile sig_atomic_t stop;

static void on_term(int sig)
{
    stop = 1;
}

static void set_cell(netsnmp_variable_list *vb, unsigned long col)
{
    long v = 12345;

    if (col % 2)
        snmp_set_var_typed_value(vb, ASN_INTEGER, &v, sizeof(v));
    else
        snmp_set_var_typed_value(vb, ASN_OCTET_STR, "abcdefghijklmnop", 16);
}

/* The cell after (col, row) under the entry, 0 when none. */
static int next_cell(const oid *sub, size_t len, unsigned long *col,
                     unsigned long *row)
{
    if (len == 0 || sub[0] < 1) {
        *col = 1, *row = 1;
        return 1;
    }
    if (sub[0] > 1)
        return 0;
    *col = len > 1 ? sub[1] : 0;
    *row = len > 2 ? sub[2] + 1 : 1;
    if (*col < 1)
        *col = 1, *row = 1;
    if (*row > rows)
        (*col)++, *row = 1;
    return *col <= cols;
}

static void answer(netsnmp_agent_request_info *reqinfo,
                   netsnmp_request_info *rq)
{
    netsnmp_variable_list *vb = rq->requestvb;
    const oid *sub = vb->name + ROOT_LEN;
    size_t len = vb->name_length > ROOT_LEN ? vb->name_length - ROOT_LEN : 0;
    unsigned long col, row;
    oid name[ROOT_LEN + 3];

    if (reqinfo->mode == MODE_GET) {
        if (len == 3 && sub[0] == 1 && sub[1] >= 1 && sub[1] <= cols &&
            sub[2] >= 1 && sub[2] <= rows)
            set_cell(vb, sub[1]);
        else
            netsnmp_set_request_error(reqinfo, rq, SNMP_NOSUCHINSTANCE);
        return;
    }
    if (snmp_oid_ncompare(vb->name, vb->name_length, table_oid, ROOT_LEN,
                          ROOT_LEN) < 0)
        len = 0;
    if (!next_cell(sub, len, &col, &row))
        return; /* past the table */
    memcpy(name, table_oid, sizeof(table_oid));
    name[ROOT_LEN] = 1;
    name[ROOT_LEN + 1] = col;
    name[ROOT_LEN + 2] = row;
    snmp_set_var_objid(vb, name, ROOT_LEN + 3);
    set_cell(vb, col);
}

static int handler(netsnmp_mib_handler *h, netsnmp_handler_registration *reg,
                   netsnmp_agent_request_info *reqinfo,
                   netsnmp_request_info *requests)
{
    for (netsnmp_request_info *rq = requests; rq != NULL; rq = rq->next)
        if (!rq->processed)
            answer(reqinfo, rq);
    return SNMP_ERR_NOERROR;
}

int main(int argc, char **argv)
{
    const char *sock = NULL;
    int opt;

    while ((opt = getopt(argc, argv, "x:r:c:")) != -1) {
        if (opt == 'x')
            sock = optarg;
        else if (opt == 'r')
            rows = strtoul(optarg, NULL, 10);
        else if (opt == 'c')
            cols = strtoul(optarg, NULL, 10);
        else
            return 2;
    }
    if (sock == NULL)
        return 2;
    netsnmp_ds_set_boolean(NETSNMP_DS_APPLICATION_ID, NETSNMP_DS_AGENT_ROLE, 1);
    netsnmp_ds_set_string(NETSNMP_DS_APPLICATION_ID, NETSNMP_DS_AGENT_X_SOCKET,
                          sock);
    netsnmp_ds_set_boolean(NETSNMP_DS_LIBRARY_ID,
                           NETSNMP_DS_LIB_DONT_READ_CONFIGS, 1);
    setenv("MIBS", "", 1);
    snmp_disable_log();
    snmp_enable_stderrlog();
    init_agent("floor");
    netsnmp_register_handler(netsnmp_create_handler_registration(
        "floor", handler, table_oid, ROOT_LEN, HANDLER_CAN_RONLY));
    init_snmp("floor");
    signal(SIGTERM, on_term);
    signal(SIGINT, on_term);
    while (!stop)
        agent_check_and_process(1);
    snmp_shutdown("floor");
    return 0;
}
