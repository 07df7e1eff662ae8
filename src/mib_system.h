/*
 * mib_system.h - sysinfoSystem scalars (ctx: struct mib_view).
 */
#ifndef SIA_MIB_SYSTEM_H
#define SIA_MIB_SYSTEM_H

#include "mib.h"

extern const struct mib_group mib_system_group;

#endif
