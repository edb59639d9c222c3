package dev.wasix4j.memory;

import com.dylibso.chicory.runtime.ByteArrayMemory;
import com.dylibso.chicory.runtime.Memory;
import com.dylibso.chicory.wasm.types.MemoryLimits;
import java.lang.invoke.VarHandle;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.function.Function;

/**
 * Creates the linear memories of guest processes; the one entry point the host core uses.
 *
 * <p>Shared memories are always a {@link SegmentMemory} (reserved once, grown in place, lock-free atomics). Unshared
 * memories use the backing measured fastest ({@link #DEFAULT_UNSHARED_BACKING}, see docs/performance.md).
 */
public final class GuestMemories {

    /**
     * Backing of unshared memories unless {@link MemoryOptions} says otherwise. SegmentMemory on its fast path takes
     * 0.76x (SHA-256) and 0.60x (n-body) the CPU time of ByteArrayMemory (docs/performance.md, section Memory). On
     * the portable path (no jdk.internal exports) ByteArrayMemory would be faster, but on Java 25 its atomics fail
     * on an unshared memory (byte-array view var handles lost their atomic modes and its lock fallback needs a shared
     * memory), so SEGMENT stays the default there too: correct first; the host passes the exports.
     */
    static final MemoryOptions.Backing DEFAULT_UNSHARED_BACKING = MemoryOptions.Backing.SEGMENT;

    /** Futexes of memories that are not ours (their wait queues live here, keyed by memory identity). */
    private static final Map<Memory, Futex> FOREIGN_FUTEXES = new WeakHashMap<>();

    private GuestMemories() {}

    /** {@link #create(MemoryLimits, boolean, MemoryOptions)} with {@link MemoryOptions#defaults()}. */
    public static Memory create(MemoryLimits limits, boolean shared) {
        return create(limits, shared, MemoryOptions.defaults());
    }

    /**
     * A memory for a guest module's memory type.
     *
     * @param limits the module's declared (or imported) limits; a maximum beyond {@link Memory#RUNTIME_MAX_PAGES}
     *     (such as 65536) is capped at it, which Chicory's import check accepts
     * @param shared whether the memory is shared between threads (then it is a {@link SegmentMemory})
     */
    public static Memory create(MemoryLimits limits, boolean shared, MemoryOptions options) {
        MemoryLimits effective = clamp(limits, shared);
        if (shared || options.unsharedBacking() == MemoryOptions.Backing.SEGMENT) {
            return SegmentMemory.create(effective, options.yieldInterval());
        }
        return new ByteArrayMemory(effective);
    }

    /** A shared memory for the threads of one process. */
    public static SegmentMemory createShared(MemoryLimits limits, MemoryOptions options) {
        return SegmentMemory.create(clamp(limits, true), options.yieldInterval());
    }

    /** For {@code Instance.Builder.withMemoryFactory}: memories the module defines itself. */
    public static Function<MemoryLimits, Memory> factory(MemoryOptions options) {
        return limits -> create(limits, limits.shared(), options);
    }

    /** The limits as a Chicory memory can honour them: maximum capped at {@link Memory#RUNTIME_MAX_PAGES}. */
    public static MemoryLimits clamp(MemoryLimits limits, boolean shared) {
        int max = Math.min(limits.maximumPages(), Memory.RUNTIME_MAX_PAGES);
        return new MemoryLimits(Math.min(limits.initialPages(), max), max, shared);
    }

    /**
     * The futex of a memory, for the futex_wait/futex_wake syscalls: the memory itself for a {@link SegmentMemory}
     * (so futexes and {@code memory.atomic.wait/notify} share its queues), otherwise one kept per memory here.
     */
    public static Futex futex(Memory memory) {
        if (memory instanceof Futex own) {
            return own;
        }
        synchronized (FOREIGN_FUTEXES) {
            return FOREIGN_FUTEXES.computeIfAbsent(memory, ForeignFutex::new);
        }
    }

    /**
     * Futex on a memory without its own queues (an unshared ByteArrayMemory: waits are sleeps or host wakes). It reads
     * with plain loads behind a fence: on Java 25 ByteArrayMemory's atomic reads need a shared memory's monitors
     * (byte-array view var handles lost their atomic modes) and fail on an unshared one.
     */
    private static final class ForeignFutex implements Futex {
        private final Memory memory;
        private final WaitQueues queues = new WaitQueues();

        ForeignFutex(Memory memory) {
            this.memory = memory;
        }

        @Override
        public int wait32(long addr, int expected, long timeoutNanos) {
            int a = checked(addr, Integer.BYTES);
            memory.readInt(a); // bounds check before sleeping
            return queues.await(a, () -> {
                VarHandle.acquireFence();
                return memory.readInt(a) == expected;
            }, timeoutNanos);
        }

        @Override
        public int wait64(long addr, long expected, long timeoutNanos) {
            int a = checked(addr, Long.BYTES);
            memory.readLong(a);
            return queues.await(a, () -> {
                VarHandle.acquireFence();
                return memory.readLong(a) == expected;
            }, timeoutNanos);
        }

        @Override
        public void kick(Thread thread) {
            queues.kick(thread);
        }

        @Override
        public void clearKick(Thread thread) {
            queues.clearKick(thread);
        }

        @Override
        public int wake(long addr, int count) {
            int a = checked(addr, Integer.BYTES);
            memory.readInt(a);
            return queues.wake(a, count);
        }

        private static int checked(long addr, int size) {
            if (addr < 0 || addr > Integer.MAX_VALUE) {
                throw Traps.outOfBounds(addr, size, -1);
            }
            if ((addr & (size - 1)) != 0) {
                throw Traps.unalignedAtomic();
            }
            return (int) addr;
        }
    }
}
