package dev.wasix4j.benchmarks.memory;

import com.dylibso.chicory.runtime.ByteArrayMemory;
import com.dylibso.chicory.runtime.Memory;
import com.dylibso.chicory.wasm.types.MemoryLimits;
import dev.wasix4j.memory.GuestMemories;
import dev.wasix4j.memory.MemoryOptions;
import dev.wasix4j.memory.SegmentMemory;

/**
 * The memory implementations the benchmarks compare; the JMH parameter value is the constant's name. Each parameter
 * value runs in its own fork (JMH's default), which also keeps Chicory's call sites monomorphic as in production.
 */
enum MemoryKind {
    /** wasix4j's SegmentMemory on its fast path (the forks get the jdk.internal exports). */
    segment,
    /** SegmentMemory forced onto its public-API path: what a JVM without the exports gets. */
    portable,
    /** Chicory's ByteArrayMemory, the fastest memory Chicory ships. */
    bytearray;

    Memory create(MemoryLimits limits) {
        return create(limits, MemoryOptions.defaults().yieldInterval());
    }

    Memory create(MemoryLimits limits, int yieldInterval) {
        MemoryLimits clamped = GuestMemories.clamp(limits, limits.shared());
        return switch (this) {
            case segment -> requirePath(SegmentMemory.create(clamped, yieldInterval), true);
            case portable -> {
                // Read once, when SegmentMemory initialises: this must be the fork's first SegmentMemory.
                System.setProperty(SegmentMemory.PORTABLE_PROPERTY, "true");
                yield requirePath(SegmentMemory.create(clamped, yieldInterval), false);
            }
            case bytearray -> new ByteArrayMemory(clamped);
        };
    }

    private static Memory requirePath(SegmentMemory memory, boolean scoped) {
        if (SegmentMemory.scopedAccess() != scoped) {
            throw new IllegalStateException("expected " + (scoped ? "the scoped" : "the portable")
                    + " access path; check the fork's --add-exports");
        }
        return memory;
    }

    static void release(Memory memory) {
        if (memory instanceof SegmentMemory segment) {
            segment.close();
        }
    }
}
