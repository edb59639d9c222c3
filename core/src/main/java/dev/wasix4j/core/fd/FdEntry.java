package dev.wasix4j.core.fd;

/**
 * One slot of the descriptor table: the shared description and this descriptor's own flag.
 *
 * @param description shared with every dup of this descriptor
 * @param cloexec close-on-exec (WASIX fdflagsext), per descriptor as in POSIX
 */
public record FdEntry(OpenDescription description, boolean cloexec) {
    public FdResource resource() {
        return description.resource();
    }
}
