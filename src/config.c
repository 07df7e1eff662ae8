/*
 * config.c - the sysinfo-agentx.conf parser.
 *
 * The file is read whole into memory and parsed from a (pointer, length)
 * buffer, so line length is bounded only by CONFIG_MAX_FILE_BYTES and a NUL
 * byte in the file is reported instead of silently ending a line.
 */
#include "config.h"

#include "collector.h"
#include "glob_check.h"
#include "privileges.h"
#include "signal_policy.h"
#include "util.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <pwd.h>
#include <regex.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

/* A config file this big is a mistake (or /dev/zero); refuse it rather
 * than eat memory. */
#define CONFIG_MAX_FILE_BYTES (4u * 1024 * 1024)

/* Offending values are echoed into error messages; keep them short. */
#define QUOTE_MAX CONFIG_QUOTE_MAX

/* ---- defaults and freeing --------------------------------------------- */

void config_defaults(struct config *cfg)
{
    memset(cfg, 0, sizeof(*cfg));
    cfg->agentx_socket = NULL;
    cfg->ping_interval_s = 2;
    cfg->cache_ttl_s = 5;
    cfg->mount_ttl_s = 5;
    cfg->mount_timeout_ms = 1000;
    cfg->scan_interval_s = 60;
    cfg->scan_wait_ms = 500;
    cfg->args_max = 4096;
    cfg_alerts_defaults(&cfg->alerts);
    cfg->sys_uid_max = CONFIG_SYS_UID_MAX;
    cfg->args_redact = 1;
    cfg->keep_caps = PRIV_DAC_READ_SEARCH | PRIV_SYS_PTRACE;
}

static void str_list_free(struct str_list *l)
{
    for (size_t i = 0; i < l->count; i++)
        free(l->items[i]);
    free(l->items);
    l->items = NULL;
    l->count = 0;
}

void config_free(struct config *cfg)
{
    if (cfg == NULL)
        return;
    free(cfg->agentx_socket);
    free(cfg->persistent_dir);
    str_list_free(&cfg->include_types);
    str_list_free(&cfg->exclude_types);
    str_list_free(&cfg->include_paths);
    str_list_free(&cfg->exclude_paths);
    str_list_free(&cfg->nostatfs_types);
    cfg_alerts_free(&cfg->alerts);
    str_list_free(&cfg->signal_names);
    str_list_free(&cfg->redact_patterns);
    free(cfg->signal_users.uids);
    free(cfg->hide_args.uids);
    free(cfg->hide_cwd.uids);
    free(cfg->hide_exe.uids);
    free(cfg->run_user);
    free(cfg->run_group);
    str_list_free(&cfg->snmp_lines);
    /* Back to defaults rather than zeroes: safe to free again and still a
     * usable configuration. */
    config_defaults(cfg);
}

static int str_list_append(struct str_list *l, const char *s)
{
    char *copy = strdup(s);
    if (copy == NULL)
        return -1;
    char **items = realloc(l->items, (l->count + 1) * sizeof(*items));
    if (items == NULL) {
        free(copy);
        return -1;
    }
    items[l->count++] = copy;
    l->items = items;
    return 0;
}

int str_list_has(const struct str_list *l, const char *s)
{
    for (size_t i = 0; i < l->count; i++)
        if (strcmp(l->items[i], s) == 0)
            return 1;
    return 0;
}

int str_list_equal(const struct str_list *a, const struct str_list *b)
{
    if (a->count != b->count)
        return 0;
    for (size_t i = 0; i < a->count; i++)
        if (strcmp(a->items[i], b->items[i]) != 0)
            return 0;
    return 1;
}

/* ---- default file ------------------------------------------------------- */

int config_find_default_file(char *out, size_t outlen, const char *search_path)
{
    const char *p = search_path;

    if (out == NULL || outlen == 0)
        return -1;
    out[0] = '\0';
    while (p != NULL && *p != '\0') {
        const char *colon = strchr(p, ':');
        size_t dlen = colon ? (size_t)(colon - p) : strlen(p);
        struct stat st;

        /* An empty component would mean the current directory, which is
         * never a sensible place for a daemon's configuration. */
        if (dlen > 0 && dlen < outlen) {
            const char *sep = p[dlen - 1] == '/' ? "" : "/";
            int n = snprintf(out, outlen, "%.*s%s%s", (int)dlen, p, sep,
                             CONFIG_FILE_NAME);
            /* Any existing entry counts, readable or not: an unreadable
             * file must be reported, not skipped for a lower-priority
             * one. */
            if (n > 0 && (size_t)n < outlen && stat(out, &st) == 0)
                return 0;
        }
        p = colon ? colon + 1 : NULL;
    }
    out[0] = '\0';
    return -1;
}

/* ---- parser state and errors -------------------------------------------- */

struct parser {
    const char *name; /* file name for messages */
    size_t lineno;
    char *err;
    size_t errlen;
    struct config *cfg; /* the temporary being filled */
    char *scratch;      /* decoded tokens of the current line */
    char **argv;        /* argv[0] keyword, then values */
    size_t argc, argv_cap;
    const char *raw; /* the current line as written */
    size_t rawlen;
};

static void set_err(char *err, size_t errlen, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void set_err(char *err, size_t errlen, const char *fmt, ...)
{
    va_list ap;

    if (err == NULL || errlen == 0)
        return;
    va_start(ap, fmt);
    vsnprintf(err, errlen, fmt, ap);
    va_end(ap);
}

static int fail(struct parser *ps, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Writes "FILE:LINE: reason" and returns -1. */
static int fail(struct parser *ps, const char *fmt, ...)
{
    char reason[256];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(reason, sizeof(reason), fmt, ap);
    va_end(ap);
    set_err(ps->err, ps->errlen, "%s:%zu: %s", ps->name, ps->lineno, reason);
    return -1;
}

/* A value as it appears in a message: double-quoted, control bytes and
 * quotes escaped (it may end up in syslog), truncated with "...". */
static const char *quote_n(char buf[QUOTE_MAX], const char *v, size_t len)
{
    size_t o = 0;

    buf[o++] = '"';
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)v[i];
        if (o + 8 >= QUOTE_MAX) {
            memcpy(buf + o, "\"...", 5);
            return buf;
        }
        o += sia_escape_byte(buf + o, c, SIA_ESC_QUOTED);
    }
    buf[o++] = '"';
    buf[o] = '\0';
    return buf;
}

static const char *quote(char buf[QUOTE_MAX], const char *v)
{
    return quote_n(buf, v, strlen(v));
}

const char *config_quote(char buf[CONFIG_QUOTE_MAX], const char *v)
{
    return quote(buf, v);
}

/* ---- directives --------------------------------------------------------- */

struct directive;
typedef int (*apply_fn)(struct parser *ps, const struct directive *d);

struct directive {
    const char *keyword;
    apply_fn apply;
    size_t offset;     /* member of struct config */
    unsigned long min; /* numeric range */
    unsigned long max;
    const char *unit;
};

#define MEMBER(cfg, d, type) ((type *)(void *)((char *)(cfg) + (d)->offset))

/* Scalars take exactly one value. */
static int one_value(struct parser *ps, const struct directive *d)
{
    char q[QUOTE_MAX];

    if (ps->argc > 2)
        return fail(ps, "%s: unexpected extra value %s (takes one value)",
                    d->keyword, quote(q, ps->argv[2]));
    if (ps->argv[1][0] == '\0')
        return fail(ps, "%s: empty value", d->keyword);
    return 0;
}

static int apply_string(struct parser *ps, const struct directive *d)
{
    if (one_value(ps, d) < 0)
        return -1;
    char *copy = strdup(ps->argv[1]);
    if (copy == NULL)
        return fail(ps, "%s: out of memory", d->keyword);
    char **slot = MEMBER(ps->cfg, d, char *);
    free(*slot); /* last one wins */
    *slot = copy;
    return 0;
}

static int parse_ranged(struct parser *ps, const struct directive *d,
                        unsigned long *v)
{
    char q[QUOTE_MAX];

    if (one_value(ps, d) < 0)
        return -1;
    if (sia_parse_uint(ps->argv[1], d->max, v) < 0 || *v < d->min)
        return fail(ps, "%s: %s is not a whole number of %s (%lu..%lu)",
                    d->keyword, quote(q, ps->argv[1]), d->unit, d->min, d->max);
    return 0;
}

static int apply_unsigned(struct parser *ps, const struct directive *d)
{
    unsigned long v;

    if (parse_ranged(ps, d, &v) < 0)
        return -1;
    *MEMBER(ps->cfg, d, unsigned) = (unsigned)v;
    return 0;
}

static int apply_size(struct parser *ps, const struct directive *d)
{
    unsigned long v;

    if (parse_ranged(ps, d, &v) < 0)
        return -1;
    *MEMBER(ps->cfg, d, size_t) = (size_t)v;
    return 0;
}

/* "S", "S.F": seconds to milliseconds in integers, so "0.29" is exactly
 * 290 ms and not 289 after a round trip through a double.  Digits past
 * the third decimal must be zero: anything finer than 1 ms would be
 * silently dropped otherwise. */
static int parse_ms(const char *s, unsigned long max_ms, unsigned long *out)
{
    unsigned long whole = 0, frac = 0;
    int nfrac = 0;

    if (!isdigit((unsigned char)*s))
        return -1;
    for (; isdigit((unsigned char)*s); s++) {
        whole = whole * 10 + (unsigned long)(*s - '0');
        if (whole > max_ms / 1000 + 1) /* bounded: no overflow below */
            return -1;
    }
    if (*s == '.') {
        if (!isdigit((unsigned char)*++s))
            return -1;
        for (; isdigit((unsigned char)*s); s++) {
            if (nfrac < 3) {
                frac = frac * 10 + (unsigned long)(*s - '0');
                nfrac++;
            } else if (*s != '0') {
                return -1;
            }
        }
    }
    if (*s != '\0')
        return -1;
    for (; nfrac < 3; nfrac++)
        frac *= 10;
    *out = whole * 1000 + frac;
    return *out <= max_ms ? 0 : -1;
}

static int apply_timeout(struct parser *ps, const struct directive *d)
{
    char q[QUOTE_MAX];
    unsigned long ms;

    if (one_value(ps, d) < 0)
        return -1;
    if (parse_ms(ps->argv[1], d->max, &ms) < 0 || ms < d->min)
        return fail(ps,
                    "%s: %s is not a number of seconds (%g..%g, at most "
                    "3 decimals)",
                    d->keyword, quote(q, ps->argv[1]), d->min / 1000.0,
                    d->max / 1000.0);
    *MEMBER(ps->cfg, d, unsigned) = (unsigned)ms;
    return 0;
}

static int apply_signals(struct parser *ps, const struct directive *d)
{
    char q[QUOTE_MAX];

    for (size_t i = 1; i < ps->argc; i++) {
        int sig = signal_policy_number(ps->argv[i]);
        if (sig < 1)
            return fail(ps, "%s: %s is not a signal name or number (1..%d)",
                        d->keyword, quote(q, ps->argv[i]), CONFIG_MAX_SIGNAL);
        ps->cfg->signals_allowed[sig] = 1;
    }
    ps->cfg->signals_enabled = 1;
    return 0;
}

static int apply_list(struct parser *ps, const struct directive *d)
{
    struct str_list *l = MEMBER(ps->cfg, d, struct str_list);

    for (size_t i = 1; i < ps->argc; i++) {
        if (ps->argv[i][0] == '\0')
            return fail(ps, "%s: empty value", d->keyword);
        if (str_list_append(l, ps->argv[i]) < 0)
            return fail(ps, "%s: out of memory", d->keyword);
    }
    return 0;
}

/* Mount point globs: well formed, or the line is refused (glob_check.h). */
static int apply_globs(struct parser *ps, const struct directive *d)
{
    char q[QUOTE_MAX];
    const char *why;

    for (size_t i = 1; i < ps->argc; i++)
        if (glob_check(ps->argv[i], &why) < 0)
            return fail(ps, "%s: %s is not a valid pattern: %s", d->keyword,
                        quote(q, ps->argv[i]), why);
    return apply_list(ps, d);
}

/* ---- security: signal targets, privacy, privileges (issue 11) ---------- */

int uid_list_has(const struct uid_list *l, uint32_t uid)
{
    if (l->all)
        return 1;
    for (size_t i = 0; i < l->count; i++)
        if (l->uids[i] == uid)
            return 1;
    return 0;
}

/* A user name or a numeric uid. */
static int resolve_uid(const char *s, uint32_t *uid)
{
    unsigned long v;
    struct passwd pw, *res = NULL;
    char buf[4096];

    if (sia_parse_uint(s, 4294967294ul, &v) == 0) {
        *uid = (uint32_t)v;
        return 0;
    }
    if (getpwnam_r(s, &pw, buf, sizeof(buf), &res) != 0 || res == NULL)
        return -1;
    *uid = (uint32_t)pw.pw_uid;
    return 0;
}

static int apply_users(struct parser *ps, const struct directive *d)
{
    struct uid_list *l = MEMBER(ps->cfg, d, struct uid_list);
    char q[QUOTE_MAX];

    for (size_t i = 1; i < ps->argc; i++) {
        uint32_t uid, *v;

        if (strcmp(ps->argv[i], "all") == 0 && d->min) {
            l->all = 1;
            continue;
        }
        if (resolve_uid(ps->argv[i], &uid) < 0)
            return fail(ps, "%s: %s is no user name or uid", d->keyword,
                        quote(q, ps->argv[i]));
        v = realloc(l->uids, (l->count + 1) * sizeof(*v));
        if (v == NULL)
            return fail(ps, "%s: out of memory", d->keyword);
        v[l->count++] = uid;
        l->uids = v;
    }
    return 0;
}

static int apply_uint32(struct parser *ps, const struct directive *d)
{
    unsigned long v;

    if (parse_ranged(ps, d, &v) < 0)
        return -1;
    *MEMBER(ps->cfg, d, uint32_t) = (uint32_t)v;
    return 0;
}

static int apply_onoff(struct parser *ps, const struct directive *d)
{
    char q[QUOTE_MAX];
    int *slot = MEMBER(ps->cfg, d, int);

    if (one_value(ps, d) < 0)
        return -1;
    if (strcmp(ps->argv[1], "on") == 0 || strcmp(ps->argv[1], "yes") == 0)
        *slot = 1;
    else if (strcmp(ps->argv[1], "off") == 0 || strcmp(ps->argv[1], "no") == 0)
        *slot = 0;
    else
        return fail(ps, "%s: %s is not on or off", d->keyword,
                    quote(q, ps->argv[1]));
    return 0;
}

/* mount_namespace self|init (enum col_mount_table's values). */
static int apply_mount_ns(struct parser *ps, const struct directive *d)
{
    char q[QUOTE_MAX];
    int *slot = MEMBER(ps->cfg, d, int);

    if (one_value(ps, d) < 0)
        return -1;
    if (strcmp(ps->argv[1], "self") == 0)
        *slot = COL_MOUNTS_SELF;
    else if (strcmp(ps->argv[1], "init") == 0)
        *slot = COL_MOUNTS_INIT;
    else
        return fail(ps, "%s: %s is not self or init", d->keyword,
                    quote(q, ps->argv[1]));
    return 0;
}

/* Extended regular expressions, checked by compiling them. */
static int apply_regexes(struct parser *ps, const struct directive *d)
{
    char q[QUOTE_MAX], why[128];

    for (size_t i = 1; i < ps->argc; i++) {
        regex_t re;
        int rc = regcomp(&re, ps->argv[i], REG_EXTENDED);

        if (rc != 0) {
            regerror(rc, &re, why, sizeof(why));
            return fail(ps, "%s: %s is not a valid regular expression: %s",
                        d->keyword, quote(q, ps->argv[i]), why);
        }
        regfree(&re);
    }
    return apply_list(ps, d);
}

static int apply_caps(struct parser *ps, const struct directive *d)
{
    char q[QUOTE_MAX];
    unsigned caps = 0;

    for (size_t i = 1; i < ps->argc; i++) {
        unsigned bit = priv_cap_from_name(ps->argv[i]);

        if (strcmp(ps->argv[i], "none") == 0 && ps->argc == 2)
            continue;
        if (bit == 0)
            return fail(ps,
                        "%s: %s is not dac_read_search, sys_ptrace, kill "
                        "or none (alone)",
                        d->keyword, quote(q, ps->argv[i]));
        caps |= bit;
    }
    *MEMBER(ps->cfg, d, unsigned) = caps;
    return 0;
}

#define OFF(m) offsetof(struct config, m)

static const struct directive directives[] = {
    {"agentx_socket", apply_string, OFF(agentx_socket), 0, 0, NULL},
    {"persistent_dir", apply_string, OFF(persistent_dir), 0, 0, NULL},
    {"agentx_ping_interval", apply_unsigned, OFF(ping_interval_s), 1, 3600,
     "seconds"},
    {"cache_ttl", apply_unsigned, OFF(cache_ttl_s), 1, 3600, "seconds"},
    {"scan_interval", apply_unsigned, OFF(scan_interval_s), 0, 86400,
     "seconds"},
    {"scan_wait", apply_timeout, OFF(scan_wait_ms), 10, 5000, NULL},
    {"mount_ttl", apply_unsigned, OFF(mount_ttl_s), 1, 3600, "seconds"},
    {"mount_timeout", apply_timeout, OFF(mount_timeout_ms), 10, 60000, NULL},
    {"mount_namespace", apply_mount_ns, OFF(mount_table), 0, 0, NULL},
    {"args_max", apply_size, OFF(args_max), 64, 65535, "bytes"},
    {"signals_allow", apply_signals, 0, 0, 0, NULL},
    {"mount_include_type", apply_list, OFF(include_types), 0, 0, NULL},
    {"mount_exclude_type", apply_list, OFF(exclude_types), 0, 0, NULL},
    {"mount_include_path", apply_globs, OFF(include_paths), 0, 0, NULL},
    {"mount_exclude_path", apply_globs, OFF(exclude_paths), 0, 0, NULL},
    {"mount_nostatfs_type", apply_list, OFF(nostatfs_types), 0, 0, NULL},
    {"signals_names", apply_globs, OFF(signal_names), 0, 0, NULL},
    {"signals_users", apply_users, OFF(signal_users), 0, 0, NULL},
    {"signals_system_uid_max", apply_uint32, OFF(sys_uid_max), 0, 4294967294ul,
     "uids"},
    {"args_redact", apply_onoff, OFF(args_redact), 0, 0, NULL},
    {"args_redact_pattern", apply_regexes, OFF(redact_patterns), 0, 0, NULL},
    /* min = 1: "all" is allowed */
    {"hide_args", apply_users, OFF(hide_args), 1, 0, NULL},
    {"hide_cwd", apply_users, OFF(hide_cwd), 1, 0, NULL},
    {"hide_exe", apply_users, OFF(hide_exe), 1, 0, NULL},
    {"agentuser", apply_string, OFF(run_user), 0, 0, NULL},
    {"agentgroup", apply_string, OFF(run_group), 0, 0, NULL},
    {"capabilities", apply_caps, OFF(keep_caps), 0, 0, NULL},
};

/* snmpd.conf's access-control keywords (net-snmp's VACM and USM
 * parsers) and the system group's; net-snmp matches them ignoring case. */
static const char *const snmp_keywords[] = {
    "rocommunity", "rwcommunity", "rocommunity6", "rwcommunity6", "rouser",
    "rwuser",      "createUser",  "view",         "com2sec",      "com2sec6",
    "group",       "access",      "sysLocation",  "sysContact",   "sysName",
};

int config_is_snmp_keyword(const char *keyword)
{
    for (size_t i = 0; i < sizeof(snmp_keywords) / sizeof(snmp_keywords[0]);
         i++)
        if (strcasecmp(keyword, snmp_keywords[i]) == 0)
            return 1;
    return 0;
}

/* Recorded as written; net-snmp parses it when the listener starts. */
static int apply_snmp_line(struct parser *ps)
{
    char *line = strndup(ps->raw, ps->rawlen);

    if (line == NULL || str_list_append(&ps->cfg->snmp_lines, line) < 0) {
        free(line);
        return fail(ps, "%s: out of memory", ps->argv[0]);
    }
    free(line);
    if (ps->cfg->snmp_first_lineno == 0)
        ps->cfg->snmp_first_lineno = ps->lineno;
    return 0;
}

int config_check_mode(const struct config *cfg, int listening, const char *path,
                      char *err, size_t errlen)
{
    char kw[64] = "";

    if (listening || cfg->snmp_lines.count == 0)
        return 0;
    sscanf(cfg->snmp_lines.items[0], " %63s", kw);
    set_err(err, errlen,
            "%s:%zu: %s: only with --listen (access control of the "
            "standalone SNMP agent; with AgentX the master decides)",
            path ? path : "(string)", cfg->snmp_first_lineno, kw);
    return -1;
}

static int apply_directive(struct parser *ps)
{
    char q[QUOTE_MAX], reason[256];
    int rc = cfg_alerts_apply(&ps->cfg->alerts, ps->lineno, ps->argv, ps->argc,
                              reason, sizeof(reason));

    if (rc <= 0) /* watch, threshold, notify_interval: config_watch.c */
        return rc < 0 ? fail(ps, "%s", reason) : 0;

    if (config_is_snmp_keyword(ps->argv[0])) {
        if (ps->argc < 2)
            return fail(ps, "%s: missing value", ps->argv[0]);
        return apply_snmp_line(ps);
    }

    for (size_t i = 0; i < sizeof(directives) / sizeof(directives[0]); i++) {
        const struct directive *d = &directives[i];
        if (strcmp(ps->argv[0], d->keyword) != 0)
            continue;
        if (ps->argc < 2)
            return fail(ps, "%s: missing value", d->keyword);
        return d->apply(ps, d);
    }
    return fail(ps, "unknown keyword %s", quote(q, ps->argv[0]));
}

/* ---- tokenizer ------------------------------------------------------------
 */

static int is_blank(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f';
}

static int push_arg(struct parser *ps, char *arg)
{
    if (ps->argc == ps->argv_cap) {
        size_t cap = ps->argv_cap ? ps->argv_cap * 2 : 8;
        char **argv = realloc(ps->argv, cap * sizeof(*argv));
        if (argv == NULL)
            return fail(ps, "out of memory");
        ps->argv = argv;
        ps->argv_cap = cap;
    }
    ps->argv[ps->argc++] = arg;
    return 0;
}

/* Reports a malformed token: the keyword it belongs to (when the token is
 * not the keyword itself) and the raw text from line[start] up to `end`. */
static int fail_token(struct parser *ps, const char *what, const char *line,
                      size_t start, size_t end)
{
    char q[QUOTE_MAX];
    int after_kw = ps->argc > 1;

    return fail(ps, "%s%s%s in %s", after_kw ? ps->argv[0] : "",
                after_kw ? ": " : "", what,
                quote_n(q, line + start, end - start));
}

static size_t token_end(const char *line, size_t n, size_t i)
{
    while (i < n && !is_blank(line[i]))
        i++;
    return i;
}

/* A double-quoted token starting at line[*i] == '"'.  Like the shell's
 * double quotes, only \" and \\ are escapes; any other backslash is kept
 * so fnmatch escapes such as "\*" reach the pattern intact. */
static int read_quoted(struct parser *ps, const char *line, size_t n, size_t *i,
                       char **out)
{
    size_t j = *i + 1;
    char *o = *out;

    for (;;) {
        if (j >= n) {
            while (n > *i && is_blank(line[n - 1])) /* e.g. CRLF */
                n--;
            return fail_token(ps, "unterminated quoted string", line, *i, n);
        }
        if (line[j] == '"')
            break;
        if (line[j] == '\\' && j + 1 < n &&
            (line[j + 1] == '"' || line[j + 1] == '\\'))
            j++;
        *o++ = line[j++];
    }
    j++; /* closing quote */
    if (j < n && !is_blank(line[j]))
        return fail_token(ps, "text after the closing quote", line, *i,
                          token_end(line, n, j));
    *o++ = '\0';
    *out = o;
    *i = j;
    return 0;
}

static int read_bare(struct parser *ps, const char *line, size_t n, size_t *i,
                     char **out)
{
    size_t j = *i;
    char *o = *out;

    for (; j < n && !is_blank(line[j]); j++) {
        /* foo"bar" is almost certainly a mistake; make it loud. */
        if (line[j] == '"')
            return fail_token(ps, "'\"' inside an unquoted value", line, *i,
                              token_end(line, n, j));
        *o++ = line[j];
    }
    *o++ = '\0';
    *out = o;
    *i = j;
    return 0;
}

/* Splits one line (no '\n') into ps->argv.  Decoded tokens never outgrow
 * the raw text plus one NUL, so scratch needs only n + 1 bytes. */
static int tokenize(struct parser *ps, const char *line, size_t n)
{
    char *o = ps->scratch;
    size_t i = 0;

    ps->argc = 0;
    if (memchr(line, '\0', n) != NULL)
        return fail(ps, "line contains a NUL byte");
    for (;;) {
        while (i < n && is_blank(line[i]))
            i++;
        /* '#' starts a comment only at a token boundary, so a value such
         * as /mnt/a#b survives. */
        if (i >= n || line[i] == '#')
            return 0;
        if (push_arg(ps, o) < 0)
            return -1;
        int rc = line[i] == '"' ? read_quoted(ps, line, n, &i, &o)
                                : read_bare(ps, line, n, &i, &o);
        if (rc < 0)
            return -1;
    }
}

/* ---- loading --------------------------------------------------------------
 */

static int parse_lines(struct parser *ps, const char *text, size_t len)
{
    size_t pos = 0;

    while (pos < len) {
        const char *nl = memchr(text + pos, '\n', len - pos);
        size_t n = nl ? (size_t)(nl - (text + pos)) : len - pos;

        ps->lineno++;
        ps->raw = text + pos;
        ps->rawlen = n;
        if (tokenize(ps, text + pos, n) < 0)
            return -1;
        if (ps->argc > 0 && apply_directive(ps) < 0)
            return -1;
        pos += n + 1;
    }
    return 0;
}

static int load_buffer(struct config *cfg, const char *name, const char *text,
                       size_t len, char *err, size_t errlen)
{
    struct config tmp;
    struct parser ps = {
        .name = name, .err = err, .errlen = errlen, .cfg = &tmp};
    int rc = -1;

    config_defaults(&tmp);
    ps.scratch = malloc(len + 1);
    if (ps.scratch == NULL)
        set_err(err, errlen, "%s: out of memory", name);
    else
        rc = parse_lines(&ps, text, len);
    free(ps.scratch);
    free(ps.argv);
    if (rc < 0) {
        config_free(&tmp);
        return -1;
    }
    /* Only now is the caller's config touched: a bad file changes
     * nothing. */
    config_free(cfg);
    *cfg = tmp;
    return 0;
}

int config_load_string(struct config *cfg, const char *name, const char *text,
                       char *err, size_t errlen)
{
    if (name == NULL)
        name = "(string)";
    if (text == NULL) {
        set_err(err, errlen, "%s: no text", name);
        return -1;
    }
    return load_buffer(cfg, name, text, strlen(text), err, errlen);
}

/* Reads all of fd into a malloc'd buffer. */
static int slurp(int fd, const char *path, char **bufp, size_t *lenp, char *err,
                 size_t errlen)
{
    size_t len = 0, cap = 4096;
    char *buf = malloc(cap);

    while (buf != NULL) {
        if (len == cap) {
            char *nb =
                cap >= CONFIG_MAX_FILE_BYTES ? NULL : realloc(buf, cap * 2);
            if (nb == NULL)
                break;
            buf = nb;
            cap *= 2;
        }
        ssize_t r = read(fd, buf + len, cap - len);
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0) {
            set_err(err, errlen, "%s: cannot read: %s", path, strerror(errno));
            free(buf);
            return -1;
        }
        if (r == 0) {
            *bufp = buf;
            *lenp = len;
            return 0;
        }
        len += (size_t)r;
    }
    if (len >= CONFIG_MAX_FILE_BYTES)
        set_err(err, errlen, "%s: too large (limit %u bytes)", path,
                CONFIG_MAX_FILE_BYTES);
    else
        set_err(err, errlen, "%s: out of memory", path);
    free(buf);
    return -1;
}

int config_load_file(struct config *cfg, const char *path, char *err,
                     size_t errlen)
{
    char *buf;
    size_t len;

    if (path == NULL) {
        set_err(err, errlen, "(null): cannot open: %s", strerror(EINVAL));
        return -1;
    }
    /* O_NONBLOCK: a FIFO must be refused, not waited on. */
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
    if (fd < 0) {
        set_err(err, errlen, "%s: cannot open: %s", path, strerror(errno));
        return -1;
    }
    struct stat st;
    if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
        set_err(err, errlen, "%s: not a regular file", path);
        close(fd);
        return -1;
    }
    int rc = slurp(fd, path, &buf, &len, err, errlen);
    close(fd);
    if (rc < 0)
        return -1;
    rc = load_buffer(cfg, path, buf, len, err, errlen);
    free(buf);
    return rc;
}
