// Preview1's four socket calls on descriptors that are not sockets, raw and through libc.
// POSIX order: an unknown descriptor is EBADF (8), an open non-socket (stdin) is ENOTSOCK (57),
// both decided before any pointer or flag is looked at. Prints one "call target=errno" per line.
#include <errno.h>
#include <stdio.h>
#include <sys/socket.h>
#include <wasi/api.h>

#define NO_SUCH_FD 99
#define STDIN 0
// far outside a 1-page-or-so memory: would be EFAULT if the host looked at it first
#define BAD_PTR ((void *)0xfffffff0u)

static void raw(int fd, const char *target) {
    __wasi_fd_t newfd;
    char buf[8];
    __wasi_iovec_t iov = {.buf = (uint8_t *)buf, .buf_len = sizeof buf};
    __wasi_ciovec_t ciov = {.buf = (const uint8_t *)buf, .buf_len = sizeof buf};
    __wasi_size_t n;
    __wasi_roflags_t roflags;
    printf("sock_accept %s=%d\n", target, __wasi_sock_accept(fd, 0, &newfd));
    printf("sock_recv %s=%d\n", target, __wasi_sock_recv(fd, &iov, 1, 0, &n, &roflags));
    printf("sock_send %s=%d\n", target, __wasi_sock_send(fd, &ciov, 1, 0, &n));
    printf("sock_shutdown %s=%d\n", target, __wasi_sock_shutdown(fd, __WASI_SDFLAGS_RD | __WASI_SDFLAGS_WR));
    printf("sock_recv_badptr %s=%d\n", target, __wasi_sock_recv(fd, BAD_PTR, 1, 0, BAD_PTR, BAD_PTR));
    printf("sock_send_badptr %s=%d\n", target, __wasi_sock_send(fd, BAD_PTR, 1, 0, BAD_PTR));
}

static void libc(int fd, const char *target) {
    char buf[8] = {0};
    errno = 0;
    int r = accept(fd, NULL, NULL);
    printf("accept %s=%d errno=%d\n", target, r, errno);
    errno = 0;
    r = (int)recv(fd, buf, sizeof buf, 0);
    printf("recv %s=%d errno=%d\n", target, r, errno);
    errno = 0;
    r = (int)send(fd, buf, sizeof buf, 0);
    printf("send %s=%d errno=%d\n", target, r, errno);
    errno = 0;
    r = shutdown(fd, SHUT_RDWR);
    printf("shutdown %s=%d errno=%d\n", target, r, errno);
}

int main(void) {
    raw(NO_SUCH_FD, "badfd");
    raw(STDIN, "stdin");
    libc(NO_SUCH_FD, "badfd");
    libc(STDIN, "stdin");
    return 0;
}
