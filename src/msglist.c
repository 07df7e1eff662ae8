/*
 * msglist.c - bounded list of log messages built off the main thread.
 */
#include "msglist.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void msglist_add(struct msglist *l, int priority, const char *fmt, ...)
{
    va_list ap;
    char *text = NULL;
    int n;

    if (l->count >= MSGLIST_MAX) {
        l->dropped++;
        return;
    }
    if (l->count == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 8;
        struct msg *p = realloc(l->items, cap * sizeof(*p));

        if (p == NULL) {
            l->dropped++;
            return;
        }
        l->items = p;
        l->cap = cap;
    }
    va_start(ap, fmt);
    n = vasprintf(&text, fmt, ap);
    va_end(ap);
    if (n < 0) {
        l->dropped++;
        return;
    }
    l->items[l->count].priority = priority;
    l->items[l->count].text = text;
    l->count++;
}

void msglist_free(struct msglist *l)
{
    for (size_t i = 0; i < l->count; i++)
        free(l->items[i].text);
    free(l->items);
    l->items = NULL;
    l->count = l->cap = l->dropped = 0;
}

static int memo_has(const struct msgmemo *m, const char *text)
{
    for (size_t i = 0; i < m->count; i++)
        if (strcmp(m->texts[i], text) == 0)
            return 1;
    return 0;
}

void msgmemo_filter(struct msgmemo *m, const struct msglist *l,
                    void (*emit)(const struct msg *msg, void *ctx), void *ctx)
{
    char **texts = l->count ? calloc(l->count, sizeof(*texts)) : NULL;
    size_t kept = 0;

    for (size_t i = 0; i < l->count; i++) {
        if (!memo_has(m, l->items[i].text))
            emit(&l->items[i], ctx);
        if (texts != NULL && (texts[kept] = strdup(l->items[i].text)))
            kept++;
    }
    /* Out of memory: an empty memo only means repeats get logged. */
    msgmemo_free(m);
    m->texts = texts;
    m->count = kept;
}

void msgmemo_free(struct msgmemo *m)
{
    for (size_t i = 0; i < m->count; i++)
        free(m->texts[i]);
    free(m->texts);
    m->texts = NULL;
    m->count = 0;
}
