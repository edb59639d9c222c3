package dev.wasix4j.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.dylibso.chicory.wasm.types.MemoryLimits;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class AtomicsTest {

    private static final int THREADS = 64;
    private static final int ADDS_PER_THREAD = 5_000;
    private static final int COUNTER = 256;

    private final SegmentMemory memory = SegmentMemory.create(new MemoryLimits(1, 16, true));

    @AfterEach
    void close() {
        memory.close();
    }

    private static void runAll(List<Runnable> tasks) throws Exception {
        try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> futures = new ArrayList<>();
            for (Runnable task : tasks) {
                futures.add(threads.submit(task));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        }
    }

    @Test
    void counterHammeredByDirectCallsEndsExact() throws Exception {
        List<Runnable> tasks = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            tasks.add(() -> {
                for (int i = 0; i < ADDS_PER_THREAD; i++) {
                    memory.atomicAddInt(COUNTER, 1);
                    memory.atomicAddLong(COUNTER + 8, 3);
                }
            });
        }
        runAll(tasks);
        assertEquals(THREADS * ADDS_PER_THREAD, memory.atomicReadInt(COUNTER));
        assertEquals(3L * THREADS * ADDS_PER_THREAD, memory.atomicReadLong(COUNTER + 8));
    }

    @Test
    void counterHammeredByCompiledGuestsEndsExact() throws Exception {
        List<Runnable> tasks = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            // One instance per thread, all importing the same memory: the host's thread model.
            Guest guest = Guest.of("shared", memory);
            tasks.add(() -> guest.call("atomic_add_loop", COUNTER, ADDS_PER_THREAD));
        }
        runAll(tasks);
        assertEquals(THREADS * ADDS_PER_THREAD, memory.atomicReadInt(COUNTER));
    }

    @Test
    void subWordCountersInOneWordStayIndependent() throws Exception {
        // Byte lanes 0..3 of one word and a short lane next door, each hammered by its own threads: a non-atomic
        // sub-word update would lose increments or spill into a neighbour.
        final int perLane = 4;
        List<Runnable> tasks = new ArrayList<>();
        for (int lane = 0; lane < 4; lane++) {
            final int addr = COUNTER + lane;
            final byte step = (byte) (lane + 1);
            for (int t = 0; t < perLane; t++) {
                tasks.add(() -> {
                    for (int i = 0; i < ADDS_PER_THREAD; i++) {
                        memory.atomicAddByte(addr, step);
                    }
                });
            }
        }
        for (int t = 0; t < perLane; t++) {
            tasks.add(() -> {
                for (int i = 0; i < ADDS_PER_THREAD; i++) {
                    memory.atomicAddShort(COUNTER + 6, (short) 1);
                }
            });
        }
        runAll(tasks);
        for (int lane = 0; lane < 4; lane++) {
            int expected = (perLane * ADDS_PER_THREAD * (lane + 1)) & 0xFF;
            assertEquals(expected, memory.read(COUNTER + lane) & 0xFF, "byte lane " + lane);
        }
        assertEquals(0, memory.readShort(COUNTER + 4));
        assertEquals((perLane * ADDS_PER_THREAD) & 0xFFFF, memory.readShort(COUNTER + 6) & 0xFFFF);
    }

    @Test
    void spinningGuestsOnVirtualThreadsMakeProgress() throws Exception {
        // Each guest busy-waits (i32.atomic.load in a loop, no wait instruction) for its turn and then passes the
        // turn on. Started last-turn-first, the spinners occupy every carrier; without the yield point in the
        // atomics the thread whose turn it is would never be scheduled. Several rounds, because whether a plain
        // Thread.yield() is enough depends on which scheduler queue each thread lands in.
        final int guests = 2 * Runtime.getRuntime().availableProcessors() + 2;
        final int rounds = 5;
        for (int round = 0; round < rounds; round++) {
            final int turn = 512 + round * Integer.BYTES;
            List<Runnable> tasks = new ArrayList<>();
            for (int g = guests - 1; g >= 0; g--) {
                Guest guest = Guest.of("shared", memory);
                final int mine = g;
                tasks.add(() -> guest.call("spin_then_pass", turn, mine));
            }
            runAll(tasks);
            assertEquals(guests, memory.atomicReadInt(turn));
        }
    }
}
