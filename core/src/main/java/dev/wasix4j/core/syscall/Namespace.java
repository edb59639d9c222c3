package dev.wasix4j.core.syscall;

import dev.wasix4j.abi.Errno;
import dev.wasix4j.core.abi.Wasi;

/**
 * The import modules the dispatcher serves, and how each one's callers expect errors.
 *
 * <p>All of them act on the same process; they differ only at the boundary: WASIX programs expect
 * POSIX answers where preview1 gives capability-style ones.
 */
public enum Namespace {
    PREVIEW1(Wasi.PREVIEW1),
    UNSTABLE(Wasi.UNSTABLE),
    WASIX(Wasi.WASIX),
    WASI_THREADS(Wasi.WASI_THREADS);

    private final String moduleName;

    Namespace(String moduleName) {
        this.moduleName = moduleName;
    }

    public String moduleName() {
        return moduleName;
    }

    public static Namespace of(String moduleName) {
        for (Namespace n : values()) {
            if (n.moduleName.equals(moduleName)) {
                return n;
            }
        }
        return null;
    }

    /**
     * The errno this namespace's caller sees. A WASIX (POSIX) caller never sees ENOTCAPABLE: the
     * sandbox refusing a path looks to it like the path not being there, as under wasmer.
     */
    public int translate(Errno errno) {
        if (this == WASIX && errno == Errno.ENOTCAPABLE) {
            return Errno.ENOENT.code();
        }
        return errno.code();
    }
}
