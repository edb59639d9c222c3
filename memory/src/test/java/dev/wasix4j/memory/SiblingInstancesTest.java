package dev.wasix4j.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.dylibso.chicory.runtime.Memory;
import com.dylibso.chicory.runtime.WasmRuntimeException;
import com.dylibso.chicory.wasm.types.MemoryLimits;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Two instances of one module importing the same memory, as the host runs the threads of a guest process. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SiblingInstancesTest {

    private static final int DATA = 1024;
    private static final String DATA_TEXT = "wasix4j";

    // The module declares a 65536-page maximum; Chicory accepts at most 32767 pages.
    private final SegmentMemory memory = SegmentMemory.create(new MemoryLimits(1, MemoryLimits.MAX_PAGES, true));

    @AfterEach
    void close() {
        memory.close();
    }

    @Test
    void siblingsOnDifferentVirtualThreadsSeeEachOthersWrites() throws Exception {
        Guest main = Guest.of("shared", memory);
        Guest sibling = Guest.of("shared", memory);
        try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
            threads.submit(() -> main.call("atomic_store", 4096, 0x1234)).get();
            assertEquals(0x1234, threads.submit(() -> sibling.callInt("atomic_load", 4096)).get());
            threads.submit(() -> sibling.call("store", 8000, 77)).get();
            assertEquals(77, threads.submit(() -> main.callInt("load", 8000)).get());
        }
        assertEquals(77, memory.readInt(8000));
    }

    @Test
    void activeDataIsWrittenOncePerMemoryNotPerInstance() {
        Guest main = Guest.of("shared", memory);
        assertEquals(DATA_TEXT, memory.readString(DATA, DATA_TEXT.length()));
        main.call("store", DATA, 0x21212121); // the process changes its .data ...
        Guest.of("shared", memory); // ... and a new thread's instance must not reset it
        assertEquals("!!!!" + DATA_TEXT.substring(4), memory.readString(DATA, DATA_TEXT.length()));
        assertEquals(DATA_TEXT.getBytes(StandardCharsets.UTF_8)[4], main.callInt("load8", DATA + 4));
    }

    @Test
    void growthByOneSiblingIsVisibleToTheOtherWithoutMovingData() throws Exception {
        Guest grower = Guest.of("shared", memory);
        Guest reader = Guest.of("shared", memory);
        long base = memory.baseAddress();
        int lastOfFirstPage = Memory.PAGE_SIZE - 4;
        grower.call("store", lastOfFirstPage, 99);
        int farAway = 3 * Memory.PAGE_SIZE + 16;
        assertThrows(WasmRuntimeException.class, () -> reader.call("load", farAway));
        try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
            assertEquals(1, threads.submit(() -> grower.callInt("grow", 4)).get());
            assertEquals(5, threads.submit(() -> reader.callInt("size")).get());
            threads.submit(() -> reader.call("store", farAway, 5)).get();
            assertEquals(5, threads.submit(() -> grower.callInt("load", farAway)).get());
            assertEquals(99, threads.submit(() -> reader.callInt("load", lastOfFirstPage)).get());
        }
        assertEquals(base, memory.baseAddress());
        assertTrue(memory.pages() == 5);
    }

    @Test
    void guestMisalignedAtomicTraps() {
        Guest guest = Guest.of("shared", memory);
        var e = assertThrows(com.dylibso.chicory.wasm.InvalidException.class,
                () -> guest.call("atomic_load_at_offset_1", 0));
        assertEquals("unaligned atomic", e.getMessage());
        var oob = assertThrows(WasmRuntimeException.class, () -> guest.call("load", Memory.PAGE_SIZE));
        assertTrue(oob.getMessage().startsWith("out of bounds memory access"));
    }
}
