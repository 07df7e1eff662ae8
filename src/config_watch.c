/*
 * config_watch.c - watch, threshold and notify_interval lines (see
 * config_watch.h).  Everything a running agent could trip over is
 * checked here, at load time: the regular expression compiles, the user
 * exists, levels are in range and in the right order.
 */
#include "config_watch.h"

#include "config.h"
#include "sysinfo_oids.h"

#include <errno.h>
#include <fnmatch.h>
#include <pwd.h>
#include <regex.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ---- defaults and freeing ------------------------------------------- */

void cfg_alerts_defaults(struct cfg_alerts *a)
{
    memset(a, 0, sizeof(*a));
    a->notify_interval_s = CFG_NOTIFY_INTERVAL_DEFAULT;
}

void cfg_alerts_free(struct cfg_alerts *a)
{
    for (size_t i = 0; i < a->watch_count; i++) {
        free(a->watches[i].pattern);
        free(a->watches[i].cgroup);
    }
    free(a->watches);
    for (size_t i = 0; i < a->threshold_count; i++)
        free(a->thresholds[i].match);
    free(a->thresholds);
    cfg_alerts_defaults(a);
}

/* ---- helpers ---------------------------------------------------------- */

/* The state of one line being parsed. */
struct line {
    char *const *argv;
    size_t argc;
    size_t lineno;
    char *reason;
    size_t reasonlen;
};

static int bad(struct line *l, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Writes "KEYWORD: reason" and returns -1. */
static int bad(struct line *l, const char *fmt, ...)
{
    char msg[224];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    snprintf(l->reason, l->reasonlen, "%s: %s", l->argv[0], msg);
    return -1;
}

/* Unsigned fixed point: digits, optionally '.' and at most `decimals`
 * more digits (further digits must be 0).  *out = value * 10^decimals.
 * -1 when malformed or above max (in the same scaled unit). */
static int parse_fixed(const char *s, int decimals, uint64_t max, uint64_t *out,
                       const char **end)
{
    uint64_t v = 0;
    int seen = 0, nfrac = 0;

    for (; *s >= '0' && *s <= '9'; s++, seen = 1) {
        if (v > (UINT64_MAX - 9) / 10)
            return -1;
        v = v * 10 + (uint64_t)(*s - '0');
    }
    if (*s == '.' && decimals > 0) {
        for (s++; *s >= '0' && *s <= '9'; s++, seen = 1) {
            if (nfrac == decimals) {
                if (*s != '0')
                    return -1;
                continue;
            }
            if (v > (UINT64_MAX - 9) / 10)
                return -1;
            v = v * 10 + (uint64_t)(*s - '0');
            nfrac++;
        }
    }
    for (; nfrac < decimals; nfrac++) {
        if (v > UINT64_MAX / 10)
            return -1;
        v *= 10;
    }
    if (!seen || v > max)
        return -1;
    *out = v;
    *end = s;
    return 0;
}

/* A whole number 0..max, nothing else. */
static int parse_count(const char *s, uint64_t max, uint64_t *out)
{
    const char *end;

    return parse_fixed(s, 0, max, out, &end) == 0 && *end == '\0' ? 0 : -1;
}

/* "90", "90%", "92.5%": hundredths of a percent, 0..10000.  Returns -2
 * for a well-formed number above 100. */
static int parse_percent(const char *s, uint64_t *out)
{
    const char *end;

    if (parse_fixed(s, 2, UINT64_MAX, out, &end) < 0)
        return -1;
    if (*end == '%')
        end++;
    if (*end != '\0')
        return -1;
    return *out > 10000 ? -2 : 0;
}

/* "1048576", "512M", "1.5G", "10GiB", "2TB": bytes, binary multiples. */
static int parse_bytes(const char *s, uint64_t *out)
{
    static const char units[] = "KMGTPE";
    const char *end, *u;
    uint64_t milli, mult = 1;

    if (parse_fixed(s, 3, UINT64_MAX, &milli, &end) < 0 || *end == '.')
        return -1;
    if (*end != '\0' && (u = strchr(units, *end & ~0x20)) != NULL) {
        mult = (uint64_t)1 << (10 * (u - units + 1));
        end++;
        if (strcasecmp(end, "iB") == 0 || strcasecmp(end, "B") == 0)
            end += strlen(end);
    } else if (strcmp(end, "B") == 0) {
        end++;
    }
    if (*end != '\0')
        return -1;
    /* milli * mult / 1000 without overflow: split the whole part off. */
    uint64_t whole = milli / 1000, frac = milli % 1000;
    if (whole > UINT64_MAX / mult)
        return -1;
    *out = whole * mult + frac * mult / 1000;
    return 0;
}

/* ---- watch ------------------------------------------------------------ */

int cfg_watch_name_ok(const char *s)
{
    size_t n = strlen(s);

    if (n == 0 || n > CFG_WATCH_NAME_MAX)
        return 0;
    for (; *s != '\0'; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
              (*s >= '0' && *s <= '9') || *s == '.' || *s == '_' || *s == '-'))
            return 0;
    return 1;
}

static int parse_target(const char *s)
{
    if (strcmp(s, "name") == 0)
        return SIA_WATCH_TARGET_NAME;
    if (strcmp(s, "args") == 0)
        return SIA_WATCH_TARGET_ARGS;
    if (strcmp(s, "exe") == 0)
        return SIA_WATCH_TARGET_EXE;
    return 0;
}

static int check_regex(struct line *l, const char *pattern)
{
    char q[CONFIG_QUOTE_MAX], why[128];
    regex_t re;
    int rc;

    if (pattern[0] == '\0')
        return bad(l, "empty pattern");
    rc = regcomp(&re, pattern, REG_EXTENDED | REG_NOSUB);
    if (rc != 0) {
        regerror(rc, &re, why, sizeof(why));
        return bad(l, "invalid regular expression %s: %s",
                   config_quote(q, pattern), why);
    }
    regfree(&re);
    return 0;
}

/* A user name, or a number for a uid without a name. */
static int lookup_user(struct line *l, const char *s, uint32_t *uid)
{
    char q[CONFIG_QUOTE_MAX], buf[4096];
    struct passwd pw, *res = NULL;
    uint64_t v;

    if (parse_count(s, UINT32_MAX - 1, &v) == 0) {
        *uid = (uint32_t)v;
        return 0;
    }
    int rc = getpwnam_r(s, &pw, buf, sizeof(buf), &res);
    if (rc != 0 && rc != ENOENT && rc != ESRCH)
        return bad(l, "cannot look up user %s: %s", config_quote(q, s),
                   strerror(rc));
    if (res == NULL)
        return bad(l, "unknown user %s", config_quote(q, s));
    *uid = (uint32_t)res->pw_uid;
    return 0;
}

static int interval_value(struct line *l, const char *s, unsigned *out)
{
    char q[CONFIG_QUOTE_MAX];
    uint64_t v;

    if (parse_count(s, CFG_NOTIFY_INTERVAL_MAX, &v) < 0)
        return bad(l,
                   "notify_interval %s is not a whole number of seconds "
                   "(0..%u)",
                   config_quote(q, s), CFG_NOTIFY_INTERVAL_MAX);
    *out = (unsigned)v;
    return 0;
}

static int count_value(struct line *l, const char *opt, const char *s,
                       uint32_t *out)
{
    char q[CONFIG_QUOTE_MAX];
    uint64_t v;

    if (parse_count(s, CFG_WATCH_COUNT_MAX, &v) < 0)
        return bad(l, "%s %s is not a whole number (0..%u)", opt,
                   config_quote(q, s), CFG_WATCH_COUNT_MAX);
    *out = (uint32_t)v;
    return 0;
}

/* One "OPTION VALUE" pair of a watch line.  `seen` catches repeats. */
static int watch_option(struct line *l, struct cfg_watch *w, const char *opt,
                        const char *val, unsigned *seen)
{
    static const char *const names[] = {"user", "parent", "cgroup",
                                        "min",  "max",    "notify_interval"};
    char q[CONFIG_QUOTE_MAX];
    uint64_t v;
    size_t i;

    for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
        if (strcmp(opt, names[i]) == 0)
            break;
    if (i == sizeof(names) / sizeof(names[0]))
        return bad(l,
                   "unknown option %s (user, parent, cgroup, min, max, "
                   "notify_interval)",
                   config_quote(q, opt));
    if (*seen & (1u << i))
        return bad(l, "%s given twice", opt);
    *seen |= 1u << i;
    switch (i) {
    case 0:
        w->has_user = 1;
        return lookup_user(l, val, &w->uid);
    case 1:
        if (parse_count(val, INT32_MAX, &v) < 0)
            return bad(l, "parent %s is not a process id",
                       config_quote(q, val));
        w->has_parent = 1;
        w->parent = (int32_t)v;
        return 0;
    case 2:
        if (val[0] != '/')
            return bad(l,
                       "cgroup %s is not an absolute path (/system.slice/"
                       "nginx.service)",
                       config_quote(q, val));
        w->cgroup = strdup(val);
        return w->cgroup == NULL ? bad(l, "out of memory") : 0;
    case 3:
        w->has_min = 1;
        return count_value(l, opt, val, &w->min);
    case 4:
        w->has_max = 1;
        return count_value(l, opt, val, &w->max);
    default:
        w->has_notify_interval = 1;
        return interval_value(l, val, &w->notify_interval_s);
    }
}

static int watch_fields(struct line *l, const struct cfg_alerts *a,
                        struct cfg_watch *w)
{
    char q[CONFIG_QUOTE_MAX];
    unsigned seen = 0;

    if (l->argc < 4)
        return bad(l, "expected: watch NAME name|args|exe PATTERN "
                      "[min N] [max N] [user U] [parent PID] [cgroup PATH]");
    if (!cfg_watch_name_ok(l->argv[1]))
        return bad(l, "name %s: use 1 to %d letters, digits, '.', '_', '-'",
                   config_quote(q, l->argv[1]), CFG_WATCH_NAME_MAX);
    for (size_t i = 0; i < a->watch_count; i++)
        if (strcmp(a->watches[i].name, l->argv[1]) == 0)
            return bad(l, "%s is already defined on line %zu",
                       config_quote(q, l->argv[1]), a->watches[i].line);
    strcpy(w->name, l->argv[1]);
    w->line = l->lineno;
    w->target = parse_target(l->argv[2]);
    if (w->target == 0)
        return bad(l, "%s: match target %s is not name, args or exe", w->name,
                   config_quote(q, l->argv[2]));
    if (check_regex(l, l->argv[3]) < 0)
        return -1;
    w->pattern = strdup(l->argv[3]);
    if (w->pattern == NULL)
        return bad(l, "out of memory");
    for (size_t i = 4; i < l->argc; i += 2) {
        if (i + 1 >= l->argc)
            return bad(l, "%s: %s needs a value", w->name, l->argv[i]);
        if (watch_option(l, w, l->argv[i], l->argv[i + 1], &seen) < 0)
            return -1;
    }
    if (w->has_min && w->has_max && w->min > w->max)
        return bad(l, "%s: min %u is above max %u", w->name, w->min, w->max);
    return 0;
}

static int apply_watch(struct line *l, struct cfg_alerts *a)
{
    struct cfg_watch w = {0};
    struct cfg_watch *grown;

    if (watch_fields(l, a, &w) < 0) {
        free(w.pattern);
        free(w.cgroup);
        return -1;
    }
    grown = realloc(a->watches, (a->watch_count + 1) * sizeof(*grown));
    if (grown == NULL) {
        free(w.pattern);
        free(w.cgroup);
        return bad(l, "out of memory");
    }
    a->watches = grown;
    a->watches[a->watch_count++] = w;
    return 0;
}

/* ---- threshold -------------------------------------------------------- */

static int threshold_where(struct line *l, const struct cfg_alerts *a,
                           struct cfg_threshold *t)
{
    char q[CONFIG_QUOTE_MAX];
    const char *s = l->argv[1];

    if (strncmp(s, "type:", 5) == 0 && s[5] != '\0') {
        t->kind = CFG_THR_TYPE;
        s += 5;
    } else if (s[0] == '/') {
        t->kind = strpbrk(s, "*?[") != NULL ? CFG_THR_GLOB : CFG_THR_PATH;
    } else {
        return bad(l,
                   "%s is neither a mount point (/var), a glob (/srv/*) "
                   "nor type:FSTYPE",
                   config_quote(q, s));
    }
    for (size_t i = 0; i < a->threshold_count; i++)
        if (a->thresholds[i].kind == t->kind &&
            strcmp(a->thresholds[i].match, s) == 0)
            return bad(l, "%s is already set on line %zu",
                       config_quote(q, l->argv[1]), a->thresholds[i].line);
    t->match = strdup(s);
    return t->match == NULL ? bad(l, "out of memory") : 0;
}

/* "WARN CRIT" of used, avail or inodes; "-" leaves a level unset. */
static int threshold_levels(struct line *l, const char *opt, const char *w,
                            const char *c, struct cfg_level *lv)
{
    char q[CONFIG_QUOTE_MAX];
    const char *vals[2] = {w, c};
    uint64_t *out[2] = {&lv->warning, &lv->critical};
    int bytes = strcmp(opt, "avail") == 0;

    for (int i = 0; i < 2; i++) {
        if (strcmp(vals[i], "-") == 0)
            continue;
        int rc = bytes ? parse_bytes(vals[i], out[i])
                       : parse_percent(vals[i], out[i]);
        if (rc == -2)
            return bad(l, "%s %s is above 100%%", opt,
                       config_quote(q, vals[i]));
        if (rc < 0 && bytes)
            return bad(l, "avail %s is not a size (10G, 512M, 1048576)",
                       config_quote(q, vals[i]));
        if (rc < 0)
            return bad(l, "%s %s is not a percentage (90%%, 92.5%%)", opt,
                       config_quote(q, vals[i]));
    }
    if (lv->warning == CFG_LEVEL_NONE && lv->critical == CFG_LEVEL_NONE)
        return bad(l, "%s: give a warning or a critical level, not \"- -\"",
                   opt);
    if (lv->warning == CFG_LEVEL_NONE || lv->critical == CFG_LEVEL_NONE)
        return 0;
    if (!bytes && lv->warning > lv->critical)
        return bad(l, "%s: warning level %s is above the critical level %s",
                   opt, w, c);
    if (bytes && lv->warning < lv->critical)
        return bad(l,
                   "avail: warning level %s is below the critical level %s "
                   "(less available is worse: warn at the larger size)",
                   w, c);
    return 0;
}

static int threshold_status_option(struct line *l, const char *opt,
                                   const char *val, uint8_t *out)
{
    char q[CONFIG_QUOTE_MAX];

    if (strcmp(val, "critical") == 0)
        *out = 1;
    else if (strcmp(val, "unknown") == 0)
        *out = 0;
    else
        return bad(l, "%s %s: say critical or unknown", opt,
                   config_quote(q, val));
    return 0;
}

/* One option at argv[*i]; advances *i past its values. */
static int threshold_option(struct line *l, struct cfg_threshold *t, size_t *i,
                            unsigned *seen)
{
    static const char *const names[] = {"used",           "avail",   "inodes",
                                        "hysteresis",     "timeout", "error",
                                        "notify_interval"};
    static const struct cfg_level none = {CFG_LEVEL_NONE, CFG_LEVEL_NONE};
    char q[CONFIG_QUOTE_MAX];
    const char *opt = l->argv[*i];
    size_t k, nvals;

    for (k = 0; k < sizeof(names) / sizeof(names[0]); k++)
        if (strcmp(opt, names[k]) == 0)
            break;
    if (k == sizeof(names) / sizeof(names[0]))
        return bad(l,
                   "unknown option %s (used, avail, inodes, hysteresis, "
                   "timeout, error, notify_interval)",
                   config_quote(q, opt));
    if (*seen & (1u << k))
        return bad(l, "%s given twice", opt);
    *seen |= 1u << k;
    nvals = k < 3 ? 2 : 1;
    if (*i + nvals >= l->argc)
        return bad(l,
                   k < 3 ? "%s needs a warning and a critical level "
                           "(\"-\" for none)"
                         : "%s needs a value",
                   opt);
    char *const *v = l->argv + *i + 1;
    *i += nvals + 1;
    struct cfg_level *levels[3] = {&t->used, &t->avail, &t->inodes};
    uint64_t h;
    switch (k) {
    case 0:
    case 1:
    case 2:
        *levels[k] = none;
        return threshold_levels(l, opt, v[0], v[1], levels[k]);
    case 3:
        if (parse_percent(v[0], &h) < 0 || h > 5000)
            return bad(l, "hysteresis %s is not a percentage from 0 to 50",
                       config_quote(q, v[0]));
        t->hysteresis = (uint32_t)h;
        return 0;
    case 4:
        return threshold_status_option(l, opt, v[0], &t->timeout_critical);
    case 5:
        return threshold_status_option(l, opt, v[0], &t->error_critical);
    default:
        t->has_notify_interval = 1;
        return interval_value(l, v[0], &t->notify_interval_s);
    }
}

static int threshold_fields(struct line *l, const struct cfg_alerts *a,
                            struct cfg_threshold *t)
{
    unsigned seen = 0;

    t->used.warning = t->used.critical = CFG_LEVEL_NONE;
    t->avail = t->inodes = t->used;
    t->hysteresis = CFG_HYSTERESIS_DEFAULT;
    t->line = l->lineno;
    if (threshold_where(l, a, t) < 0)
        return -1;
    for (size_t i = 2; i < l->argc;)
        if (threshold_option(l, t, &i, &seen) < 0)
            return -1;
    /* used, avail, inodes, timeout critical, error critical */
    if ((seen & 7u) == 0 && !t->timeout_critical && !t->error_critical)
        return bad(l,
                   "%s sets no level (used, avail, inodes, or timeout/"
                   "error critical)",
                   l->argv[1]);
    return 0;
}

static int apply_threshold(struct line *l, struct cfg_alerts *a)
{
    struct cfg_threshold t = {0};
    struct cfg_threshold *grown;

    if (l->argc < 2)
        return bad(l, "missing value");
    if (threshold_fields(l, a, &t) < 0) {
        free(t.match);
        return -1;
    }
    grown = realloc(a->thresholds, (a->threshold_count + 1) * sizeof(*grown));
    if (grown == NULL) {
        free(t.match);
        return bad(l, "out of memory");
    }
    a->thresholds = grown;
    a->thresholds[a->threshold_count++] = t;
    return 0;
}

/* ---- dispatch and look-ups ------------------------------------------- */

int cfg_alerts_apply(struct cfg_alerts *a, size_t lineno, char *const *argv,
                     size_t argc, char *reason, size_t reasonlen)
{
    struct line l = {argv, argc, lineno, reason, reasonlen};

    if (argc == 0)
        return 1;
    if (strcmp(argv[0], "watch") == 0)
        return argc < 2 ? bad(&l, "missing value") : apply_watch(&l, a);
    if (strcmp(argv[0], "threshold") == 0)
        return apply_threshold(&l, a);
    if (strcmp(argv[0], "notify_interval") == 0) {
        char q[CONFIG_QUOTE_MAX];
        if (argc < 2)
            return bad(&l, "missing value");
        if (argc > 2)
            return bad(&l, "unexpected extra value %s (takes one value)",
                       config_quote(q, argv[2]));
        return interval_value(&l, argv[1], &a->notify_interval_s);
    }
    return 1;
}

static int rule_matches(const struct cfg_threshold *t, const char *mp,
                        const char *fstype)
{
    switch (t->kind) {
    case CFG_THR_PATH:
        return strcmp(t->match, mp) == 0;
    case CFG_THR_GLOB:
        return fnmatch(t->match, mp, 0) == 0;
    default:
        return strcmp(t->match, fstype) == 0;
    }
}

const struct cfg_threshold *cfg_threshold_find(const struct cfg_alerts *a,
                                               const char *mount_point,
                                               const char *fstype)
{
    static const int order[] = {CFG_THR_PATH, CFG_THR_GLOB, CFG_THR_TYPE};

    if (mount_point == NULL)
        mount_point = "";
    if (fstype == NULL)
        fstype = "";
    for (size_t k = 0; k < 3; k++)
        for (size_t i = 0; i < a->threshold_count; i++)
            if (a->thresholds[i].kind == order[k] &&
                rule_matches(&a->thresholds[i], mount_point, fstype))
                return &a->thresholds[i];
    return NULL;
}

unsigned cfg_notify_interval(const struct cfg_alerts *a, int own_set,
                             unsigned own)
{
    return own_set ? own : a->notify_interval_s;
}
