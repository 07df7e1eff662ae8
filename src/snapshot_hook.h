/*
 * snapshot_hook.h - something derived from a finished snapshot (the MIB
 * layer's skip arrays), built on the worker thread right after the
 * snapshot and freed with it.
 *
 * The data layer (proc_snapshot.c, mount_snapshot.c) only calls the hook
 * it is handed; it never includes the MIB layer that provides it.
 */
#ifndef SIA_SNAPSHOT_HOOK_H
#define SIA_SNAPSHOT_HOOK_H

#include <stddef.h>

struct snapshot_hook {
    /* Returns the derived structure, or NULL (out of memory: the readers
     * must cope without it). */
    void *(*build)(const void *snapshot);
    void (*free)(void *derived);
};

struct snapshot_extra {
    const struct snapshot_hook *hook; /* NULL: nothing attached */
    void *data;
};

/* Builds h's structure over `snapshot` into x (h may be NULL). */
static inline void snapshot_extra_attach(struct snapshot_extra *x,
                                         const struct snapshot_hook *h,
                                         const void *snapshot)
{
    x->hook = h;
    x->data = h != NULL ? h->build(snapshot) : NULL;
}

static inline void snapshot_extra_free(struct snapshot_extra *x)
{
    if (x->hook != NULL && x->data != NULL)
        x->hook->free(x->data);
    x->hook = NULL;
    x->data = NULL;
}

#endif
