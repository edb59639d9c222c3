package dev.wasix4j.split;

/**
 * How large a function may stay.
 *
 * @param maxMethodBytes the most JVM bytecode Chicory should emit for one function, as the pass
 *     estimates it ({@link Cost}); a larger function is split and every piece, and what remains of
 *     it, aims to stay under. The default keeps a margin under HotSpot's 8 000-byte huge-method
 *     limit, so every piece is JIT-compiled.
 */
public record SplitOptions(int maxMethodBytes) {
    public static final int DEFAULT_MAX_METHOD_BYTES = 6_000;

    public static final SplitOptions DEFAULTS = new SplitOptions(DEFAULT_MAX_METHOD_BYTES);

    public SplitOptions {
        if (maxMethodBytes < 64) {
            throw new IllegalArgumentException("maxMethodBytes must be at least 64, got " + maxMethodBytes);
        }
    }
}
