// The devices programs open without asking: /dev/null swallows and reads empty, /dev/zero reads
// zeros, /dev/urandom reads random bytes; each stats as a character device.
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int main(void) {
    char buf[64];
    struct stat st;
    int null = open("/dev/null", O_RDWR);
    int ok = null >= 0 && write(null, "gone", 4) == 4 && read(null, buf, sizeof buf) == 0;
    int zero = open("/dev/zero", O_RDONLY);
    memset(buf, 1, sizeof buf);
    ok = ok && zero >= 0 && read(zero, buf, sizeof buf) == sizeof buf && buf[0] == 0 && buf[63] == 0;
    int rnd = open("/dev/urandom", O_RDONLY);
    int nonzero = 0;
    ok = ok && rnd >= 0 && read(rnd, buf, sizeof buf) == sizeof buf;
    for (unsigned i = 0; i < sizeof buf; i++) nonzero += buf[i] != 0;
    ok = ok && nonzero > 32 && stat("/dev/null", &st) == 0 && S_ISCHR(st.st_mode);
    printf("%s\n", ok ? "devices ok" : "devices FAILED");
    return ok ? 0 : 1;
}
