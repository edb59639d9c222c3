package dev.wasix4j.split;

/**
 * How large a function may stay.
 *
 * @param maxFunctionBytes a function whose body (in wasm bytes) is larger than this is split, and
 *     every piece and the remaining function aim to stay under it. The default keeps the JVM
 *     bytecode Chicory emits for a piece under HotSpot's 8 000-byte huge-method limit, so every
 *     piece is JIT-compiled (docs/performance.md has the measurement behind the number).
 */
public record SplitOptions(int maxFunctionBytes) {
    /** Wasm bytes per function; Chicory emits about 2.5 bytes of bytecode per wasm byte. */
    public static final int DEFAULT_MAX_FUNCTION_BYTES = 2_400;

    public static final SplitOptions DEFAULTS = new SplitOptions(DEFAULT_MAX_FUNCTION_BYTES);

    public SplitOptions {
        if (maxFunctionBytes < 64) {
            throw new IllegalArgumentException("maxFunctionBytes must be at least 64, got " + maxFunctionBytes);
        }
    }
}
