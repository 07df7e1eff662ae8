/*
 * abspath.c - see abspath.h.
 */
#include "abspath.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

char *abspath_dup(const char *path)
{
    char cwd[PATH_MAX];
    char *out;

    if (path == NULL)
        return NULL;
    if (path[0] == '/')
        return strdup(path);
    if (getcwd(cwd, sizeof(cwd)) == NULL)
        return NULL;
    if (asprintf(&out, "%s%s%s", cwd, strcmp(cwd, "/") == 0 ? "" : "/", path) <
        0)
        return NULL;
    return out;
}
