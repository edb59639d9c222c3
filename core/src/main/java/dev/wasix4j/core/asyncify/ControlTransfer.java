package dev.wasix4j.core.asyncify;

/**
 * Thrown by a host call to leave the guest's frames for the host's entry call (longjmp, a
 * cancelled context). Not an error: the syscall dispatcher lets it through untouched and it
 * carries no stack trace.
 */
public class ControlTransfer extends RuntimeException {
    public ControlTransfer(String message) {
        super(message, null, false, false);
    }
}
