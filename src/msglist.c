/*
 * msglist.c - bounded list of log messages built off the main thread.
 */
#include "msglist.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

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
