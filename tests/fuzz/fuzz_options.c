/*
 * fuzz_options.c - the command line.  The input is split at NUL bytes
 * into arguments (at most 32), each its own heap block of exactly its
 * size, after argv[0] = "sysinfo-agentx"; options_parse then runs over
 * that argv.  Every argument is freed before the next input, so state
 * kept from one parse into the next (getopt's) shows as a use after
 * free.
 */
#include "fuzz.h"
#include "options.h"

#include <string.h>

#define MAX_ARGS 32

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *argv[MAX_ARGS + 2];
    int argc = 0;
    size_t pos = 0;
    struct options o;
    char err[256];

    argv[argc++] = strdup("sysinfo-agentx");
    while (pos <= size && argc <= MAX_ARGS) {
        const uint8_t *nul = memchr(data + pos, 0, size - pos);
        size_t n = nul != NULL ? (size_t)(nul - (data + pos)) : size - pos;

        argv[argc] = malloc(n + 1);
        if (argv[argc] == NULL)
            break;
        memcpy(argv[argc], data + pos, n);
        argv[argc++][n] = '\0';
        pos += n + 1;
    }
    argv[argc] = NULL;
    err[0] = '\0';
    if (options_parse(&o, argc, argv, err, sizeof(err)) < 0)
        FUZZ_CHECK(err[0] != '\0');
    else
        FUZZ_CHECK(o.proc_root != NULL);
    options_free(&o);
    for (int i = 0; i < argc; i++)
        free(argv[i]);
    return 0;
}
