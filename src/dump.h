/*
 * dump.h - print every table as text (the --dump mode).
 */
#ifndef SIA_DUMP_H
#define SIA_DUMP_H

#include <stdio.h>

struct mib_view;

void dump_all(FILE *out, const struct mib_view *view);

#endif
