// Prints, then executes `unreachable`: the host must report the trap and exit non-zero.
#include <stdio.h>

int main(void) {
    printf("before trap\n");
    fflush(stdout);
    __builtin_trap();
}
