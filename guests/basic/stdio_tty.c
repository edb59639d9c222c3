/* What the guest's libc sees of its stdio (RunCommandTest): isatty() of fds 0-2, then with
   "trap" a printed line and a trap: the line reaches stdout only if stdout is line-buffered. */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int main(int argc, char **argv) {
    printf("isatty %d %d %d\n", isatty(0), isatty(1), isatty(2));
    if (argc > 1 && !strcmp(argv[1], "trap")) {
        printf("before the trap\n");
        __builtin_trap();
    }
    return 0;
}
