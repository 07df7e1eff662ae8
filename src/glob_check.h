/*
 * glob_check.h - is a configuration glob well formed?
 *
 * fnmatch(3) takes any string: an unclosed bracket such as "[[[" quietly
 * matches itself only, which is never what the administrator meant.  The
 * configuration refuses such patterns at load time instead.
 */
#ifndef SIA_GLOB_CHECK_H
#define SIA_GLOB_CHECK_H

/* 0 when pat is a well-formed fnmatch pattern (flags 0); otherwise -1
 * and *why says what is wrong (static text). */
int glob_check(const char *pat, const char **why);

#endif
