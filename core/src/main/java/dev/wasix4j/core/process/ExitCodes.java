package dev.wasix4j.core.process;

/** Exit codes the host chooses itself (the guest's own codes pass through unchanged). */
public final class ExitCodes {
    /** A wasm trap ended the process: 128 + SIGABRT, as wasmtime reports it. */
    public static final int TRAP = 134;
    /** The host failed (a bug in wasix4j or the JVM): EX_SOFTWARE. */
    public static final int HOST_FAILURE = 70;
    /** The program could not be started (bad module, missing import): like a shell's "cannot execute". */
    public static final int CANNOT_RUN = 126;
    /** The embedder killed the process: 128 + SIGKILL, as a shell reports it. */
    public static final int KILLED = 137;
    /** A signal's default action ended the process: 128 + the signal's number, as a shell reports it. */
    public static final int SIGNAL_BASE = 128;
    /** The process ran past its time limit: like coreutils timeout(1). */
    public static final int TIMEOUT = 124;

    private ExitCodes() {}
}
