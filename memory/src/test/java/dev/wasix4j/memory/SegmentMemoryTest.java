package dev.wasix4j.memory;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.dylibso.chicory.runtime.Memory;
import com.dylibso.chicory.runtime.WasmRuntimeException;
import com.dylibso.chicory.wasm.InvalidException;
import com.dylibso.chicory.wasm.types.MemoryLimits;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class SegmentMemoryTest {

    private static final int PAGE = Memory.PAGE_SIZE;

    private static SegmentMemory memory(int initial, int max) {
        return SegmentMemory.create(new MemoryLimits(initial, max, true));
    }

    private static void assertOutOfBounds(Executable access) {
        WasmRuntimeException e = assertThrows(WasmRuntimeException.class, access);
        assertTrue(e.getMessage().startsWith("out of bounds memory access"), e.getMessage());
    }

    private static void assertUnaligned(Executable access) {
        InvalidException e = assertThrows(InvalidException.class, access);
        assertEquals("unaligned atomic", e.getMessage());
    }

    @Test
    void accessPathFollowsTheJvmsExports() {
        // Surefire runs this class twice: with the jdk.internal exports (fast path) and without (public API path).
        Module javaBase = Object.class.getModule();
        Module self = SegmentMemory.class.getModule();
        boolean exported = javaBase.isExported("jdk.internal.misc", self)
                && javaBase.isExported("jdk.internal.foreign", self);
        assertEquals(exported, SegmentMemory.scopedAccess());
        try (SegmentMemory m = memory(1, 1)) {
            assertEquals(exported ? "ScopedSegmentMemory" : "PortableSegmentMemory", m.getClass().getSimpleName());
        }
    }

    @Test
    void resetMakesTheMemoryAsNewForTheNextProcess() {
        try (SegmentMemory m = memory(2, 64)) {
            m.writeI32(100, 42);
            assertEquals(2, m.grow(30)); // 32 pages: 2 MiB, past the in-place fill of the first MiB
            m.writeI32(31 * PAGE, 7);
            m.reset();
            assertEquals(2, m.pages(), "back to the initial size");
            assertEquals(0, m.readInt(100));
            assertOutOfBounds(() -> m.readInt(31 * PAGE));
            assertEquals(2, m.grow(30));
            assertEquals(0, m.readInt(31 * PAGE), "pages given back read as zero when grown again");
            m.writeI32(200, 5);
            assertEquals(5, m.readInt(200), "still usable");
        }
    }

    private static com.dylibso.chicory.wasm.types.DataSegment[] segmentAt(int offset, String text) {
        var at = java.util.List.of(
                new com.dylibso.chicory.wasm.types.Instruction(0, com.dylibso.chicory.wasm.types.OpCode.I32_CONST, new long[] {offset}),
                new com.dylibso.chicory.wasm.types.Instruction(0, com.dylibso.chicory.wasm.types.OpCode.END, new long[0]));
        return new com.dylibso.chicory.wasm.types.DataSegment[] {
                new com.dylibso.chicory.wasm.types.ActiveDataSegment(0, at, text.getBytes())};
    }

    @Test
    void anImageOfTheFirstInstantiationStandsForTheNextOnesOfTheSameSegmentsOnly() {
        var segments = segmentAt(1000, "data");
        MemoryImage image;
        try (SegmentMemory first = memory(2, 4)) {
            first.captureImage();
            first.zero(); // as Chicory calls it for a memory the module defines
            first.initialize(null, segments.clone(), 0);
            assertEquals('d', first.read(1000));
            image = first.takeImage();
            assertEquals(4, image.size(), "the span the segments cover");
        }
        try (SegmentMemory reused = memory(2, 4)) {
            reused.writeI32(5000, 7); // a previous process's data
            reused.reset();
            assertTrue(reused.prepare(image));
            reused.zero();
            reused.initialize(null, segments.clone(), 0); // the same module's segments, a new array as Chicory makes it
            assertEquals("data", new String(reused.readBytes(1000, 4)));
            assertEquals(0, reused.readInt(5000), "zero outside the image");
        }
        try (SegmentMemory other = memory(2, 4)) {
            assertTrue(other.prepare(image));
            other.zero();
            other.initialize(null, segmentAt(2000, "else"), 0); // another module: the image must not be left behind
            assertEquals(0, other.readInt(1000));
            assertEquals("else", new String(other.readBytes(2000, 4)));
        }
        try (SegmentMemory bigger = memory(3, 4)) {
            assertFalse(bigger.prepare(image), "an image is for memories of its initial size");
        }
    }

    @Test
    void loadsAndStoresAreLittleEndianAndUnaligned() {
        try (SegmentMemory m = memory(1, 1)) {
            m.writeI32(1, 0x04030201);
            assertEquals(1, m.read(1));
            assertEquals(4, m.read(4));
            assertEquals(0x04030201, m.readInt(1));
            m.writeLong(9, 0x0807060504030201L);
            assertEquals(0x0807060504030201L, m.readLong(9));
            m.writeShort(31, (short) -2);
            assertEquals(-2, m.readShort(31));
            assertEquals(0xFFFE, m.readU16(31));
            m.writeF32(40, 1.5f);
            assertEquals(1.5f, m.readFloat(40));
            assertEquals(Float.floatToRawIntBits(1.5f), m.readF32(40));
            m.writeF64(51, -2.25);
            assertEquals(-2.25, m.readDouble(51));
            assertEquals(Double.doubleToRawLongBits(-2.25), m.readF64(51));
            m.writeByte(PAGE - 1, (byte) 7);
            assertEquals(7, m.readU8(PAGE - 1));
        }
    }

    @Test
    void outOfBoundsAccessTrapsLikeChicory() {
        try (SegmentMemory m = memory(1, 2)) {
            assertOutOfBounds(() -> m.read(PAGE));
            assertOutOfBounds(() -> m.read(-1));
            assertOutOfBounds(() -> m.readInt(PAGE - 3));
            assertOutOfBounds(() -> m.writeLong(PAGE - 7, 1));
            assertOutOfBounds(() -> m.readDouble(Integer.MIN_VALUE));
            assertOutOfBounds(() -> m.atomicAddInt(PAGE, 1));
            assertOutOfBounds(() -> m.atomicAddByte(PAGE + 3, (byte) 1));
            assertOutOfBounds(() -> m.readBytes(PAGE - 1, 2));
            assertOutOfBounds(() -> m.write(PAGE, new byte[1]));
            assertOutOfBounds(() -> m.fill((byte) 1, PAGE - 1, PAGE + 1));
            assertOutOfBounds(() -> m.copy(0, PAGE - 1, 2));
            assertOutOfBounds(() -> m.atomicNotify(PAGE, 1));
            // Zero-length accesses at the very end are in bounds (spec), one byte further is not.
            m.fill((byte) 1, PAGE, PAGE);
            assertEquals(0, m.readBytes(PAGE, 0).length);
            assertOutOfBounds(() -> m.fill((byte) 1, PAGE + 1, PAGE + 1));
        }
    }

    @Test
    void unalignedAtomicsTrap() {
        try (SegmentMemory m = memory(1, 1)) {
            assertUnaligned(() -> m.atomicAddInt(2, 1));
            assertUnaligned(() -> m.atomicReadLong(4));
            assertUnaligned(() -> m.atomicCmpxchgLong(12, 0, 1));
            assertUnaligned(() -> m.atomicWriteShort(1, (short) 1));
            assertUnaligned(() -> m.atomicXchgShort(3, (short) 1));
            assertUnaligned(() -> m.atomicNotify(2, 1));
            assertUnaligned(() -> m.wait32(6, 0, 0));
            assertUnaligned(() -> m.wake(6, 1));
            // Bytes have no alignment; plain accesses may be misaligned.
            assertEquals(0, m.atomicAddByte(3, (byte) 1));
            m.writeLong(3, 1);
        }
    }

    @Test
    void subWordAtomicsTouchOnlyTheirLane() {
        try (SegmentMemory m = memory(1, 1)) {
            m.writeI32(0, 0x11223344);
            assertEquals((byte) 0x22, m.atomicAddByte(2, (byte) 0x10));
            assertEquals(0x11323344, m.readInt(0));
            assertEquals((byte) 0x11, m.atomicXchgByte(3, (byte) 0xFF));
            assertEquals(0xFF323344, m.readInt(0));
            assertEquals((short) 0x3344, m.atomicAndShort(0, (short) 0x0F0F));
            assertEquals(0xFF320304, m.readInt(0));
            assertEquals((short) 0xFF32, m.atomicOrShort(2, (short) 0x00C0));
            assertEquals(0xFFF20304, m.readInt(0));
            assertEquals((short) 0x0304, m.atomicXorShort(0, (short) 0xFFFF));
            assertEquals(0xFFF2FCFB, m.readInt(0));
            // Failed compare-exchange returns the current lane and changes nothing.
            assertEquals((byte) 0xFB, m.atomicCmpxchgByte(0, (byte) 0, (byte) 1));
            assertEquals((byte) 0xFB, m.atomicCmpxchgByte(0, (byte) 0xFB, (byte) 1));
            assertEquals(0xFFF2FC01, m.readInt(0));
            assertEquals((short) 0xFFF2, m.atomicCmpxchgShort(2, (short) 0xFFF2, (short) 0x1234));
            assertEquals(0x1234FC01, m.readInt(0));
            // Wrap-around stays inside the lane.
            assertEquals((short) 0x1234, m.atomicAddShort(2, (short) 0xEDCC));
            assertEquals(0x0000FC01, m.readInt(0));
            assertEquals((byte) 0xFC, m.atomicAddByte(1, (byte) 4));
            assertEquals(0x00000001, m.readInt(0));
            assertEquals((short) 0, m.atomicReadShort(2));
            m.atomicWriteByte(2, (byte) 9);
            assertEquals(9, m.atomicReadByte(2));
        }
    }

    @Test
    void wideAtomicsReturnThePreviousValue() {
        try (SegmentMemory m = memory(1, 1)) {
            assertEquals(0, m.atomicAddInt(8, 5));
            assertEquals(5, m.atomicAndInt(8, 4));
            assertEquals(4, m.atomicOrInt(8, 3));
            assertEquals(7, m.atomicXorInt(8, 1));
            assertEquals(6, m.atomicXchgInt(8, 10));
            assertEquals(10, m.atomicCmpxchgInt(8, 10, 11));
            assertEquals(11, m.atomicCmpxchgInt(8, 10, 12));
            assertEquals(11, m.atomicReadInt(8));
            assertEquals(0, m.atomicAddLong(16, 1L << 40));
            assertEquals(1L << 40, m.atomicXchgLong(16, -1));
            assertEquals(-1, m.atomicAndLong(16, 0xFF));
            assertEquals(0xFF, m.atomicOrLong(16, 0x100));
            assertEquals(0x1FF, m.atomicXorLong(16, 0x1));
            assertEquals(0x1FE, m.atomicCmpxchgLong(16, 0x1FE, 3));
            m.atomicWriteLong(24, 42);
            assertEquals(42, m.atomicReadLong(24));
            m.atomicFence();
        }
    }

    @Test
    void growReturnsOldSizeOrMinusOneAndKeepsAddressAndData() {
        try (SegmentMemory m = memory(1, 4)) {
            long base = m.baseAddress();
            m.writeI32(PAGE - 4, 0xCAFE);
            assertEquals(1, m.grow(2));
            assertEquals(3, m.pages());
            assertEquals(base, m.baseAddress());
            assertEquals(0xCAFE, m.readInt(PAGE - 4));
            m.writeI32(3 * PAGE - 4, 1);
            assertEquals(-1, m.grow(2));
            assertEquals(-1, m.grow(-1));
            assertEquals(3, m.grow(0));
            assertEquals(3, m.grow(1));
            assertEquals(-1, m.grow(1));
            assertOutOfBounds(() -> m.read(4 * PAGE));
        }
    }

    @Test
    void maximumIsCappedAtChicorysRuntimeLimit() {
        try (SegmentMemory m = SegmentMemory.create(new MemoryLimits(1, MemoryLimits.MAX_PAGES, true))) {
            assertEquals(Memory.RUNTIME_MAX_PAGES, m.maximumPages());
            assertEquals(1, m.initialPages());
            assertTrue(m.shared());
        }
    }

    @Test
    void reservingTheMaximumCommitsAlmostNoMemory() throws IOException {
        long before = rssBytes();
        try (SegmentMemory m = SegmentMemory.create(new MemoryLimits(1, MemoryLimits.MAX_PAGES, true))) {
            // Grow to the full 2 GiB and touch both ends: only the touched pages become resident.
            assertEquals(1, m.grow(Memory.RUNTIME_MAX_PAGES - 1));
            m.writeI32(0, 1);
            m.writeI32(Memory.RUNTIME_MAX_PAGES * PAGE - 4, 2);
            long after = rssBytes();
            assertTrue(after - before < 64L << 20, "RSS grew by " + ((after - before) >> 20) + " MiB");
        }
    }

    private static long rssBytes() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
            }
        }
        throw new IllegalStateException("no VmRSS in /proc/self/status");
    }

    @Test
    void accessAfterCloseTrapsInsteadOfCrashing() {
        SegmentMemory m = memory(1, 1);
        m.writeI32(0, 1);
        m.close();
        assertTrue(m.isClosed());
        assertOutOfBounds(() -> m.readInt(0));
        assertOutOfBounds(() -> m.writeByte(0, (byte) 1));
        assertOutOfBounds(() -> m.atomicAddInt(0, 1));
        assertOutOfBounds(() -> m.atomicCmpxchgShort(0, (short) 0, (short) 1));
        assertOutOfBounds(() -> m.readBytes(0, 4));
        assertOutOfBounds(() -> m.copy(0, 4, 4));
        assertOutOfBounds(m::zero);
        assertEquals(-1, m.grow(1));
        m.close(); // idempotent
    }

    @Test
    void closeRacingWithAccessesMakesThemTrap() throws Exception {
        SegmentMemory m = memory(16, 16);
        AtomicReference<Throwable> ended = new AtomicReference<>();
        Thread reader = Thread.ofVirtual().start(() -> {
            try {
                long sum = 0;
                for (int i = 0; ; i = (i + 64) & (16 * PAGE - 1)) {
                    sum += m.readLong(i) + m.atomicAddInt(i, 1);
                }
            } catch (Throwable t) {
                ended.set(t);
            }
        });
        Thread.sleep(50);
        m.close();
        reader.join();
        assertInstanceOf(WasmRuntimeException.class, ended.get());
    }

    @Test
    void bulkOperations() {
        try (SegmentMemory m = memory(1, 1)) {
            m.write(10, new byte[] {1, 2, 3, 4, 5});
            assertArrayEquals(new byte[] {1, 2, 3, 4, 5}, m.readBytes(10, 5));
            m.copy(12, 10, 5); // overlapping, forward
            assertArrayEquals(new byte[] {1, 2, 1, 2, 3, 4, 5}, m.readBytes(10, 7));
            m.copy(10, 12, 5); // overlapping, backward
            assertArrayEquals(new byte[] {1, 2, 3, 4, 5, 4, 5}, m.readBytes(10, 7));
            m.fill((byte) 9, 11, 13);
            assertArrayEquals(new byte[] {1, 9, 9, 4}, m.readBytes(10, 4));
            m.writeCString(100, "héllo");
            assertEquals("héllo", m.readCString(100));
            assertArrayEquals(new byte[] {9, 4}, m.slice(12, 2).toArray(java.lang.foreign.ValueLayout.JAVA_BYTE));
            m.zero();
            assertArrayEquals(new byte[7], m.readBytes(10, 7));
            assertOutOfBounds(() -> m.write(0, new byte[4], 2, 3));
        }
    }

    @Test
    void unsharedMemoryRejectsWaitButNotNotify() {
        try (SegmentMemory m = SegmentMemory.create(new MemoryLimits(1, 1, false))) {
            assertFalse(m.shared());
            assertThrows(com.dylibso.chicory.runtime.TrapException.class, () -> m.atomicWait(0, 0, 0L));
            assertEquals(0, m.atomicNotify(0, 1));
            // The host futex still works as a timed sleep on an unshared memory.
            assertEquals(Futex.TIMED_OUT, m.wait32(0, 0, 1_000));
            assertEquals(Futex.NOT_EQUAL, m.wait32(0, 1, 1_000));
        }
    }
}
