/*
 * mmaplock.c - a process whose mmap lock stays held: the "ps hangs" case.
 *
 *   mmaplock FILE
 *
 * Maps FILE (on a hangfs mount), prints "mapped" and waits for SIGUSR1.
 * Then one thread reads the mapping - with the hangfs daemon stopped
 * (SIGSTOP) that read waits on FUSE while holding the mmap lock for
 * reading - and, 300 ms later, the main thread maps more memory, which
 * queues for the lock for writing.  From then on every reader of this
 * process's /proc/PID/cmdline blocks (the kernel takes the lock for
 * reading behind the queued writer) until the daemon resumes.  Prints
 * "locked" just before that mmap; runs until killed.
 */
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

static volatile const char *g_map;

/* Reads the mapping through /proc/self/mem: the kernel then faults the
 * page in with the mmap lock held for reading and no way to drop it while
 * FUSE answers (a plain page fault would use the VMA lock on kernels >=
 * 6.4, or drop the mmap lock for the I/O). */
static void *toucher(void *arg)
{
    char c;
    int fd = open("/proc/self/mem", O_RDONLY);

    (void)arg;
    if (fd >= 0 && pread(fd, &c, 1, (off_t)(uintptr_t)(g_map + 8192)) < 0)
        perror("mmaplock: /proc/self/mem");
    return NULL;
}

int main(int argc, char **argv)
{
    struct timespec delay = {0, 300000000L};
    pthread_t t1;
    sigset_t set;
    int fd, sig;

    if (argc != 2) {
        fprintf(stderr, "usage: mmaplock FILE\n");
        return 2;
    }
    fd = open(argv[1], O_RDONLY);
    if (fd < 0) {
        perror(argv[1]);
        return 1;
    }
    g_map = mmap(NULL, 1u << 20, PROT_READ, MAP_SHARED, fd, 0);
    if (g_map == MAP_FAILED) {
        perror("mmap");
        return 1;
    }
    sigemptyset(&set);
    sigaddset(&set, SIGUSR1);
    sigprocmask(SIG_BLOCK, &set, NULL);
    printf("mapped\n");
    fflush(stdout);
    sigwait(&set, &sig);
    if (pthread_create(&t1, NULL, toucher, NULL) != 0)
        return 1;
    nanosleep(&delay, NULL);
    printf("locked\n");
    fflush(stdout);
    /* Queues for the lock for writing (blocks until the daemon resumes). */
    if (mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
             -1, 0) == MAP_FAILED)
        perror("mmaplock: mmap");
    for (;;)
        pause();
}
