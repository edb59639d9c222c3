package dev.wasix4j.core.procs;

import java.util.Optional;

/**
 * Where an embedder supplies programs a guest starts by path ({@code posix_spawn}, {@code exec},
 * {@code system}): consulted before the guest's filesystem, so {@code /bin/sh} can be a module
 * that lives on the host or only in memory. Answer empty to fall back to the guest's files.
 */
@FunctionalInterface
public interface ProgramSource {
    /**
     * The WebAssembly bytes of {@code guestPath} (an absolute, normalised guest path), or empty.
     * Called once per spawn; the bytes are compiled once per content and reused.
     */
    Optional<byte[]> find(String guestPath);

    /** No programs of its own: every path is looked up in the guest's filesystem. */
    static ProgramSource none() {
        return path -> Optional.empty();
    }
}
