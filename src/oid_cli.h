/*
 * oid_cli.h - `sysinfo-agentx --oid mount PATH` and `--oid watch NAME`:
 * the OIDs of a mount's or a watch's row, computed from the path or the
 * name alone (no agent, no master, no configuration needed).
 */
#ifndef SIA_OID_CLI_H
#define SIA_OID_CLI_H

#include <stddef.h>
#include <stdio.h>

/* Prints one line per readable column of the row:
 *   NUMERIC-OID SYSINFO-MIB::columnName.INDEX
 * kind is "mount" (arg: a mount point) or "watch" (arg: a watch name).
 * The mount index is the hash of the path (sysinfoMountIndex), what the
 * agent serves unless another mount point of the host collides with it
 * in 31 bits or several mounts are stacked on the path.  Returns 0, or
 * -1 with a reason in err. */
int oid_cli_print(FILE *out, const char *kind, const char *arg, char *err,
                  size_t errlen);

#endif
