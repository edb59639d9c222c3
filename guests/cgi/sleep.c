/* CGI guest: sleeps past any sensible request time limit before answering. */
#include <stdio.h>
#include <unistd.h>

int main(void) {
    sleep(60);
    fputs("Content-Type: text/plain\r\n\r\nwoke up\n", stdout);
    return 0;
}
