/*
 * proc_snapshot.c - building one process snapshot (worker thread only).
 */
#include "proc_snapshot.h"

#include "config.h"
#include "privacy.h"
#include "proc_compact.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>
#include <syslog.h>

struct pid_key {
    const struct proc_snapshot *s;
    int32_t pid;
};

static int pid_below(const void *ctx, size_t i)
{
    const struct pid_key *k = ctx;

    return k->s->procs.rows[i].pid < k->pid;
}

size_t proc_snapshot_find(const struct proc_snapshot *s, int32_t pid)
{
    struct pid_key k = {s, pid};
    size_t pos = sia_partition(s->procs.count, &k, pid_below);

    if (pos < s->procs.count && s->procs.rows[pos].pid == pid)
        return pos;
    return (size_t)-1;
}

/* Children: one pass over the rows, each parent found by binary search. */
static int count_children(struct proc_snapshot *s)
{
    size_t n = s->procs.count;

    s->children = calloc(n ? n : 1, sizeof(*s->children));
    if (s->children == NULL)
        return -1;
    for (size_t i = 0; i < n; i++) {
        const struct proc_row *r = &s->procs.rows[i];
        size_t p;

        s->thread_total += (r->missing & PROC_F_THREADS) ? 0 : r->threads;
        if (r->missing & PROC_F_PPID)
            continue;
        p = proc_snapshot_find(s, r->ppid);
        if (p != (size_t)-1)
            s->children[p]++;
    }
    return 0;
}

/* User names: the snapshot owns one copy per distinct uid, so it stays
 * valid on the main thread whatever the cache does meanwhile. */
static const char *own_name(struct proc_snapshot *s, const char *name)
{
    char **p;

    for (size_t i = 0; i < s->user_name_count; i++)
        if (strcmp(s->user_names[i], name) == 0)
            return s->user_names[i];
    p = realloc(s->user_names, (s->user_name_count + 1) * sizeof(*p));
    if (p == NULL)
        return NULL;
    s->user_names = p;
    p[s->user_name_count] = strdup(name);
    if (p[s->user_name_count] == NULL)
        return NULL;
    return p[s->user_name_count++];
}

static int resolve_users(struct proc_snapshot *s, struct usercache *uc)
{
    size_t n = s->procs.count;
    uint32_t last_uid = 0;
    const char *last = NULL;

    s->users = calloc(n ? n : 1, sizeof(*s->users));
    if (s->users == NULL)
        return -1;
    for (size_t i = 0; i < n; i++) {
        const struct proc_row *r = &s->procs.rows[i];
        const char *name;

        if (r->missing & PROC_F_IDS)
            continue;
        if (last != NULL && r->uid == last_uid) {
            s->users[i] = last;
            continue;
        }
        name = usercache_name(uc, r->uid);
        s->users[i] = name ? own_name(s, name) : NULL;
        last = s->users[i];
        last_uid = r->uid;
    }
    usercache_sweep(uc);
    return 0;
}

struct proc_snapshot *proc_snapshot_build(struct collector *c,
                                          struct usercache *uc,
                                          const struct snapshot_hook *hook)
{
    struct proc_snapshot *s = calloc(1, sizeof(*s));
    enum col_status st;

    if (s == NULL)
        return NULL;
    s->taken_mono_ms = sia_mono_ms();
    st = collector_system(c, &s->sys);
    s->sys_ok = st == COL_OK;
    if (!s->sys_ok)
        msglist_add(&s->msgs, LOG_ERR, "system information: %s",
                    col_status_str(st));
    st = collector_processes(c, &s->procs);
    s->procs_ok = st == COL_OK;
    if (!s->procs_ok) {
        msglist_add(&s->msgs, LOG_ERR, "process table: %s", col_status_str(st));
        proc_list_free(&s->procs);
    }
    if (count_children(s) < 0 || resolve_users(s, uc) < 0) {
        proc_snapshot_free(s);
        return NULL;
    }
    snapshot_extra_attach(&s->sparse, hook, s);
    return s;
}

int proc_snapshot_finish(struct proc_snapshot *s, const struct config *cfg)
{
    if (proc_snapshot_watch(s, &cfg->alerts) < 0 ||
        privacy_apply(cfg, &s->procs, cfg->args_max) < 0)
        return -1;
    if (s->strings == NULL)
        s->strings = proc_compact(&s->procs); /* NULL: left as it was */
    return 0;
}

void proc_snapshot_free(struct proc_snapshot *s)
{
    if (s == NULL)
        return;
    snapshot_extra_free(&s->sparse);
    watch_table_free(&s->watches); /* before the set it points into */
    watch_set_free(s->watch_set);
    sys_info_free(&s->sys);
    if (s->strings != NULL) {
        free(s->procs.rows); /* the strings point into s->strings */
        free(s->strings);
    } else {
        proc_list_free(&s->procs);
    }
    free(s->users);
    for (size_t i = 0; i < s->user_name_count; i++)
        free(s->user_names[i]);
    free(s->user_names);
    free(s->children);
    msglist_free(&s->msgs);
    free(s);
}

int proc_snapshot_watch(struct proc_snapshot *s, const struct cfg_alerts *a)
{
    if (!s->procs_ok)
        return 0;
    s->watch_set = watch_set_new(a->watches, a->watch_count);
    if (s->watch_set == NULL || watch_evaluate(s->watch_set, s->procs.rows,
                                               s->procs.count, &s->watches) < 0)
        return -1;
    s->watches_ok = 1;
    return 0;
}

struct proc_snapshot *proc_snapshot_failed(const char *why)
{
    struct proc_snapshot *s = calloc(1, sizeof(*s));

    if (s == NULL)
        return NULL;
    s->taken_mono_ms = sia_mono_ms();
    msglist_add(&s->msgs, LOG_ERR, "process table: %s", why);
    return s;
}
