package dev.wasix4j.core;

/**
 * A problem the user can fix, reported before or instead of running the guest: a missing file, a
 * malformed module, an import the host cannot satisfy. Its message is one line naming the problem.
 */
public class WasixException extends RuntimeException {
    public WasixException(String message) {
        super(message);
    }

    public WasixException(String message, Throwable cause) {
        super(message, cause);
    }
}
