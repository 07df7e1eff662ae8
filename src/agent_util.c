/*
 * agent_util.c - small main-thread services for the glue: logging what
 * the workers gathered.
 */
#include "agent_glue.h"

static void emit(const struct msg *m, void *ctx)
{
    snmp_log(m->priority, "%s\n", m->text);
}

void agent_log_msgs(struct msgmemo *memo, const struct msglist *l)
{
    msgmemo_filter(memo, l, emit, NULL);
    if (l->dropped > 0)
        snmp_log(LOG_WARNING,
                 "%zu more messages from the last scan "
                 "were dropped\n",
                 l->dropped);
}
