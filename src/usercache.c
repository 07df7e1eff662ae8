/*
 * usercache.c - uid -> user name cache (see usercache.h).
 */
#include "usercache.h"

#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Entries unused for this many refreshes are forgotten. */
#define USERCACHE_MAX_AGE 12

struct uc_entry {
    uint32_t uid;
    unsigned last_gen;
    char *name;
};

struct usercache {
    struct uc_entry *items;
    size_t count, cap;
    unsigned gen;
    size_t last_hit;
};

struct usercache *usercache_new(void)
{
    return calloc(1, sizeof(struct usercache));
}

void usercache_free(struct usercache *uc)
{
    if (uc == NULL)
        return;
    for (size_t i = 0; i < uc->count; i++)
        free(uc->items[i].name);
    free(uc->items);
    free(uc);
}

static char *lookup(uint32_t uid)
{
    struct passwd pw, *res = NULL;
    char buf[1024];
    char num[16];

    if (getpwuid_r((uid_t)uid, &pw, buf, sizeof(buf), &res) == 0 &&
        res != NULL && res->pw_name != NULL)
        return strdup(res->pw_name);
    snprintf(num, sizeof(num), "%u", uid);
    return strdup(num);
}

static struct uc_entry *find(struct usercache *uc, uint32_t uid)
{
    if (uc->last_hit < uc->count && uc->items[uc->last_hit].uid == uid)
        return &uc->items[uc->last_hit];
    for (size_t i = 0; i < uc->count; i++) {
        if (uc->items[i].uid == uid) {
            uc->last_hit = i;
            return &uc->items[i];
        }
    }
    return NULL;
}

const char *usercache_name(struct usercache *uc, uint32_t uid)
{
    struct uc_entry *e = find(uc, uid);
    char *name;

    if (e != NULL) {
        e->last_gen = uc->gen;
        return e->name;
    }
    if (uc->count == uc->cap) {
        size_t cap = uc->cap ? uc->cap * 2 : 16;
        struct uc_entry *p = realloc(uc->items, cap * sizeof(*p));

        if (p == NULL)
            return NULL;
        uc->items = p;
        uc->cap = cap;
    }
    name = lookup(uid);
    if (name == NULL)
        return NULL;
    e = &uc->items[uc->count++];
    e->uid = uid;
    e->name = name;
    e->last_gen = uc->gen;
    return name;
}

void usercache_sweep(struct usercache *uc)
{
    size_t keep = 0;

    for (size_t i = 0; i < uc->count; i++) {
        if (uc->gen - uc->items[i].last_gen > USERCACHE_MAX_AGE) {
            free(uc->items[i].name);
            continue;
        }
        uc->items[keep++] = uc->items[i];
    }
    uc->count = keep;
    uc->last_hit = 0;
    uc->gen++;
}
