/*
 * abspath.h - relative paths made absolute before the daemon leaves its
 * working directory (daemonizing changes it to "/").
 */
#ifndef SIA_ABSPATH_H
#define SIA_ABSPATH_H

/* A malloc'd absolute spelling of path: itself if it starts with '/',
 * else the current directory joined with it (symlinks are not resolved,
 * the file need not exist).  NULL for NULL or on error. */
char *abspath_dup(const char *path);

#endif
