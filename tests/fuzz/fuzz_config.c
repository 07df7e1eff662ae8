/*
 * fuzz_config.c - sysinfo-agentx.conf: the input is a whole file.
 *
 * It goes through config_load_file (a memfd, so NUL bytes and the exact
 * length reach the parser as from disk) on top of an earlier load, and
 * through config_load_string (up to the first NUL).  A load either
 * succeeds or says FILE:LINE: reason; a successful one is then queried.
 */
#include "config.h"
#include "fuzz.h"
#include "mount_filter.h"
#include "signal_policy.h"

#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

static int memfd = -1;
static char memfd_path[64];

static void query(const struct config *cfg, const uint8_t *data, size_t size)
{
    char word[32];
    size_t n = size < sizeof(word) - 1 ? size : sizeof(word) - 1;

    memcpy(word, data, n);
    word[n] = '\0';
    (void)mount_filter_shown(cfg, word, word, 0);
    (void)mount_filter_shown(cfg, "tmpfs", "/run/user/1000", 1);
    (void)mount_filter_statfs_allowed(cfg, word);
    (void)signal_policy_number(word);
}

static void load_file(const uint8_t *data, size_t size)
{
    struct config cfg;
    char err[512];

    if (ftruncate(memfd, 0) < 0 ||
        (size > 0 && pwrite(memfd, data, size, 0) != (ssize_t)size))
        return;
    config_defaults(&cfg);
    err[0] = '\0';
    FUZZ_CHECK(config_load_string(&cfg, "base",
                                  "signals_allow TERM\n"
                                  "mount_exclude_type tmpfs\n",
                                  err, sizeof(err)) == 0);
    if (config_load_file(&cfg, memfd_path, err, sizeof(err)) == 0)
        query(&cfg, data, size);
    else
        FUZZ_CHECK(strncmp(err, memfd_path, strlen(memfd_path)) == 0);
    config_free(&cfg);
}

static void load_string(const uint8_t *data, size_t size)
{
    struct config cfg;
    char err[512];
    char *text = malloc(size + 1);

    if (text == NULL)
        return;
    memcpy(text, data, size);
    text[size] = '\0';
    config_defaults(&cfg);
    err[0] = '\0';
    if (config_load_string(&cfg, "fuzz.conf", text, err, sizeof(err)) == 0)
        query(&cfg, data, size);
    else
        FUZZ_CHECK(strncmp(err, "fuzz.conf:", 10) == 0);
    config_free(&cfg);
    free(text);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (memfd < 0) {
        memfd = memfd_create("fuzz.conf", MFD_CLOEXEC);
        if (memfd < 0)
            abort();
        snprintf(memfd_path, sizeof(memfd_path), "/proc/self/fd/%d", memfd);
    }
    load_file(data, size);
    load_string(data, size);
    return 0;
}
