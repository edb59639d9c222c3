package dev.wasix4j.memory;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.util.Locale;

/**
 * Address-space reservation through the C library's {@code mmap}, called with the FFM Linker.
 *
 * <p>{@code Arena.allocate} zero-fills and so commits every byte it returns; a guest memory that may grow to 2 GiB
 * must instead reserve address space and let the kernel commit pages on first touch. {@code MAP_NORESERVE} keeps the
 * reservation out of the overcommit accounting. The values below are the Linux ABI's (identical on x86-64 and
 * aarch64); other systems fall back to a committed allocation, which is correct but costly.
 */
@SuppressWarnings("restricted") // downcalls and reinterpret: the module needs --enable-native-access
final class NativeMemory {

    private static final int PROT_READ = 0x1;
    private static final int PROT_WRITE = 0x2;
    private static final int MAP_PRIVATE = 0x02;
    private static final int MAP_ANONYMOUS = 0x20;
    private static final int MAP_NORESERVE = 0x4000;
    /** Private anonymous pages read back as zero after this advice, and their RAM is released. */
    private static final int MADV_DONTNEED = 4;
    /** {@code mmap} reports failure as {@code (void *) -1}. */
    private static final long MAP_FAILED = -1L;

    private static final boolean LINUX =
            System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux");

    private static final StructLayout CALL_STATE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO =
            CALL_STATE.varHandle(MemoryLayout.PathElement.groupElement("errno"));

    private static final MethodHandle MMAP;
    private static final MethodHandle MUNMAP;
    private static final MethodHandle MADVISE;

    static {
        if (LINUX) {
            Linker linker = Linker.nativeLinker();
            SymbolLookup libc = linker.defaultLookup();
            Linker.Option errno = Linker.Option.captureCallState("errno");
            MMAP = linker.downcallHandle(
                    libc.find("mmap").orElseThrow(),
                    FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG,
                            ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG),
                    errno);
            MUNMAP = linker.downcallHandle(
                    libc.find("munmap").orElseThrow(),
                    FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG));
            MADVISE = linker.downcallHandle(
                    libc.find("madvise").orElseThrow(),
                    FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG,
                            ValueLayout.JAVA_INT));
        } else {
            MMAP = null;
            MUNMAP = null;
            MADVISE = null;
        }
    }

    private NativeMemory() {}

    /**
     * Reserves {@code bytes} of zeroed, readable and writable address space whose lifetime is {@code arena}: closing
     * the arena unmaps it (after the FFM handshake that makes every concurrent access fail instead of crashing).
     */
    static MemorySegment reserve(long bytes, Arena arena) {
        if (bytes == 0) {
            return arena.allocate(0);
        }
        if (!LINUX) {
            return arena.allocate(bytes, Long.BYTES);
        }
        long address;
        int errno;
        try (Arena scratch = Arena.ofConfined()) {
            MemorySegment state = scratch.allocate(CALL_STATE);
            address = (long) MMAP.invokeExact(state, 0L, bytes, PROT_READ | PROT_WRITE,
                    MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0L);
            errno = (int) ERRNO.get(state, 0L);
        } catch (Throwable t) {
            throw new IllegalStateException("mmap downcall failed", t);
        }
        if (address == MAP_FAILED) {
            throw new OutOfMemoryError("mmap of " + bytes + " bytes failed, errno " + errno);
        }
        return MemorySegment.ofAddress(address).reinterpret(bytes, arena, s -> unmap(s.address(), bytes));
    }

    private static void unmap(long address, long bytes) {
        try {
            int rc = (int) MUNMAP.invokeExact(address, bytes);
            assert rc == 0 : "munmap failed";
        } catch (Throwable t) {
            throw new IllegalStateException("munmap downcall failed", t);
        }
    }

    /**
     * Gives the pages of {@code [offset, offset + bytes)} back to the kernel so they read as zero again.
     *
     * @return false when the range could not be discarded (not Linux, or madvise refused) and the caller must zero it
     */
    static boolean discard(MemorySegment segment, long offset, long bytes) {
        if (!LINUX || bytes == 0) {
            return bytes == 0;
        }
        try {
            return (int) MADVISE.invokeExact(segment.address() + offset, bytes, MADV_DONTNEED) == 0;
        } catch (Throwable t) {
            throw new IllegalStateException("madvise downcall failed", t);
        }
    }
}
