// Exits through exit() with a code the host must pass through; the line before must be flushed.
#include <stdio.h>
#include <stdlib.h>

int main(void) {
    printf("about to exit with 42\n");
    exit(42);
}
