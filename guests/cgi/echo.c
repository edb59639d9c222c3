/* CGI guest: answers with its CGI environment and then the request body, read from stdin and
 * written back as it arrives (so a streamed body streams back). Used by the server tests. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

extern char **environ;

int main(void) {
    const char *q = getenv("QUERY_STRING");
    if (q && strstr(q, "status=201")) {
        fputs("Status: 201 Created\r\n", stdout);
    }
    if (q && strstr(q, "redirect")) {
        fputs("Location: /elsewhere\r\n", stdout);
    }
    fputs("Content-Type: text/plain; charset=utf-8\r\n", stdout);
    fputs("X-Cgi-Program: echo\r\n\r\n", stdout);
    for (char **e = environ; *e; e++) {
        printf("%s\n", *e);
    }
    fputs("--body--\n", stdout);
    fflush(stdout);
    char buf[16384];
    ssize_t n;
    long total = 0;
    while ((n = read(0, buf, sizeof buf)) > 0) {
        fwrite(buf, 1, (size_t) n, stdout);
        fflush(stdout);
        total += n;
    }
    fprintf(stderr, "echo: read %ld body bytes\n", total);
    return 0;
}
