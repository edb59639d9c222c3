package dev.wasix4j.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;

import com.dylibso.chicory.runtime.ByteArrayMemory;
import com.dylibso.chicory.runtime.Memory;
import com.dylibso.chicory.wasm.types.MemoryLimits;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class GuestMemoriesTest {

    @Test
    void sharedMemoriesAreSegmentMemoriesCappedAtTheRuntimeMaximum() {
        Memory m = GuestMemories.create(new MemoryLimits(2, MemoryLimits.MAX_PAGES, true), true);
        try (SegmentMemory s = assertInstanceOf(SegmentMemory.class, m)) {
            assertEquals(Memory.RUNTIME_MAX_PAGES, s.maximumPages());
            assertEquals(2, s.pages());
            assertSame(s, GuestMemories.futex(s));
        }
    }

    @Test
    void unsharedBackingFollowsTheOptions() {
        MemoryLimits limits = new MemoryLimits(1, 4);
        Memory array = GuestMemories.create(limits, false,
                MemoryOptions.defaults().withUnsharedBacking(MemoryOptions.Backing.BYTE_ARRAY));
        assertInstanceOf(ByteArrayMemory.class, array);
        Memory segment = GuestMemories.create(limits, false,
                MemoryOptions.defaults().withUnsharedBacking(MemoryOptions.Backing.SEGMENT));
        assertInstanceOf(SegmentMemory.class, segment);
        ((SegmentMemory) segment).close();
        Memory viaFactory = GuestMemories.factory(MemoryOptions.defaults()).apply(new MemoryLimits(1, 4, true));
        assertInstanceOf(SegmentMemory.class, viaFactory);
        ((SegmentMemory) viaFactory).close();
    }

    @Test
    void futexOnAForeignMemoryWaitsAndWakes() throws Exception {
        Memory array = new ByteArrayMemory(new MemoryLimits(1, 1));
        Futex futex = GuestMemories.futex(array);
        assertSame(futex, GuestMemories.futex(array));
        assertEquals(Futex.NOT_EQUAL, futex.wait32(0, 1, -1));
        assertEquals(Futex.TIMED_OUT, futex.wait32(0, 0, 1000));
        try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<Integer> waiter = threads.submit(() -> futex.wait32(8, 0, -1));
            int woken = 0;
            while (woken == 0) {
                woken = futex.wake(8, 1);
                Thread.sleep(1);
            }
            assertEquals(Futex.OK, waiter.get());
        }
    }
}
