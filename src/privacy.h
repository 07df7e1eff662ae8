/*
 * privacy.h - what the process table shows of other people's processes.
 *
 * Applied once per scan on the worker thread, to the rows of a freshly
 * built snapshot before it is handed to the main thread; requests only
 * ever see the result.  Missing bits are not touched: a hidden or
 * redacted value is a value that says so.
 *
 *   - args_redact (on by default): secrets in command lines become
 *     PRIVACY_REDACTED: the value of --password=..., --token ..., any
 *     NAME=VALUE whose NAME contains pass, secret, token, apikey, api-key,
 *     api_key, credential, private-key or pwd; -pSECRET of the MySQL and
 *     MariaDB clients and sshpass, -a SECRET of redis-cli; the password of
 *     scheme://user:password@host.  Arguments are seen joined by spaces,
 *     so a secret containing a space is redacted up to that space only.
 *   - args_redact_pattern ERE: the first group of each match (or the
 *     whole match when the pattern has none) is redacted too.
 *   - hide_args / hide_cwd / hide_exe all|USER...: the whole value is
 *     PRIVACY_HIDDEN for processes of those users (real uid; a process
 *     whose owner is unknown counts as everyone's).
 */
#ifndef SIA_PRIVACY_H
#define SIA_PRIVACY_H

#include "collector.h"

#include <stddef.h>

struct config;

#define PRIVACY_REDACTED "<redacted>"
#define PRIVACY_HIDDEN   "<hidden>"

/* Rewrites the rows of l.  args_max caps a command line that redaction
 * made longer (args_truncated is then set).  Returns 0, or -1 when out of
 * memory (the rows are then left partly rewritten: the caller drops
 * them). */
int privacy_apply(const struct config *cfg, struct proc_list *l,
                  size_t args_max);

/* The built-in redaction of one command line (for tests): writes the
 * result to a malloc'd *out.  Returns 1 when something was redacted, 0
 * when not (*out is then NULL), -1 when out of memory. */
int privacy_redact_args(const char *args, size_t len, char **out,
                        size_t *outlen);

#endif
