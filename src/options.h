/*
 * options.h - the command line, parsed into a plain struct.
 */
#ifndef SIA_OPTIONS_H
#define SIA_OPTIONS_H

#include "collector.h"

#include <stddef.h>

enum run_mode {
    RUN_AGENT = 0,
    RUN_DUMP,         /* --dump: collect once, print, exit */
    RUN_CHECK_CONFIG, /* --check-config */
    RUN_HELP,
    RUN_VERSION,
    RUN_OID, /* --oid mount PATH | --oid watch NAME: print OIDs, exit */
};

#define OPTIONS_MAX_LOG 8

struct options {
    enum run_mode mode;
    int foreground;           /* -f */
    const char *master;       /* -x ADDRESS */
    const char *config_file;  /* -c FILE */
    const char *pid_file;     /* -p FILE */
    const char *proc_root;    /* --proc-root, default "/proc" */
    const char *debug_tokens; /* -D TOKEN[,TOKEN...]: net-snmp debugging */
    const char *oid_kind;     /* --oid KIND: "mount" or "watch" */
    const char *oid_arg;      /* its PATH or NAME (the one operand) */
    const char *user;         /* -u USER: drop to this user */
    const char *group;        /* -g GROUP */
    /* -L options, in order, without the leading "-L" ("e", "f FILE"...) */
    char *log_opts[OPTIONS_MAX_LOG];
    size_t log_count;
};

/* Parses argv.  Returns 0, or -1 with a message in err (usage error). */
int options_parse(struct options *o, int argc, char **argv, char *err,
                  size_t errlen);
void options_free(struct options *o);

/* The collector's options from the command line (--proc-root); the core
 * passes them on without looking inside.  Points into o. */
struct collector_options options_collector(const struct options *o);
void options_usage(const char *prog);

#endif
