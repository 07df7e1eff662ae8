/*
 * scantime.c - times the agent's own process scan: the process source's
 * build (collector, user names, children, skip arrays) exactly as the
 * worker thread runs it, on the live /proc, several times in one process
 * (so caches are warm as in the daemon).
 *
 *   scantime [RUNS]   prints one line per run: "<ms> <rows>", then
 *                     "rss_kb <VmHWM>" of this process
 */
#include "config.h"
#include "mib_process.h"
#include "proc_snapshot.h"
#include "source.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now_ms(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static void print_hwm(void)
{
    char line[256];
    FILE *f = fopen("/proc/self/status", "r");

    while (f != NULL && fgets(line, sizeof(line), f) != NULL)
        if (strncmp(line, "VmHWM:", 6) == 0)
            printf("rss_kb %ld\n", strtol(line + 6, NULL, 10));
    if (f != NULL)
        fclose(f);
}

int main(int argc, char **argv)
{
    int runs = argc > 1 ? atoi(argv[1]) : 1;
    struct config cfg;
    struct collector_options copt = {.proc_root = "/proc"};
    struct source_env env = {.cfg = &cfg, .collector = &copt};
    void *state = NULL;
    char err[256];

    config_defaults(&cfg);
    copt.args_max = cfg.args_max;
    for (int r = 0; r < runs; r++) {
        double t0 = now_ms();
        struct proc_snapshot *s =
            mib_process_source.build(&state, &env, err, sizeof(err));

        if (s == NULL) {
            fprintf(stderr, "scantime: %s\n", err);
            return 1;
        }
        printf("%.2f %zu\n", now_ms() - t0, s->procs.count);
        mib_process_source.free(s);
    }
    mib_process_source.state_free(state);
    config_free(&cfg);
    print_hwm();
    return 0;
}
