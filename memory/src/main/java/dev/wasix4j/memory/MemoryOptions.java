package dev.wasix4j.memory;

/**
 * Tuning of the guest memories {@link GuestMemories} creates.
 *
 * @param yieldInterval atomic operations that leave memory unchanged (spin turns) between two give-ups of the
 *     carrier by a virtual thread (the progress
 *     guarantee for spin-waiting guests, see the module README); 0 turns the yield point off
 * @param unsharedBacking implementation of memories that are not shared
 */
public record MemoryOptions(int yieldInterval, Backing unsharedBacking) {

    /** Implementation of a memory. Shared memories are always {@link #SEGMENT}. */
    public enum Backing {
        /** {@link SegmentMemory}: one reserved off-heap segment. */
        SEGMENT,
        /** Chicory's {@code ByteArrayMemory}: heap pages. */
        BYTE_ARRAY
    }

    public MemoryOptions {
        if (yieldInterval < 0) {
            throw new IllegalArgumentException("yieldInterval must be >= 0: " + yieldInterval);
        }
        if (unsharedBacking == null) {
            throw new IllegalArgumentException("unsharedBacking must not be null");
        }
    }

    /** The measured defaults (docs/performance.md, section Memory). */
    public static MemoryOptions defaults() {
        return new MemoryOptions(YieldPoint.DEFAULT_INTERVAL, GuestMemories.DEFAULT_UNSHARED_BACKING);
    }

    public MemoryOptions withYieldInterval(int interval) {
        return new MemoryOptions(interval, unsharedBacking);
    }

    public MemoryOptions withUnsharedBacking(Backing backing) {
        return new MemoryOptions(yieldInterval, backing);
    }
}
