/* CGI guest: writes to stderr (which must never reach the client), then traps before any
 * header is out. */
#include <stdio.h>

int main(void) {
    fputs("secret-stderr-detail: trap guest about to trap\n", stderr);
    __builtin_trap();
}
