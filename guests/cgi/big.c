/* CGI guest: streams a large body of a known pattern without Content-Length, so the server
 * must send it chunked. QUERY_STRING "n=BYTES" sets the size (default 8 MiB). Each byte at
 * offset i is 'a' + i % 26. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(void) {
    long n = 8L << 20;
    const char *q = getenv("QUERY_STRING");
    if (q && strncmp(q, "n=", 2) == 0) {
        n = atol(q + 2);
    }
    fputs("Content-Type: application/octet-stream\r\n\r\n", stdout);
    char buf[65536];
    long off = 0;
    while (off < n) {
        long len = n - off < (long) sizeof buf ? n - off : (long) sizeof buf;
        for (long i = 0; i < len; i++) {
            buf[i] = (char) ('a' + (off + i) % 26);
        }
        fwrite(buf, 1, (size_t) len, stdout);
        off += len;
    }
    return 0;
}
