/*
 * options.c - snmpd-style command line (see options.h).
 */
#include "options.h"
#include "options_help.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum {
    OPT_PROC_ROOT = 1000,
    OPT_DUMP,
    OPT_CHECK,
    OPT_HELP,
    OPT_VERSION,
    OPT_OID
};

static const struct option long_opts[] = {
    {"proc-root", required_argument, NULL, OPT_PROC_ROOT},
    {"dump", no_argument, NULL, OPT_DUMP},
    {"check-config", no_argument, NULL, OPT_CHECK},
    {"help", no_argument, NULL, OPT_HELP},
    {"version", no_argument, NULL, OPT_VERSION},
    {"oid", required_argument, NULL, OPT_OID},
    {NULL, 0, NULL, 0},
};

/* The option list comes from packaging/manual.txt, like the man page and
 * the README's table (scripts/gen-docs.py). */
void options_usage(const char *prog)
{
    printf("Usage: %s [OPTIONS]\n"
           "An AgentX subagent serving SYSINFO-MIB: system, processes, "
           "mounts.\n\n",
           prog);
    fputs(SIA_HELP_OPTIONS, stdout);
}

/* -Le, -Lo, -Ln stand alone; -Lf FILE and -Ls FACILITY (and -LF, -LS)
 * take the next word, which we glue on ("f FILE") as snmp_log_options()
 * accepts, so it never has to look at argv itself. */
static int add_log(struct options *o, const char *arg, int argc, char **argv,
                   char *err, size_t errlen)
{
    char *copy;

    if (o->log_count == OPTIONS_MAX_LOG) {
        snprintf(err, errlen, "too many -L options");
        return -1;
    }
    if (arg[0] != '\0' && strchr("fFsS", arg[0]) != NULL && arg[1] == '\0') {
        if (optind >= argc) {
            snprintf(err, errlen, "-L%s needs a file name", arg);
            return -1;
        }
        if (asprintf(&copy, "%s %s", arg, argv[optind++]) < 0)
            copy = NULL;
    } else {
        copy = strdup(arg);
    }
    if (copy == NULL) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    o->log_opts[o->log_count++] = copy;
    return 0;
}

static int one_option(struct options *o, int ch, int argc, char **argv,
                      char *err, size_t errlen)
{
    switch (ch) {
    case 'f':
        o->foreground = 1;
        return 0;
    case 'x':
        o->master = optarg;
        return 0;
    case 'c':
        o->config_file = optarg;
        return 0;
    case 'p':
        o->pid_file = optarg;
        return 0;
    case 'u':
        o->user = optarg;
        return 0;
    case 'g':
        o->group = optarg;
        return 0;
    case 'L':
        return add_log(o, optarg, argc, argv, err, errlen);
    case 'D':
        o->debug_tokens = optarg;
        return 0;
    case OPT_PROC_ROOT:
        o->proc_root = optarg;
        return 0;
    case OPT_DUMP:
        o->mode = RUN_DUMP;
        return 0;
    case OPT_CHECK:
        o->mode = RUN_CHECK_CONFIG;
        return 0;
    case OPT_HELP:
        o->mode = RUN_HELP;
        return 0;
    case OPT_VERSION:
        o->mode = RUN_VERSION;
        return 0;
    case OPT_OID:
        o->mode = RUN_OID;
        o->oid_kind = optarg;
        return 0;
    default:
        snprintf(err, errlen, "unknown option (try --help)");
        return -1;
    }
}

int options_parse(struct options *o, int argc, char **argv, char *err,
                  size_t errlen)
{
    int ch;

    memset(o, 0, sizeof(*o));
    o->proc_root = "/proc";
    /* 0, not 1: glibc then also forgets where it was inside a cluster
     * of short options ("-zf") when an earlier parse stopped there. */
    optind = 0;
    opterr = 0;
    while ((ch = getopt_long(argc, argv, ":fx:c:p:L:D:u:g:", long_opts,
                             NULL)) != -1) {
        if (ch == ':') {
            snprintf(err, errlen, "option -%c needs a value", optopt);
            return -1;
        }
        if (one_option(o, ch, argc, argv, err, errlen) < 0)
            return -1;
    }
    if (o->oid_kind != NULL) { /* --oid KIND takes one operand */
        if (optind >= argc) {
            snprintf(err, errlen, "--oid %s needs a %s", o->oid_kind,
                     strcmp(o->oid_kind, "mount") == 0 ? "mount point"
                                                       : "name");
            return -1;
        }
        o->oid_arg = argv[optind++];
    }
    if (optind < argc) {
        snprintf(err, errlen, "unexpected argument: %s", argv[optind]);
        return -1;
    }
    return 0;
}

struct collector_options options_collector(const struct options *o)
{
    struct collector_options c = {.proc_root = o->proc_root};

    return c;
}

void options_free(struct options *o)
{
    for (size_t i = 0; i < o->log_count; i++)
        free(o->log_opts[i]);
    o->log_count = 0;
}
