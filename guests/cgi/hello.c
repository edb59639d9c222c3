/* The benchmark CGI program: a small dynamic answer from the request's meta-variables. Built
 * for wasm here and natively (benchmarks/scripts/serve.sh) so both servers run the same code. */
#include <stdio.h>
#include <stdlib.h>

int main(void) {
    const char *path = getenv("PATH_INFO");
    const char *query = getenv("QUERY_STRING");
    const char *method = getenv("REQUEST_METHOD");
    printf("Content-Type: text/plain\r\n\r\n");
    printf("Hello from CGI: %s %s?%s\n", method ? method : "-", path ? path : "/", query ? query : "");
    return 0;
}
