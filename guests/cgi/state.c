/* CGI guest: reports what it finds of earlier requests, then leaves traces for later ones. Every
 * request must see its memory as the module declares it: the initialized global as built, the
 * zero-initialized one zero, and none of the 0x55 bytes an earlier request left in its heap in the
 * heap it mallocs (QUERY_STRING "kb=N", default 64 KiB; past the memory's initial size this grows
 * it), however the server reuses memories. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char greeting[16] = "initial";
static int visits;

int main(void) {
    long kb = 64;
    const char *q = getenv("QUERY_STRING");
    if (q && strncmp(q, "kb=", 3) == 0) {
        kb = atol(q + 3);
    }
    size_t n = (size_t) kb << 10;
    unsigned char *volatile heap = malloc(n);
    if (heap == NULL) {
        abort();
    }
    size_t dirty = 0;
    for (size_t i = 0; i < n; i++) {
        dirty += heap[i] == 0x55;
    }
    printf("Content-Type: text/plain\r\n\r\nvisits=%d greeting=%s dirty=%zu\n", visits, greeting, dirty);
    visits++;
    strcpy(greeting, "changed");
    memset(heap, 0x55, n);
    return 0;
}
