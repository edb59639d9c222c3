// Runs path commands given as arguments, to check where wasix4j mounts directories and where a
// program starts (wasmer's rules): cwd | cat PATH | write PATH TEXT | mv FROM TO | mkdir PATH.
// Relative paths are joined to the host-reported working directory (wasix getcwd), so the result
// does not depend on wasi-libc's own notion of a cwd.
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "wasix.h"

static char cwd[1024];

static const char *full(const char *p, char *buf, size_t n) {
    if (p[0] == '/') return p;
    snprintf(buf, n, "%s%s%s", cwd, strcmp(cwd, "/") == 0 ? "" : "/", p);
    return buf;
}

static int fail(const char *what, const char *path) {
    printf("%s %s: %s\n", what, path, strerror(errno));
    return 1;
}

int main(int argc, char **argv) {
    uint32_t len = sizeof cwd;
    if (wasix_getcwd(cwd, &len) != 0) {
        printf("getcwd failed\n");
        return 1;
    }
    cwd[len < sizeof cwd ? len : sizeof cwd - 1] = 0;
    cwd[strcspn(cwd, "\n")] = 0;
    char a[1100], b[1100];
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "cwd") == 0) {
            printf("cwd=%s\n", cwd);
        } else if (strcmp(argv[i], "cat") == 0 && i + 1 < argc) {
            const char *p = full(argv[++i], a, sizeof a);
            FILE *f = fopen(p, "r");
            if (!f) return fail("cat", p);
            char buf[256];
            size_t n = fread(buf, 1, sizeof buf - 1, f);
            buf[n] = 0;
            fclose(f);
            printf("%s", buf);
        } else if (strcmp(argv[i], "write") == 0 && i + 2 < argc) {
            const char *p = full(argv[++i], a, sizeof a);
            FILE *f = fopen(p, "w");
            if (!f) return fail("write", p);
            fputs(argv[++i], f);
            if (fclose(f) != 0) return fail("write", p);
        } else if (strcmp(argv[i], "mv") == 0 && i + 2 < argc) {
            const char *from = full(argv[++i], a, sizeof a);
            const char *to = full(argv[++i], b, sizeof b);
            if (rename(from, to) != 0) return fail("mv", from);
        } else if (strcmp(argv[i], "mkdir") == 0 && i + 1 < argc) {
            const char *p = full(argv[++i], a, sizeof a);
            if (mkdir(p, 0755) != 0) return fail("mkdir", p);
        } else {
            printf("unknown command %s\n", argv[i]);
            return 2;
        }
    }
    return 0;
}
