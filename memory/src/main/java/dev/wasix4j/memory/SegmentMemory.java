package dev.wasix4j.memory;

import com.dylibso.chicory.runtime.ConstantEvaluators;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Memory;
import com.dylibso.chicory.wasm.ChicoryException;
import com.dylibso.chicory.wasm.UninstantiableException;
import com.dylibso.chicory.wasm.types.ActiveDataSegment;
import com.dylibso.chicory.wasm.types.DataSegment;
import com.dylibso.chicory.wasm.types.MemoryLimits;
import com.dylibso.chicory.wasm.types.PassiveDataSegment;
import java.lang.foreign.Arena;
import java.lang.ref.Cleaner;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A Chicory {@link Memory} on one off-heap segment, for the memories of guest processes (shared or not).
 *
 * <p><b>Layout.</b> The whole maximum size (capped at {@link Memory#RUNTIME_MAX_PAGES}) is reserved once with
 * {@code mmap(MAP_NORESERVE)}: address space, not RAM; the kernel commits pages on first touch. Growing never moves
 * the bytes, so instances on other threads keep using the same memory while one of them grows it.
 *
 * <p><b>Bounds.</b> Every access is checked against {@code limit}, the current size, before it touches the segment.
 * {@code limit} is a plain field (so the JIT keeps the check cheap); a thread that has not yet seen a growth gets a
 * false out-of-bounds, and the failure path re-reads the size with a volatile read before it traps, so every access
 * is checked against the current size. Out of bounds traps with Chicory's {@code WasmRuntimeException("out of
 * bounds memory access: ...")}, as {@code ByteArrayMemory} does.
 *
 * <p><b>Two access paths.</b> Chicory compiles a wasm function into one Java method that inlines every memory access;
 * a large function exhausts C2's inlining budget (NodeCountInliningCutoff) on the public FFM var-handle path, whose
 * per-access checks are many IR nodes, and the accesses left out-of-line cost 1.9x ByteArrayMemory on SHA-256. So
 * when the JVM exports {@code jdk.internal.misc} and {@code jdk.internal.foreign} to this code
 * ({@code --add-exports java.base/jdk.internal.misc=ALL-UNNAMED --add-exports java.base/jdk.internal.foreign=ALL-UNNAMED}),
 * accesses go through {@code ScopedMemoryAccess} with the segment's session ({@link ScopedSegmentMemory}): the same
 * liveness check and close handshake as the public API, a fraction of the nodes. Otherwise the public API is used
 * ({@link PortableSegmentMemory}); it is correct, only slower. The choice is made once per JVM, so Chicory's call
 * sites stay monomorphic.
 *
 * <p><b>Atomics.</b> Real hardware atomics in volatile mode (the threads proposal's atomics are sequentially
 * consistent); 8- and 16-bit read-modify-writes run a compare-and-set loop on the enclosing aligned 32-bit word. No
 * lock. Atomic operations that leave memory unchanged are {@linkplain YieldPoint yield points} for virtual threads.
 * {@code memory.atomic.wait/notify} use this memory's {@link WaitQueues}, which the futex syscalls share.
 *
 * <p><b>Lifetime.</b> The segment belongs to a shared {@link Arena}; {@link #close()} closes it, which unmaps the
 * reservation after the FFM handshake with every thread. Any access after (or racing with) close traps as out of
 * bounds instead of touching unmapped memory.
 *
 * <p><b>Data segments.</b> Chicory calls {@link #initialize} for every instance that imports the memory; active
 * segments are written only by the first call, so a thread's new instance does not overwrite live data. Passive
 * segments ({@code memory.init}) use the segment table of the last instance initialised; all instances of one module
 * have the same segments.
 */
public abstract sealed class SegmentMemory implements Memory, Futex, AutoCloseable
        permits ScopedSegmentMemory, PortableSegmentMemory {

    /** Set to true to force the public-API access path (for comparison and tests). */
    public static final String PORTABLE_PROPERTY = "dev.wasix4j.memory.portable";

    private static final boolean SCOPED_ACCESS = !Boolean.getBoolean(PORTABLE_PROPERTY) && internalsExported();

    /** Unmaps memories their owner dropped without closing (a shared arena is not freed by the GC). */
    private static final Cleaner CLEANER = Cleaner.create();

    static final int WORD_ALIGN_MASK = Integer.BYTES - 1;
    private static final int BYTE_MASK = 0xFF;
    private static final int SHORT_MASK = 0xFFFF;

    private final int initialPages;
    private final int maximumPages;
    private final boolean shared;
    private final int yieldInterval;

    /** Closes the arena once: from {@link #close()} or, if the owner never calls it, when this becomes unreachable. */
    private final Cleaner.Cleanable release;
    /** The whole reservation; every access path reaches memory through it (and so through its session). */
    final MemorySegment reserved;
    /** Address of {@link #reserved}; never changes. */
    final long base;
    private final WaitQueues waitQueues = new WaitQueues();
    /** Serialises grow, close, zero and data-segment initialisation. */
    private final ReentrantLock lock = new ReentrantLock();

    /** Current size in bytes, 0 once closed. Plain: written before {@link #pages}, whose volatile write publishes it. */
    private long limit;
    private volatile int pages;
    private volatile boolean closed;
    private boolean activeSegmentsApplied; // guarded by lock
    /**
     * No instance has used the memory and no host bulk write touched it since it was made or reset: what
     * {@link #prepare} and {@link #captureImage} check before they let the next instantiation skip zeroing.
     */
    private volatile boolean pristine = true;
    /** Written by {@link #prepare}: stands for the zero() and data segments of the next instantiation (guarded by lock). */
    private MemoryImage prepared;
    /** Asked by {@link #captureImage}: take an image when the next instance applies its segments (guarded by lock). */
    private boolean capture;
    private volatile MemoryImage captured;
    private volatile DataSegment[] dataSegments;

    SegmentMemory(MemoryLimits limits, int yieldInterval) {
        if (yieldInterval < 0) {
            throw new IllegalArgumentException("yieldInterval must be >= 0: " + yieldInterval);
        }
        this.maximumPages = Math.min(limits.maximumPages(), RUNTIME_MAX_PAGES);
        this.initialPages = limits.initialPages();
        if (initialPages > maximumPages) {
            throw new IllegalArgumentException(
                    "initial pages " + initialPages + " exceed the maximum " + maximumPages);
        }
        this.shared = limits.shared();
        this.yieldInterval = yieldInterval;
        Arena arena = Arena.ofShared();
        this.reserved = NativeMemory.reserve((long) maximumPages * PAGE_SIZE, arena);
        this.base = reserved.address();
        this.release = CLEANER.register(this, arena::close);
        this.limit = (long) initialPages * PAGE_SIZE;
        this.pages = initialPages;
    }

    /** A memory with the default yield interval ({@value YieldPoint#DEFAULT_INTERVAL} spin operations). */
    public static SegmentMemory create(MemoryLimits limits) {
        return create(limits, YieldPoint.DEFAULT_INTERVAL);
    }

    /**
     * @param limits initial and maximum pages (the maximum is capped at {@link Memory#RUNTIME_MAX_PAGES}) and
     *     whether the memory is shared
     * @param yieldInterval spin operations (atomics that leave memory unchanged) between two yields of a virtual
     *     thread; 0 never yields
     */
    public static SegmentMemory create(MemoryLimits limits, int yieldInterval) {
        return SCOPED_ACCESS
                ? new ScopedSegmentMemory(limits, yieldInterval)
                : new PortableSegmentMemory(limits, yieldInterval);
    }

    /** True if this JVM uses the fast access path (the jdk.internal exports are present; see the class comment). */
    public static boolean scopedAccess() {
        return SCOPED_ACCESS;
    }

    private static boolean internalsExported() {
        Module javaBase = Object.class.getModule();
        Module self = SegmentMemory.class.getModule();
        // Scoped atomics use the native byte order; wasm memory is little-endian.
        return javaBase.isExported("jdk.internal.misc", self)
                && javaBase.isExported("jdk.internal.foreign", self)
                && ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Bounds (shared by both access paths; small so that C2 inlines them into every access)

    /** {@code addr} as an offset if {@code [addr, addr + size)} is inside the memory; otherwise the trap. */
    final long offset(int addr, int size) {
        long a = addr;
        if (a < 0 || a > limit - size) {
            return slowOffset(addr, size);
        }
        return a;
    }

    /** As {@link #offset}, and the address must be a multiple of {@code size}. */
    final long atomicOffset(int addr, int size) {
        if ((addr & (size - 1)) != 0) {
            throw Traps.unalignedAtomic();
        }
        return offset(addr, size);
    }

    /** Absolute address of {@code addr} for an access of {@code size} bytes; see {@link #offset}. */
    final long address(int addr, int size) {
        return base + offset(addr, size);
    }

    /** Absolute address of {@code addr} for an atomic access; see {@link #atomicOffset}. */
    final long atomicAddress(int addr, int size) {
        return base + atomicOffset(addr, size);
    }

    /** The plain {@code limit} said out of bounds: decide with the current size (it may have grown meanwhile). */
    private long slowOffset(int addr, int size) {
        long current = byteSize(); // volatile read: sees the limit of the latest grow
        if (closed) {
            throw Traps.closed(addr, size);
        }
        long a = addr;
        if (a < 0 || a > current - size) {
            throw Traps.outOfBounds(addr, size, current);
        }
        return a;
    }

    /** Checks a bulk range {@code [addr, addr + len)}. */
    final void checkRange(long addr, long len) {
        if (addr < 0 || len < 0 || addr + len > limit) {
            long current = byteSize();
            if (closed) {
                throw Traps.closed(addr, len);
            }
            if (addr < 0 || len < 0 || addr + len > current) {
                throw Traps.outOfBounds(addr, len, current);
            }
        }
    }

    /** The trap for an access that met a closed segment (IllegalStateException from the FFM session check). */
    static RuntimeException closedTrap(int addr, int size) {
        return Traps.closed(addr, size);
    }

    final void yieldPoint() {
        if (yieldInterval != 0) {
            YieldPoint.tick(yieldInterval);
        }
    }

    /** Passes the yield point when an atomic read-modify-write left memory unchanged; returns {@code old}. */
    final int spinIf(boolean unchanged, int old) {
        if (unchanged) {
            yieldPoint();
        }
        return old;
    }

    final long spinIf(boolean unchanged, long old) {
        if (unchanged) {
            yieldPoint();
        }
        return old;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Size and lifetime

    @Override
    public int pages() {
        return pages;
    }

    @Override
    public int grow(int delta) {
        lock.lock();
        try {
            int old = pages;
            long wanted = (long) old + delta;
            if (closed || delta < 0 || wanted > maximumPages) {
                return -1;
            }
            limit = wanted * PAGE_SIZE;
            pages = (int) wanted; // volatile write publishes the new limit
            return old;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public int initialPages() {
        return initialPages;
    }

    @Override
    public int maximumPages() {
        return maximumPages;
    }

    @Override
    public boolean shared() {
        return shared;
    }

    /** Current size in bytes (0 once closed). */
    public long byteSize() {
        return closed ? 0 : (long) pages * PAGE_SIZE;
    }

    /**
     * Releases the memory: unmaps it after the FFM handshake with every thread. Later (or racing) accesses trap as out
     * of bounds. Threads still parked in a wait stay parked: the owner interrupts a process's threads first. A memory
     * that is never closed is unmapped when it becomes unreachable.
     */
    @Override
    public void close() {
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            limit = 0;
            release.clean();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Below this many bytes {@link #reset} zeroes in place; above, it gives the pages back to the kernel. Zeroing in
     * place keeps the pages mapped: the next guest touching them takes no page fault, which on this VM made a small
     * CGI request cost about half the CPU of madvise plus refaults (benchmarks/scripts/serve.sh, docs/performance.md).
     */
    private static final long RESET_FILL_BYTES = 1L << 20;

    /**
     * Makes the memory as new for another process: back to its initial size, every byte zero, and its
     * active data segments applied again by the next instance that initializes it. For pools that reuse
     * memories across short processes: a fill of the touched bytes (and madvise past the first MiB)
     * instead of an mmap, a munmap and the FFM close handshake with every thread. Only call it when no
     * thread can touch the memory any more.
     */
    public void reset() {
        lock.lock();
        try {
            if (closed) {
                throw new IllegalStateException("a closed memory cannot be reset");
            }
            long used = byteSize();
            long filled = Math.min(used, RESET_FILL_BYTES);
            if (filled > 0) {
                reserved.asSlice(0, filled).fill((byte) 0);
            }
            if (used > filled && !NativeMemory.discard(reserved, filled, used - filled)) {
                reserved.asSlice(filled, used - filled).fill((byte) 0);
            }
            limit = (long) initialPages * PAGE_SIZE;
            pages = initialPages;
            activeSegmentsApplied = false;
            dataSegments = null;
            pristine = true;
            prepared = null;
            capture = false;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Writes {@code image} into this memory, which must be as new (just made or {@link #reset}, nothing
     * written since): the next instance to initialize it finds its zeroing and data segments done. Returns
     * false, leaving the memory untouched, when the image does not fit this memory.
     */
    public boolean prepare(MemoryImage image) {
        lock.lock();
        try {
            if (closed || !pristine || image.initialPages() != initialPages || pages != initialPages) {
                return false;
            }
            byte[] b = image.bytes();
            if (b.length > 0) {
                MemorySegment.copy(b, 0, reserved, ValueLayout.JAVA_BYTE, image.from(), b.length);
            }
            pristine = false;
            prepared = image;
            return true;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Hands this memory, as new (just made or {@link #reset}), to the next instance without an image: its
     * zeroing is skipped, and the memory takes an image of what the instance's data segments write (see
     * {@link #takeImage}).
     */
    public void captureImage() {
        lock.lock();
        try {
            capture = pristine;
        } finally {
            lock.unlock();
        }
    }

    /** The image taken at the last instantiation (see {@link #captureImage}), once; null if none. */
    public MemoryImage takeImage() {
        MemoryImage image = captured;
        captured = null;
        return image;
    }

    /** A host write before any instance used the memory: it is no longer all zero. */
    private void used() {
        if (pristine) {
            pristine = false;
        }
    }

    public boolean isClosed() {
        return closed;
    }

    /** Base address of the reservation; never changes (for tests and diagnostics). */
    long baseAddress() {
        return base;
    }

    /**
     * A slice of the memory for bulk host I/O (for example a {@code ByteBuffer} for a file read), bounds-checked
     * against the current size. It fails with IllegalStateException once the memory is closed.
     */
    public MemorySegment slice(int addr, int len) {
        checkRange(addr, len);
        return reserved.asSlice(addr, len);
    }

    /** The wait queues of this memory, shared by memory.atomic.wait/notify and the futex syscalls. */
    public WaitQueues waitQueues() {
        return waitQueues;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Bulk operations (on the segment; the FFM API checks liveness)

    @Override
    public void write(int addr, byte[] data, int offset, int size) {
        if (offset < 0 || size < 0 || (long) offset + size > data.length) {
            throw Traps.outOfBounds(offset, size, data.length);
        }
        checkRange(addr, size);
        used();
        try {
            MemorySegment.copy(data, offset, reserved, ValueLayout.JAVA_BYTE, addr, size);
        } catch (IllegalStateException e) {
            throw closedTrap(addr, size);
        }
    }

    @Override
    public byte[] readBytes(int addr, int len) {
        checkRange(addr, len);
        byte[] result = new byte[len];
        try {
            MemorySegment.copy(reserved, ValueLayout.JAVA_BYTE, addr, result, 0, len);
        } catch (IllegalStateException e) {
            throw closedTrap(addr, len);
        }
        return result;
    }

    @Override
    public void fill(byte value, int fromIndex, int toIndex) {
        int size = toIndex - fromIndex;
        checkRange(fromIndex, size);
        used();
        try {
            reserved.asSlice(fromIndex, size).fill(value);
        } catch (IllegalStateException e) {
            throw closedTrap(fromIndex, size);
        }
    }

    @Override
    public void copy(int dest, int src, int size) {
        checkRange(src, size);
        checkRange(dest, size);
        used();
        try {
            // MemorySegment.copy has memmove semantics for overlapping ranges.
            MemorySegment.copy(reserved, src, reserved, dest, size);
        } catch (IllegalStateException e) {
            throw closedTrap(src, size);
        }
    }

    @Override
    public void zero() {
        lock.lock();
        try {
            if (closed) {
                throw Traps.closed(0, 0);
            }
            if (prepared != null || capture) {
                // handed to this instance as new by its owner (prepare, captureImage): zero already, or
                // holding an image that initialize() checks against the instance's segments
                return;
            }
            long size = byteSize();
            // Returning the pages to the kernel zeroes them without touching (and committing) every byte.
            if (!NativeMemory.discard(reserved, 0, size)) {
                reserved.asSlice(0, size).fill((byte) 0);
            }
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void initialize(Instance instance, DataSegment[] dataSegments) {
        initialize(instance, dataSegments, 0);
    }

    @Override
    public void initialize(Instance instance, DataSegment[] dataSegments, int memoryIndex) {
        this.dataSegments = dataSegments;
        if (dataSegments == null) {
            pristine = false; // an instance uses the memory from now on
            return;
        }
        lock.lock();
        try {
            if (activeSegmentsApplied) {
                return; // a sibling instance already wrote them; writing again would clobber live data
            }
            MemoryImage image = prepared;
            prepared = null;
            if (image != null) {
                if (image.matches(dataSegments, memoryIndex)) {
                    activeSegmentsApplied = true;
                    return;
                }
                // an image of other segments: back to zero, then the segments as usual
                long size = byteSize();
                if (!NativeMemory.discard(reserved, 0, size)) {
                    reserved.asSlice(0, size).fill((byte) 0);
                }
            }
            boolean fromZero = pristine || image != null;
            pristine = false;
            for (DataSegment s : dataSegments) {
                if (s instanceof ActiveDataSegment segment) {
                    if (segment.index() != memoryIndex) {
                        continue;
                    }
                    byte[] data = segment.data();
                    int offset = (int) ConstantEvaluators.computeConstantValue(
                            instance, segment.offsetInstructions())[0];
                    long size = byteSize();
                    if (offset < 0 || (long) offset + data.length > size) {
                        throw new UninstantiableException(Traps.outOfBounds(offset, data.length, size).getMessage());
                    }
                    write(offset, data, 0, data.length);
                } else if (!(s instanceof PassiveDataSegment)) {
                    throw new ChicoryException("Data segment should be active or passive: " + s);
                }
            }
            activeSegmentsApplied = true;
            if (capture && fromZero) {
                captured = MemoryImage.capture(this, dataSegments, memoryIndex);
            }
            capture = false;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void initPassiveSegment(int segmentId, int dest, int offset, int size) {
        byte[] data = dataSegments[segmentId].data();
        write(dest, data, offset, size);
    }

    @Override
    public void drop(int segment) {
        dataSegments[segment] = PassiveDataSegment.EMPTY;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Derived accessors

    @Override
    public long readU16(int addr) {
        return readShort(addr) & 0xFFFFL;
    }

    @Override
    public long readF32(int addr) {
        return readInt(addr);
    }

    @Override
    public long readF64(int addr) {
        return readLong(addr);
    }

    @Override
    @Deprecated(forRemoval = true)
    @SuppressWarnings("removal") // Chicory's interface still declares it
    public Object lock(int address) {
        throw new UnsupportedOperationException("SegmentMemory atomics are lock-free");
    }

    @Override
    public void atomicFence() {
        java.lang.invoke.VarHandle.fullFence();
    }

    // ---------------------------------------------------------------------------------------------------------------
    // 8- and 16-bit read-modify-write: a compare-and-set loop on the enclosing aligned 32-bit word (little-endian:
    // the lane at byte offset k of the word is bits 8k..). FFM var handles do not promise atomic sub-word updates.

    /** Volatile read of the 32-bit word at an in-bounds, aligned offset; IllegalStateException once closed. */
    abstract int wordVolatile(long offset);

    /** Weak compare-and-set of that word. */
    abstract boolean wordWeakCas(long offset, int expected, int value);

    private static final int RMW_ADD = 0;
    private static final int RMW_AND = 1;
    private static final int RMW_OR = 2;
    private static final int RMW_XOR = 3;
    private static final int RMW_XCHG = 4;

    private int laneRmw(int addr, int laneBytes, int op, int operand) {
        int laneMask = laneBytes == Byte.BYTES ? BYTE_MASK : SHORT_MASK;
        long word = atomicOffset(addr, laneBytes) & ~WORD_ALIGN_MASK;
        int shift = (addr & WORD_ALIGN_MASK) * Byte.SIZE;
        int mask = laneMask << shift;
        int value = operand & laneMask;
        int lane;
        try {
            while (true) {
                int old = wordVolatile(word);
                lane = (old & mask) >>> shift;
                int updated = switch (op) {
                    case RMW_ADD -> lane + value;
                    case RMW_AND -> lane & value;
                    case RMW_OR -> lane | value;
                    case RMW_XOR -> lane ^ value;
                    default -> value;
                };
                if (wordWeakCas(word, old, (old & ~mask) | ((updated & laneMask) << shift))) {
                    break;
                }
            }
        } catch (IllegalStateException e) {
            throw closedTrap(addr, laneBytes);
        }
        boolean unchanged = switch (op) {
            case RMW_ADD, RMW_XOR -> value == 0;
            case RMW_AND -> (lane & value) == lane;
            case RMW_OR -> (lane | value) == lane;
            default -> lane == value;
        };
        return spinIf(unchanged, lane);
    }

    private int laneCmpxchg(int addr, int laneBytes, int expected, int replacement) {
        int laneMask = laneBytes == Byte.BYTES ? BYTE_MASK : SHORT_MASK;
        long word = atomicOffset(addr, laneBytes) & ~WORD_ALIGN_MASK;
        int shift = (addr & WORD_ALIGN_MASK) * Byte.SIZE;
        int mask = laneMask << shift;
        int want = expected & laneMask;
        int bits = (replacement & laneMask) << shift;
        int lane;
        try {
            while (true) {
                int old = wordVolatile(word);
                lane = (old & mask) >>> shift;
                if (lane != want || wordWeakCas(word, old, (old & ~mask) | bits)) {
                    break;
                }
            }
        } catch (IllegalStateException e) {
            throw closedTrap(addr, laneBytes);
        }
        return spinIf(lane != want || want == (replacement & laneMask), lane);
    }

    @Override
    public byte atomicAddByte(int addr, byte delta) {
        return (byte) laneRmw(addr, Byte.BYTES, RMW_ADD, delta);
    }

    @Override
    public byte atomicAndByte(int addr, byte mask) {
        return (byte) laneRmw(addr, Byte.BYTES, RMW_AND, mask);
    }

    @Override
    public byte atomicOrByte(int addr, byte mask) {
        return (byte) laneRmw(addr, Byte.BYTES, RMW_OR, mask);
    }

    @Override
    public byte atomicXorByte(int addr, byte mask) {
        return (byte) laneRmw(addr, Byte.BYTES, RMW_XOR, mask);
    }

    @Override
    public byte atomicXchgByte(int addr, byte value) {
        return (byte) laneRmw(addr, Byte.BYTES, RMW_XCHG, value);
    }

    @Override
    public byte atomicCmpxchgByte(int addr, byte expected, byte replacement) {
        return (byte) laneCmpxchg(addr, Byte.BYTES, expected, replacement);
    }

    @Override
    public short atomicAddShort(int addr, short delta) {
        return (short) laneRmw(addr, Short.BYTES, RMW_ADD, delta);
    }

    @Override
    public short atomicAndShort(int addr, short mask) {
        return (short) laneRmw(addr, Short.BYTES, RMW_AND, mask);
    }

    @Override
    public short atomicOrShort(int addr, short mask) {
        return (short) laneRmw(addr, Short.BYTES, RMW_OR, mask);
    }

    @Override
    public short atomicXorShort(int addr, short mask) {
        return (short) laneRmw(addr, Short.BYTES, RMW_XOR, mask);
    }

    @Override
    public short atomicXchgShort(int addr, short value) {
        return (short) laneRmw(addr, Short.BYTES, RMW_XCHG, value);
    }

    @Override
    public short atomicCmpxchgShort(int addr, short expected, short replacement) {
        return (short) laneCmpxchg(addr, Short.BYTES, expected, replacement);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Wait and notify; the futex API for the host

    /** Volatile 32-bit read without a yield point (used under a wait-queue lock). */
    private int waitValue32(int addr) {
        long word = atomicOffset(addr, Integer.BYTES);
        try {
            return wordVolatile(word);
        } catch (IllegalStateException e) {
            throw closedTrap(addr, Integer.BYTES);
        }
    }

    /** Volatile 64-bit read without a yield point (used under a wait-queue lock). */
    abstract long waitValue64(int addr);

    @Override
    public int atomicWait(int addr, int expected, long timeout) {
        if (!shared) {
            throw Traps.expectedShared();
        }
        return await32(addr, expected, timeout);
    }

    @Override
    public int atomicWait(int addr, long expected, long timeout) {
        if (!shared) {
            throw Traps.expectedShared();
        }
        return await64(addr, expected, timeout);
    }

    /** How the wait queues read a waited word (one object per memory, so a wait captures nothing). */
    private final WaitQueues.Words words = new WaitQueues.Words() {
        @Override
        public int word32(int addr) {
            return waitValue32(addr);
        }

        @Override
        public long word64(int addr) {
            return waitValue64(addr);
        }
    };

    private int await32(int addr, int expected, long timeout) {
        waitValue32(addr); // traps on a bad address before sleeping
        return waitQueues.await32(words, addr, expected, timeout);
    }

    private int await64(int addr, long expected, long timeout) {
        waitValue64(addr);
        return waitQueues.await64(words, addr, expected, timeout);
    }

    @Override
    public int atomicNotify(int addr, int maxThreads) {
        atomicOffset(addr, Integer.BYTES); // Chicory checks neither notify's alignment nor its bounds
        if (!shared) {
            return 0; // an unshared memory cannot have waiters
        }
        return waitQueues.wake(addr, maxThreads);
    }

    @Override
    @Deprecated(forRemoval = true)
    @SuppressWarnings("removal") // Chicory's interface still declares it
    public int waitOn(int address, int expected, long timeout) {
        return atomicWait(address, expected, timeout);
    }

    @Override
    @Deprecated(forRemoval = true)
    @SuppressWarnings("removal") // Chicory's interface still declares it
    public int waitOn(int address, long expected, long timeout) {
        return atomicWait(address, expected, timeout);
    }

    @Override
    @Deprecated(forRemoval = true)
    @SuppressWarnings("removal") // Chicory's interface still declares it
    public int notify(int address, int maxThreads) {
        return atomicNotify(address, maxThreads);
    }

    /**
     * {@inheritDoc} Unlike the instruction it also works on an unshared memory (a single-threaded guest's futex_wait
     * is a sleep).
     */
    @Override
    public int wait32(long addr, int expected, long timeoutNanos) {
        return await32(hostAddress(addr, Integer.BYTES), expected, timeoutNanos);
    }

    @Override
    public int wait64(long addr, long expected, long timeoutNanos) {
        return await64(hostAddress(addr, Long.BYTES), expected, timeoutNanos);
    }

    @Override
    public void kick(Thread thread) {
        waitQueues.kick(thread);
    }

    @Override
    public void clearKick(Thread thread) {
        waitQueues.clearKick(thread);
    }

    @Override
    public int wake(long addr, int count) {
        int a = hostAddress(addr, Integer.BYTES);
        atomicOffset(a, Integer.BYTES);
        return waitQueues.wake(a, count);
    }

    private static int hostAddress(long addr, int size) {
        if (addr < 0 || addr > Integer.MAX_VALUE) {
            throw Traps.outOfBounds(addr, size, -1);
        }
        return (int) addr;
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[pages=" + pages + ", max=" + maximumPages + ", shared=" + shared
                + (closed ? ", closed" : "") + "]";
    }
}
