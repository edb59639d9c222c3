/* CGI guest: prints a line that is not a CGI header and exits; the server answers 502. */
#include <stdio.h>

int main(void) {
    fputs("secret-stderr-detail: no header guest\n", stderr);
    puts("this is not a header");
    return 0;
}
