/*
 * glob_check.c - see glob_check.h.
 */
#include "glob_check.h"

#include <string.h>

static const char *const classes[] = {
    "alnum", "alpha", "blank", "cntrl", "digit", "graph",
    "lower", "print", "punct", "space", "upper", "xdigit",
};

/* "[:name:]" at p (p points at '['); returns its length, 0 if the class
 * is unknown or unclosed. */
static size_t class_len(const char *p)
{
    const char *end = strstr(p + 2, ":]");

    if (end == NULL)
        return 0;
    for (size_t i = 0; i < sizeof(classes) / sizeof(classes[0]); i++)
        if (strlen(classes[i]) == (size_t)(end - (p + 2)) &&
            strncmp(classes[i], p + 2, (size_t)(end - (p + 2))) == 0)
            return (size_t)(end + 2 - p);
    return 0;
}

/* A bracket expression starting at p ('['); returns the index just past
 * its ']', or 0 when it is not closed or holds a bad class. */
static size_t bracket_end(const char *p, const char **why)
{
    size_t i = 1;

    if (p[i] == '!' || p[i] == '^')
        i++;
    if (p[i] == ']') /* a leading ']' is a member */
        i++;
    for (; p[i] != '\0'; i++) {
        if (p[i] == ']')
            return i + 1;
        if (p[i] == '\\' && p[i + 1] != '\0') {
            i++;
        } else if (p[i] == '[' && p[i + 1] == ':') {
            size_t n = class_len(p + i);

            if (n == 0) {
                *why = "unknown or unclosed character class \"[:...:]\"";
                return 0;
            }
            i += n - 1;
        }
    }
    *why = "'[' without its ']' (write \\[ for a literal bracket)";
    return 0;
}

int glob_check(const char *pat, const char **why)
{
    for (size_t i = 0; pat[i] != '\0';) {
        if (pat[i] == '\\') {
            if (pat[i + 1] == '\0') {
                *why = "ends with a lone backslash";
                return -1;
            }
            i += 2;
        } else if (pat[i] == '[') {
            size_t n = bracket_end(pat + i, why);

            if (n == 0)
                return -1;
            i += n;
        } else {
            i++;
        }
    }
    *why = NULL;
    return 0;
}
