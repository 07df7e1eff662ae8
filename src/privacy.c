/*
 * privacy.c - see privacy.h.
 */
#include "privacy.h"

#include "config.h"

#include <ctype.h>
#include <regex.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const char *const secret_words[] = {
    "pass",    "secret",     "token",       "apikey",     "api-key",
    "api_key", "credential", "private-key", "privatekey", "pwd",
};

/* Clients whose short option carries a password: "-pSECRET" (attached)
 * and, where `separate`, "-p SECRET". */
static const struct {
    const char *client;
    const char *flag;
    int separate;
} client_flags[] = {
    {"mysql", "-p", 0},      {"mysqldump", "-p", 0},
    {"mysqladmin", "-p", 0}, {"mysqlimport", "-p", 0},
    {"mysqlcheck", "-p", 0}, {"mysqlshow", "-p", 0},
    {"mariadb", "-p", 0},    {"mariadb-dump", "-p", 0},
    {"sshpass", "-p", 1},    {"redis-cli", "-a", 1},
};

struct out {
    char *p;
    size_t len, cap;
};

static int put(struct out *o, const char *s, size_t n)
{
    if (o->len + n + 1 > o->cap) {
        size_t cap = o->cap ? o->cap : 256;
        char *p;

        while (cap < o->len + n + 1)
            cap *= 2;
        if ((p = realloc(o->p, cap)) == NULL)
            return -1;
        o->p = p;
        o->cap = cap;
    }
    memcpy(o->p + o->len, s, n);
    o->len += n;
    o->p[o->len] = '\0';
    return 0;
}

static int has_secret_word(const char *s, size_t n)
{
    for (size_t w = 0; w < sizeof(secret_words) / sizeof(*secret_words); w++) {
        size_t k = strlen(secret_words[w]);

        for (size_t i = 0; i + k <= n; i++)
            if (strncasecmp(s + i, secret_words[w], k) == 0)
                return 1;
    }
    return 0;
}

static int key_char(char c)
{
    return isalnum((unsigned char)c) || c == '_' || c == '-' || c == '.';
}

/* Up to RANGES_MAX spans of one token to redact, in order. */
#define RANGES_MAX 8
struct ranges {
    size_t a[RANGES_MAX], b[RANGES_MAX];
    size_t n;
};

static void add_range(struct ranges *r, size_t a, size_t b)
{
    if (b <= a)
        return;
    if (r->n > 0 && a < r->b[r->n - 1]) { /* overlap: extend the last */
        if (b > r->b[r->n - 1])
            r->b[r->n - 1] = b;
        return;
    }
    if (r->n == RANGES_MAX) { /* too many: the rest of the token */
        r->b[r->n - 1] = (size_t)-1;
        return;
    }
    r->a[r->n] = a;
    r->b[r->n++] = b;
}

/* scheme://user:PASSWORD@host */
static void url_password(const char *t, size_t n, struct ranges *r)
{
    const char *s = memmem(t, n, "://", 3);
    size_t from, end, at = (size_t)-1;

    if (s == NULL)
        return;
    from = (size_t)(s - t) + 3;
    for (end = from; end < n && t[end] != '/'; end++)
        if (t[end] == '@')
            at = end;
    if (at == (size_t)-1)
        return;
    for (size_t i = from; i < at; i++)
        if (t[i] == ':') {
            add_range(r, i + 1, at);
            return;
        }
}

/* NAME=VALUE anywhere in the token (also --NAME=, ?NAME=, &NAME=). */
static void key_values(const char *t, size_t n, struct ranges *r)
{
    for (size_t i = 0; i < n; i++) {
        size_t k = i, v;

        if (t[i] != '=')
            continue;
        while (k > 0 && key_char(t[k - 1]))
            k--;
        if (!has_secret_word(t + k, i - k))
            continue;
        for (v = i + 1; v < n && t[v] != '&' && t[v] != ';' && t[v] != ','; v++)
            ;
        add_range(r, i + 1, v);
        i = v;
    }
}

static int emit_token(struct out *o, const char *t, size_t n,
                      const struct ranges *r)
{
    size_t pos = 0;

    for (size_t i = 0; i < r->n; i++) {
        size_t b = r->b[i] > n ? n : r->b[i];

        if (put(o, t + pos, r->a[i] - pos) < 0 ||
            put(o, PRIVACY_REDACTED, sizeof(PRIVACY_REDACTED) - 1) < 0)
            return -1;
        pos = b;
    }
    return put(o, t + pos, n - pos);
}

static int client_of(const char *args, size_t len)
{
    size_t end = 0, base = 0;

    while (end < len && args[end] != ' ')
        end++;
    for (size_t i = 0; i < end; i++)
        if (args[i] == '/')
            base = i + 1;
    for (size_t c = 0; c < sizeof(client_flags) / sizeof(*client_flags); c++)
        if (strlen(client_flags[c].client) == end - base &&
            memcmp(args + base, client_flags[c].client, end - base) == 0)
            return (int)c;
    return -1;
}

/* One token: its ranges, and whether the next token is a secret. */
static void scan_token(const char *t, size_t n, int client, int first,
                       struct ranges *r, int *next_secret)
{
    memset(r, 0, sizeof(*r));
    if (!first && client >= 0) {
        const char *f = client_flags[client].flag;
        size_t fl = strlen(f);

        if (n == fl && memcmp(t, f, fl) == 0 && client_flags[client].separate)
            *next_secret = 1;
        else if (n > fl && memcmp(t, f, fl) == 0)
            add_range(r, fl, n);
    }
    if (!first && n > 1 && t[0] == '-' && memchr(t, '=', n) == NULL &&
        has_secret_word(t, n))
        *next_secret = 1;
    url_password(t, n, r);
    key_values(t, n, r);
}

int privacy_redact_args(const char *args, size_t len, char **out,
                        size_t *outlen)
{
    struct out o = {0};
    int client = client_of(args, len), secret = 0, changed = 0;

    *out = NULL;
    for (size_t i = 0; i < len;) {
        size_t e = i;
        struct ranges r;
        int next = 0;

        while (e < len && args[e] != ' ')
            e++;
        if (secret && e > i) {
            memset(&r, 0, sizeof(r));
            add_range(&r, 0, e - i);
        } else {
            scan_token(args + i, e - i, client, i == 0, &r, &next);
        }
        changed |= r.n > 0;
        if (emit_token(&o, args + i, e - i, &r) < 0 ||
            (e < len && put(&o, " ", 1) < 0)) {
            free(o.p);
            return -1;
        }
        secret = e > i ? next : secret;
        i = e < len ? e + 1 : e;
    }
    if (!changed) {
        free(o.p);
        return 0;
    }
    *out = o.p;
    *outlen = o.len;
    return 1;
}

/* The configured patterns, over the (possibly already redacted) value. */
static int redact_patterns(const regex_t *re, size_t nre, struct col_bytes *b)
{
    for (size_t k = 0; k < nre; k++) {
        struct out o = {0};
        const char *s = b->ptr;
        int changed = 0, flags = 0;
        regmatch_t m[2];

        while (*s != '\0' && regexec(&re[k], s, 2, m, flags) == 0) {
            int g = re[k].re_nsub > 0 && m[1].rm_so >= 0 ? 1 : 0;

            if (m[g].rm_so == m[g].rm_eo) { /* nothing to redact here */
                size_t adv = m[0].rm_eo > 0 ? (size_t)m[0].rm_eo : 1;

                if (put(&o, s, adv) < 0)
                    goto oom;
                s += adv;
                flags = REG_NOTBOL;
                continue;
            }
            if (put(&o, s, (size_t)m[g].rm_so) < 0 ||
                put(&o, PRIVACY_REDACTED, sizeof(PRIVACY_REDACTED) - 1) < 0 ||
                put(&o, s + m[g].rm_eo, (size_t)(m[0].rm_eo - m[g].rm_eo)) < 0)
                goto oom;
            changed = 1;
            s += m[0].rm_eo > 0 ? m[0].rm_eo : 1;
            flags = REG_NOTBOL;
        }
        if (changed) {
            if (put(&o, s, strlen(s)) < 0 || col_bytes_set(b, o.p, o.len) < 0)
                goto oom;
        }
        free(o.p);
        continue;
    oom:
        free(o.p);
        return -1;
    }
    return 0;
}

static int hidden(const struct uid_list *l, const struct proc_row *r)
{
    if (l->count == 0 && !l->all)
        return 0;
    return (r->missing & PROC_F_IDS) || uid_list_has(l, r->uid);
}

static int hide(struct col_bytes *b)
{
    if (b->ptr == NULL)
        return 0;
    return col_bytes_set(b, PRIVACY_HIDDEN, sizeof(PRIVACY_HIDDEN) - 1);
}

static int one_row(const struct config *cfg, const regex_t *re, size_t nre,
                   struct proc_row *r, size_t args_max)
{
    if (hidden(&cfg->hide_exe, r) && hide(&r->exe) < 0)
        return -1;
    if (hidden(&cfg->hide_cwd, r) && hide(&r->cwd) < 0)
        return -1;
    if (r->args.ptr == NULL)
        return 0;
    if (hidden(&cfg->hide_args, r)) {
        r->args_truncated = 0;
        return hide(&r->args);
    }
    if (cfg->args_redact) {
        char *red;
        size_t n;
        int rc = privacy_redact_args(r->args.ptr, r->args.len, &red, &n);

        if (rc < 0 || (rc == 1 && col_bytes_set(&r->args, red, n) < 0)) {
            free(red);
            return -1;
        }
        free(red);
    }
    if (redact_patterns(re, nre, &r->args) < 0)
        return -1;
    if (r->args.len > args_max) {
        r->args.len = args_max;
        r->args.ptr[args_max] = '\0';
        r->args_truncated = 1;
    }
    return 0;
}

int privacy_apply(const struct config *cfg, struct proc_list *l,
                  size_t args_max)
{
    size_t nre = cfg->redact_patterns.count, built = 0;
    regex_t *re = nre ? calloc(nre, sizeof(*re)) : NULL;
    int rc = 0;

    if (nre > 0 && re == NULL)
        return -1;
    /* Checked at load time: compiling again cannot fail but for memory. */
    for (; built < nre; built++)
        if (regcomp(&re[built], cfg->redact_patterns.items[built],
                    REG_EXTENDED) != 0) {
            rc = -1;
            break;
        }
    for (size_t i = 0; rc == 0 && i < l->count; i++)
        rc = one_row(cfg, re, nre, &l->rows[i], args_max);
    for (size_t i = 0; i < built; i++)
        regfree(&re[i]);
    free(re);
    return rc;
}
