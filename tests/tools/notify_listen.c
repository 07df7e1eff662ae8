/*
 * notify_listen.c - stands in for systemd's end of sd_notify(3) in tests.
 *
 *   notify_listen SOCKET_PATH
 *
 * Binds a unix datagram socket at SOCKET_PATH (give it to the daemon as
 * NOTIFY_SOCKET) and prints one line per datagram received, flushed at
 * once:
 *     MS PID MESSAGE
 * MS: milliseconds since the listener started (monotonic clock); PID: the
 * sender, from the kernel's credentials (as systemd checks NotifyAccess=);
 * MESSAGE: the datagram with its newlines shown as '|'
 * ("READY=1|STATUS=...").  Runs until SIGTERM/SIGINT, then removes the
 * socket and exits 0.
 */
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
    (void)sig;
    stop = 1;
}

static long long now_ms(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static int open_socket(const char *path)
{
    struct sockaddr_un sa = {.sun_family = AF_UNIX};
    int one = 1;
    int fd;

    if (strlen(path) >= sizeof(sa.sun_path)) {
        fprintf(stderr, "notify_listen: path too long: %s\n", path);
        return -1;
    }
    strcpy(sa.sun_path, path);
    fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (fd < 0 || setsockopt(fd, SOL_SOCKET, SO_PASSCRED, &one, sizeof(one)) ||
        bind(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
        perror("notify_listen");
        return -1;
    }
    return fd;
}

/* Receives one datagram; returns its length, the sender's pid in *pid
 * (0 if the kernel gave none), or -1. */
static ssize_t receive(int fd, char *buf, size_t len, pid_t *pid)
{
    union {
        struct cmsghdr h;
        char space[CMSG_SPACE(sizeof(struct ucred))];
    } ctl;
    struct iovec iov = {.iov_base = buf, .iov_len = len};
    struct msghdr mh = {.msg_iov = &iov,
                        .msg_iovlen = 1,
                        .msg_control = &ctl,
                        .msg_controllen = sizeof(ctl)};
    ssize_t n = recvmsg(fd, &mh, 0);

    *pid = 0;
    if (n < 0)
        return -1;
    for (struct cmsghdr *c = CMSG_FIRSTHDR(&mh); c; c = CMSG_NXTHDR(&mh, c))
        if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_CREDENTIALS) {
            struct ucred uc;

            memcpy(&uc, CMSG_DATA(c), sizeof(uc));
            *pid = uc.pid;
        }
    return n;
}

int main(int argc, char **argv)
{
    struct sigaction sa = {.sa_handler = on_signal};
    long long t0 = now_ms();
    char buf[4096];
    int fd;

    if (argc != 2) {
        fprintf(stderr, "usage: notify_listen SOCKET_PATH\n");
        return 2;
    }
    sigaction(SIGTERM, &sa, NULL); /* no SA_RESTART: recvmsg returns */
    sigaction(SIGINT, &sa, NULL);
    fd = open_socket(argv[1]);
    if (fd < 0)
        return 1;
    while (!stop) {
        pid_t pid;
        ssize_t n = receive(fd, buf, sizeof(buf) - 1, &pid);

        if (n < 0)
            continue;
        for (ssize_t i = 0; i < n; i++)
            if (buf[i] == '\n')
                buf[i] = '|';
        buf[n] = '\0';
        printf("%lld %ld %s\n", now_ms() - t0, (long)pid, buf);
        fflush(stdout);
    }
    close(fd);
    unlink(argv[1]);
    return 0;
}
