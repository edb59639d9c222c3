package dev.wasix4j.core.compile;

import java.util.List;

/**
 * A wasm-to-wasm stage run on a module before it is compiled (e.g. splitting functions too large
 * for one JVM method). Its output, not its input, is what the cached classes are compiled from,
 * so a cache entry stores that output; {@link #version()} is part of the cache key and must
 * change whenever the same input would give a different output.
 */
public interface ModuleTransform {
    /** Keyed into every cache entry; bump it with any change to what {@link #apply} produces. */
    String version();

    /** Returns the module to compile, and one line per thing worth telling a user (e.g. "func 12 split into 4 pieces"). */
    Result apply(byte[] wasm);

    /**
     * @param wasm the module to compile; the very array given to {@link #apply} when unchanged
     * @param notes what was done, one line each; empty when nothing was
     */
    record Result(byte[] wasm, List<String> notes) {
        public Result {
            notes = List.copyOf(notes);
        }
    }

    /** Compiles the module as given. */
    ModuleTransform IDENTITY = new ModuleTransform() {
        @Override
        public String version() {
            return "identity";
        }

        @Override
        public Result apply(byte[] wasm) {
            return new Result(wasm, List.of());
        }
    };
}
