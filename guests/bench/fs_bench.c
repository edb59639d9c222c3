// Small-file throughput: N rounds of create+write, read, stat and unlink of 1 KiB files in the
// directory given as argv[1]. Prints one line per phase with operations per second, timed by
// the guest's own monotonic clock so host start-up is not counted.
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define FILE_SIZE 1024

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec / 1e9;
}

static void report(const char *phase, int n, double seconds) {
    printf("%-8s %8d ops %10.0f ops/s\n", phase, n, n / seconds);
}

int main(int argc, char **argv) {
    if (argc < 2) {
        fprintf(stderr, "usage: fs_bench DIR [FILES]\n");
        return 2;
    }
    const char *dir = argv[1];
    int n = argc > 2 ? atoi(argv[2]) : 2000;
    char path[512], data[FILE_SIZE], back[FILE_SIZE];
    memset(data, 'x', sizeof data);

    double t = now();
    for (int i = 0; i < n; i++) {
        snprintf(path, sizeof path, "%s/f%d", dir, i);
        int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
        if (fd < 0 || write(fd, data, sizeof data) != sizeof data) { perror(path); return 1; }
        close(fd);
    }
    report("create", n, now() - t);

    t = now();
    for (int i = 0; i < n; i++) {
        snprintf(path, sizeof path, "%s/f%d", dir, i);
        int fd = open(path, O_RDONLY);
        if (fd < 0 || read(fd, back, sizeof back) != sizeof back) { perror(path); return 1; }
        close(fd);
    }
    report("read", n, now() - t);

    t = now();
    struct stat st;
    for (int i = 0; i < n; i++) {
        snprintf(path, sizeof path, "%s/f%d", dir, i);
        if (stat(path, &st) != 0 || st.st_size != FILE_SIZE) { perror(path); return 1; }
    }
    report("stat", n, now() - t);

    t = now();
    for (int i = 0; i < n; i++) {
        snprintf(path, sizeof path, "%s/f%d", dir, i);
        if (unlink(path) != 0) { perror(path); return 1; }
    }
    report("unlink", n, now() - t);
    return 0;
}
