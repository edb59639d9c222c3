/* CGI guest: allocates and touches QUERY_STRING "mb=N" MiB (default 64). When the memory
 * limit refuses the growth it aborts (a trap: the server answers 502). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(void) {
    long mb = 64;
    const char *q = getenv("QUERY_STRING");
    if (q && strncmp(q, "mb=", 3) == 0) {
        mb = atol(q + 3);
    }
    /* volatile: the compiler may not drop an allocation whose contents are never read */
    char *volatile p = malloc((size_t) mb << 20);
    if (p == NULL) {
        fprintf(stderr, "alloc: malloc of %ld MiB failed\n", mb);
        abort();
    }
    memset(p, 1, (size_t) mb << 20);
    printf("Content-Type: text/plain\r\n\r\nallocated %ld MiB\n", mb + p[((size_t) mb << 20) - 1] - 1);
    return 0;
}
