/*
 * proc_parse.c - pure parsers for Linux procfs files (see proc_parse.h).
 *
 * Numbers are parsed by hand rather than with strtoull(): the buffers are
 * not NUL-terminated, strtoull() accepts leading spaces, signs and "0x"
 * that the kernel never writes, and a garbage field must be an error, not
 * a silent 0.
 */
#include "proc_parse.h"

#include "collector.h"

#include <stdio.h>
#include <string.h>

/* A read position inside one buffer or one line. */
struct cur {
    const char *p;
    const char *end;
};

static int is_blank(char ch)
{
    return ch == ' ' || ch == '\t';
}

/* The next token: blanks skipped, then bytes up to a blank or a newline.
 * A newline is never crossed, so a field missing from a line is
 * PP_ERR_MISSING rather than a value taken from the next line.  A token
 * that runs into the end of the buffer may have been cut by a short read
 * ("586.4" of "586.40 "): the kernel always writes a separator after
 * every field, so that is PP_ERR_MISSING too. */
static int next_token(struct cur *c, const char **tok, size_t *tok_len)
{
    const char *start;

    while (c->p < c->end && is_blank(*c->p))
        c->p++;
    start = c->p;
    while (c->p < c->end && !is_blank(*c->p) && *c->p != '\n')
        c->p++;
    if (c->p == start || c->p == c->end)
        return PP_ERR_MISSING;
    *tok = start;
    *tok_len = (size_t)(c->p - start);
    return PP_OK;
}

static int parse_u64(const char *s, size_t n, uint64_t *out)
{
    uint64_t v = 0;

    if (n == 0)
        return PP_ERR_MISSING;
    for (size_t i = 0; i < n; i++) {
        unsigned d = (unsigned char)s[i] - '0';

        if (d > 9)
            return PP_ERR_SYNTAX;
        if (v > (UINT64_MAX - d) / 10)
            return PP_ERR_RANGE;
        v = v * 10 + d;
    }
    *out = v;
    return PP_OK;
}

/* A decimal in [lo, hi]; a leading '-' only where lo < 0 (a sign on an
 * unsigned field is a syntax error, not a range one). */
static int parse_range(const char *s, size_t n, int64_t lo, int64_t hi,
                       int64_t *out)
{
    int neg = n > 0 && s[0] == '-';
    uint64_t mag;
    int rc;

    if (neg && lo >= 0)
        return PP_ERR_SYNTAX;
    rc = parse_u64(s + neg, n - (size_t)neg, &mag);
    if (rc != PP_OK)
        return rc;
    if (!neg) {
        if (mag > (uint64_t)hi)
            return PP_ERR_RANGE;
        *out = (int64_t)mag;
        return PP_OK;
    }
    /* -(lo) may not fit int64_t, so compare magnitudes unsigned. */
    if (mag > (uint64_t)(-(lo + 1)) + 1)
        return PP_ERR_RANGE;
    *out = mag == 0 ? 0 : -(int64_t)(mag - 1) - 1;
    return PP_OK;
}

static int tok_u64(struct cur *c, uint64_t *out)
{
    const char *t;
    size_t n;
    int rc = next_token(c, &t, &n);

    return rc != PP_OK ? rc : parse_u64(t, n, out);
}

static int tok_range(struct cur *c, int64_t lo, int64_t hi, int64_t *out)
{
    const char *t;
    size_t n;
    int rc = next_token(c, &t, &n);

    return rc != PP_OK ? rc : parse_range(t, n, lo, hi, out);
}

static int tok_i32(struct cur *c, int32_t *out)
{
    int64_t v;
    int rc = tok_range(c, INT32_MIN, INT32_MAX, &v);

    if (rc == PP_OK)
        *out = (int32_t)v;
    return rc;
}

static int tok_skip(struct cur *c, int count)
{
    const char *t;
    size_t n;

    for (int i = 0; i < count; i++) {
        int rc = next_token(c, &t, &n);

        if (rc != PP_OK)
            return rc;
    }
    return PP_OK;
}

int pp_stat_comm(const char *buf, size_t len, const char **comm,
                 size_t *comm_len)
{
    const char *open = memchr(buf, '(', len);
    const char *close = memrchr(buf, ')', len);

    if (open == NULL || close == NULL || close < open)
        return PP_ERR_MISSING;
    *comm = open + 1;
    *comm_len = (size_t)(close - open - 1);
    return PP_OK;
}

/* Fields 3..15 of stat (man 5 proc): state to stime. */
static int stat_head(struct cur *c, struct pp_stat *out)
{
    const char *t;
    size_t n;
    int64_t tty;
    int rc = next_token(c, &t, &n);

    if (rc != PP_OK)
        return rc;
    if (n != 1)
        return PP_ERR_SYNTAX;
    out->state = t[0];
    if ((rc = tok_i32(c, &out->ppid)) || (rc = tok_i32(c, &out->pgrp)) ||
        (rc = tok_i32(c, &out->session)) ||
        (rc = tok_range(c, INT32_MIN, UINT32_MAX, &tty)) ||
        (rc = tok_skip(c, 2)) || /* tpgid flags */
        (rc = tok_u64(c, &out->minflt)) || (rc = tok_skip(c, 1)) ||
        (rc = tok_u64(c, &out->majflt)) || (rc = tok_skip(c, 1)) ||
        (rc = tok_u64(c, &out->utime)) || (rc = tok_u64(c, &out->stime)))
        return rc;
    out->tty_nr = (uint32_t)tty; /* the kernel prints it as a signed int */
    return PP_OK;
}

/* Fields 16..24: cutime to rss.  vsize and rss must be there (a line
 * cut before them is not a whole stat line) but are not kept: memory
 * comes from statm. */
static int stat_tail(struct cur *c, struct pp_stat *out)
{
    int64_t threads;
    int rc;

    if ((rc = tok_skip(c, 2)) || /* cutime cstime */
        (rc = tok_i32(c, &out->priority)) || (rc = tok_i32(c, &out->nice)) ||
        (rc = tok_range(c, 0, UINT32_MAX, &threads)) ||
        (rc = tok_skip(c, 1)) || /* itrealvalue */
        (rc = tok_u64(c, &out->starttime)) ||
        (rc = tok_skip(c, 2))) /* vsize rss */
        return rc;
    out->num_threads = (uint32_t)threads;
    return PP_OK;
}

int pp_parse_stat(const char *buf, size_t len, struct pp_stat *out)
{
    struct cur c;
    int rc = pp_stat_comm(buf, len, &out->comm, &out->comm_len);

    if (rc != PP_OK)
        return rc;
    c.p = out->comm + out->comm_len + 1; /* just past the last ')' */
    c.end = buf + len;
    if (c.p >= c.end)
        return PP_ERR_MISSING;
    if (*c.p != ' ')
        return PP_ERR_SYNTAX;
    if ((rc = stat_head(&c, out)) != PP_OK)
        return rc;
    return stat_tail(&c, out);
}

int pp_parse_statm(const char *buf, size_t len, struct pp_statm *out)
{
    struct cur c = {buf, buf + len};
    int rc;

    if ((rc = tok_u64(&c, &out->size)) || (rc = tok_u64(&c, &out->resident)) ||
        (rc = tok_u64(&c, &out->shared)))
        return rc;
    return PP_OK;
}

/* The rest of the first whole line that starts with `key`.  A last line
 * without its '\n' may have been cut by a short read, so it never
 * matches. */
static int find_line(const char *buf, size_t len, const char *key,
                     struct cur *line)
{
    size_t key_len = strlen(key);
    const char *p = buf;
    const char *end = buf + len;

    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));

        if (nl == NULL)
            break;
        if ((size_t)(nl - p) >= key_len && memcmp(p, key, key_len) == 0) {
            line->p = p + key_len;
            line->end = nl + 1; /* the '\n' ends the last token */
            return PP_OK;
        }
        p = nl + 1;
    }
    return PP_ERR_MISSING;
}

/* "Uid:\t<real>\t<effective>\t<saved>\t<fs>" */
static int id_pair(const char *buf, size_t len, const char *key, uint32_t *real,
                   uint32_t *eff)
{
    struct cur line;
    int64_t r, e;
    int rc = find_line(buf, len, key, &line);

    if (rc != PP_OK)
        return rc;
    if ((rc = tok_range(&line, 0, UINT32_MAX, &r)) ||
        (rc = tok_range(&line, 0, UINT32_MAX, &e)))
        return rc;
    *real = (uint32_t)r;
    *eff = (uint32_t)e;
    return PP_OK;
}

int pp_parse_status_ids(const char *buf, size_t len, struct pp_ids *out)
{
    int rc = id_pair(buf, len, "Uid:", &out->uid, &out->euid);

    return rc != PP_OK ? rc : id_pair(buf, len, "Gid:", &out->gid, &out->egid);
}

static int keyed_u64(const char *buf, size_t len, const char *key,
                     uint64_t *out)
{
    struct cur line;
    int rc = find_line(buf, len, key, &line);

    return rc != PP_OK ? rc : tok_u64(&line, out);
}

int pp_parse_io(const char *buf, size_t len, struct pp_io *out)
{
    int rc = keyed_u64(buf, len, "read_bytes:", &out->read_bytes);

    return rc != PP_OK ? rc
                       : keyed_u64(buf, len, "write_bytes:", &out->write_bytes);
}

size_t pp_cmdline_argv0(const char *buf, size_t len)
{
    const char *nul = memchr(buf, '\0', len);
    const char *sp;

    if (nul != NULL)
        return (size_t)(nul - buf);
    sp = memchr(buf, ' ', len);
    return sp != NULL ? (size_t)(sp - buf) : len;
}

size_t pp_cmdline_join(char *buf, size_t len)
{
    /* All trailing NULs go, not just one: setproctitle() users such as
     * nginx pad the old argv area with NULs. */
    while (len > 0 && buf[len - 1] == '\0')
        len--;
    for (size_t i = 0; i < len; i++)
        if (buf[i] == '\0')
            buf[i] = ' ';
    return len;
}

/* Is the comma-separated controller list exactly or holding `name`? */
static int has_controller(const char *list, size_t n, const char *name)
{
    size_t name_len = strlen(name);
    const char *end = list + n;

    while (list < end) {
        const char *comma = memchr(list, ',', (size_t)(end - list));
        const char *stop = comma != NULL ? comma : end;

        if ((size_t)(stop - list) == name_len &&
            memcmp(list, name, name_len) == 0)
            return 1;
        list = stop + 1;
    }
    return 0;
}

/* One "id:controllers:path\n" line; the path may itself hold ':'. */
struct cg_line {
    const char *id, *ctl, *path;
    size_t id_len, ctl_len, path_len;
};

static int cg_split(const char *p, const char *nl, struct cg_line *l)
{
    const char *c1 = memchr(p, ':', (size_t)(nl - p));
    const char *c2 = c1 ? memchr(c1 + 1, ':', (size_t)(nl - c1 - 1)) : NULL;

    if (c2 == NULL)
        return PP_ERR_SYNTAX;
    l->id = p;
    l->id_len = (size_t)(c1 - p);
    l->ctl = c1 + 1;
    l->ctl_len = (size_t)(c2 - c1 - 1);
    l->path = c2 + 1;
    l->path_len = (size_t)(nl - c2 - 1);
    return PP_OK;
}

int pp_parse_cgroup(const char *buf, size_t len, const char **path,
                    size_t *path_len)
{
    const char *p = buf, *end = buf + len;
    struct cg_line l, first = {0}, systemd = {0};
    int rc = PP_ERR_MISSING;

    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));

        if (nl == NULL)
            break; /* a cut last line: its path may be incomplete */
        if (cg_split(p, nl, &l) != PP_OK)
            return PP_ERR_SYNTAX;
        if (l.id_len == 1 && l.id[0] == '0' && l.ctl_len == 0) {
            *path = l.path;
            *path_len = l.path_len;
            return PP_OK;
        }
        if (systemd.path == NULL &&
            has_controller(l.ctl, l.ctl_len, "name=systemd"))
            systemd = l;
        if (first.path == NULL)
            first = l;
        rc = PP_OK;
        p = nl + 1;
    }
    if (rc == PP_OK) {
        const struct cg_line *pick = systemd.path ? &systemd : &first;

        *path = pick->path;
        *path_len = pick->path_len;
    }
    return rc;
}

size_t pp_tty_name(uint32_t tty_nr, char *out, size_t size)
{
    /* new_encode_dev(): minor bits 0-7 and 20-31, major bits 8-19. */
    unsigned major = (tty_nr >> 8) & 0xfff;
    unsigned minor = (tty_nr & 0xff) | ((tty_nr >> 12) & 0xfff00);
    int n;

    if (tty_nr == 0)
        n = snprintf(out, size, "%s", "");
    else if (major >= 136 && major <= 143)
        n = snprintf(out, size, "pts/%u", (major - 136) * 256 + minor);
    else if (major == 4 && minor < 64)
        n = snprintf(out, size, "tty%u", minor);
    else if (major == 4)
        n = snprintf(out, size, "ttyS%u", minor - 64);
    else if (major == 5 && minor == 1)
        n = snprintf(out, size, "%s", "console");
    else
        n = snprintf(out, size, "%u:%u", major, minor);
    if (n < 0)
        n = 0;
    return (size_t)n < size ? (size_t)n : size - 1;
}

int32_t pp_state(char c)
{
    switch (c) {
    case 'R':
        return PROC_STATE_RUNNING;
    case 'S':
        return PROC_STATE_SLEEPING;
    case 'D':
        return PROC_STATE_DISK_SLEEP;
    case 'T':
        return PROC_STATE_STOPPED;
    case 't':
        return PROC_STATE_TRACING_STOP;
    case 'Z':
        return PROC_STATE_ZOMBIE;
    case 'X':
    case 'x':
        return PROC_STATE_DEAD;
    case 'K':
        return PROC_STATE_WAKE_KILL;
    case 'W':
        return PROC_STATE_WAKING;
    case 'P':
        return PROC_STATE_PARKED;
    case 'I':
        return PROC_STATE_IDLE;
    }
    return PROC_STATE_OTHER;
}

#define DELETED     " (deleted)"
#define DELETED_LEN (sizeof(DELETED) - 1)

/* Does the basename of path extend comm?  Then it is the full name. */
static int base_extends(const char *path, size_t len, const char *comm,
                        size_t comm_len, const char **name, size_t *name_len)
{
    const char *slash = len ? memrchr(path, '/', len) : NULL;
    const char *base = slash != NULL ? slash + 1 : path;
    size_t base_len = (size_t)(path + len - base);

    if (base_len <= comm_len || memcmp(base, comm, comm_len) != 0)
        return 0;
    *name = base;
    *name_len = base_len;
    return 1;
}

void pp_full_name(const char *comm, size_t comm_len, const char *argv0,
                  size_t argv0_len, const char *exe, size_t exe_len,
                  const char **name, size_t *name_len)
{
    *name = comm;
    *name_len = comm_len;
    if (comm_len != PP_COMM_CUT)
        return;
    if (argv0 != NULL &&
        base_extends(argv0, argv0_len, comm, comm_len, name, name_len))
        return;
    if (exe == NULL)
        return;
    /* An executable replaced or removed since exec reads "PATH (deleted)":
     * the name is PATH's basename, not with the kernel's note. */
    if (exe_len > DELETED_LEN &&
        memcmp(exe + exe_len - DELETED_LEN, DELETED, DELETED_LEN) == 0)
        exe_len -= DELETED_LEN;
    base_extends(exe, exe_len, comm, comm_len, name, name_len);
}

int pp_parse_btime(const char *buf, size_t len, int64_t *btime)
{
    struct cur line;
    int rc = find_line(buf, len, "btime ", &line);

    return rc != PP_OK ? rc : tok_range(&line, 0, INT64_MAX, btime);
}

uint32_t pp_count_cpus(const char *buf, size_t len)
{
    const char *p = buf, *end = buf + len;
    uint32_t n = 0;

    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        const char *stop = nl != NULL ? nl : end;

        if (stop - p > 3 && memcmp(p, "cpu", 3) == 0 && p[3] >= '0' &&
            p[3] <= '9')
            n++;
        p = stop + 1;
    }
    return n;
}

/* "123.45" -> 12345 exactly: whole part x 100 plus the first two
 * decimals (more decimals are cut, not rounded). */
static int parse_fixed2(const char *s, size_t n, uint64_t *out)
{
    const char *dot = memchr(s, '.', n);
    size_t whole_len = dot != NULL ? (size_t)(dot - s) : n;
    size_t frac_len = dot != NULL ? n - whole_len - 1 : 0;
    uint64_t whole, frac = 0;
    int rc = parse_u64(s, whole_len, &whole);

    if (rc != PP_OK)
        return rc == PP_ERR_MISSING ? PP_ERR_SYNTAX : rc;
    if (dot != NULL && frac_len == 0)
        return PP_ERR_SYNTAX;
    for (size_t i = 0; i < frac_len; i++) {
        unsigned d = (unsigned char)dot[1 + i] - '0';

        if (d > 9)
            return PP_ERR_SYNTAX;
        if (i < 2)
            frac = frac * 10 + d;
    }
    if (frac_len == 1)
        frac *= 10;
    if (whole > (UINT64_MAX - frac) / 100)
        return PP_ERR_RANGE;
    *out = whole * 100 + frac;
    return PP_OK;
}

static int tok_fixed2(struct cur *c, uint64_t *out)
{
    const char *t;
    size_t n;
    int rc = next_token(c, &t, &n);

    return rc != PP_OK ? rc : parse_fixed2(t, n, out);
}

int pp_parse_uptime(const char *buf, size_t len, uint64_t *uptime_cs)
{
    struct cur c = {buf, buf + len};

    return tok_fixed2(&c, uptime_cs);
}

int pp_parse_loadavg(const char *buf, size_t len, uint32_t load_x100[3])
{
    struct cur c = {buf, buf + len};

    for (int i = 0; i < 3; i++) {
        uint64_t v;
        int rc = tok_fixed2(&c, &v);

        if (rc != PP_OK)
            return rc;
        if (v > UINT32_MAX)
            return PP_ERR_RANGE;
        load_x100[i] = (uint32_t)v;
    }
    return PP_OK;
}
