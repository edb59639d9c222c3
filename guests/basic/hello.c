// The first program: a greeting on stdout, exit 0 by returning from main.
#include <stdio.h>

int main(void) {
    printf("Hello, world from wasix4j!\n");
    return 0;
}
