/*
 * memstat.c - the agent's own heap (glibc's mallinfo2, every arena),
 * resident set (/proc/self/statm) and open descriptors (/proc/self/fd).
 * The agent's own /proc, not --proc-root: this is about this process.
 *
 * Under AddressSanitizer or ThreadSanitizer malloc is theirs, not glibc's:
 * the heap figures then come from the sanitizer's allocator.
 */
#include "memstat.h"

#include <dirent.h>
#include <fcntl.h>
#include <malloc.h>
#include <stdio.h>
#include <unistd.h>

#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define SIA_SANITIZER_HEAP 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer)
#define SIA_SANITIZER_HEAP 1
#endif
#endif

#ifdef SIA_SANITIZER_HEAP
/* <sanitizer/allocator_interface.h>, which gcc does not install. */
size_t __sanitizer_get_current_allocated_bytes(void);
size_t __sanitizer_get_heap_size(void);
#endif

static int64_t count_fds(void)
{
    DIR *d = opendir("/proc/self/fd");
    struct dirent *e;
    int64_t n = 0;

    if (d == NULL)
        return -1;
    while ((e = readdir(d)) != NULL)
        if (e->d_name[0] != '.')
            n++;
    closedir(d);
    return n - 1; /* the directory's own descriptor */
}

static int64_t resident_bytes(void)
{
    FILE *f = fopen("/proc/self/statm", "re");
    unsigned long long size, resident;
    int ok;

    if (f == NULL)
        return -1;
    ok = fscanf(f, "%llu %llu", &size, &resident) == 2;
    fclose(f);
    return ok ? (int64_t)resident * sysconf(_SC_PAGESIZE) : -1;
}

void memstat_read(struct memstat *out)
{
#if defined(SIA_SANITIZER_HEAP)
    out->heap_used = (int64_t)__sanitizer_get_current_allocated_bytes();
    out->heap_total = (int64_t)__sanitizer_get_heap_size();
#elif defined(__GLIBC__) &&                                                    \
    (__GLIBC__ > 2 || (__GLIBC__ == 2 && __GLIBC_MINOR__ >= 33))
    struct mallinfo2 mi = mallinfo2();

    out->heap_used = (int64_t)(mi.uordblks + mi.hblkhd);
    out->heap_total = (int64_t)(mi.arena + mi.hblkhd);
#else
    out->heap_used = -1;
    out->heap_total = -1;
#endif
    out->rss = resident_bytes();
    out->fds = count_fds();
}

void memstat_release(void)
{
#if defined(__GLIBC__) && !defined(SIA_SANITIZER_HEAP)
    malloc_trim(0);
#endif
}

void memstat_setup(void)
{
#if defined(__GLIBC__) && !defined(SIA_SANITIZER_HEAP)
    mallopt(M_MMAP_THRESHOLD, 128 * 1024); /* glibc's default, now fixed */
#endif
}
