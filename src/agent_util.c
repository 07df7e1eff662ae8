/*
 * agent_util.c - small main-thread services for the glue: logging what
 * the workers gathered, loading the configuration into a cfgref.
 */
#include "agent_glue.h"

#include "cfgref.h"
#include "config.h"

#include <stdio.h>

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

int agent_load_config(const char *path, struct cfgref **out, char *err,
                      size_t errlen)
{
    struct config cfg;

    *out = NULL;
    config_defaults(&cfg);
    if (path != NULL && config_load_file(&cfg, path, err, errlen) < 0) {
        config_free(&cfg);
        return -1;
    }
    *out = cfgref_new(&cfg);
    config_free(&cfg);
    if (*out == NULL) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    return 0;
}
