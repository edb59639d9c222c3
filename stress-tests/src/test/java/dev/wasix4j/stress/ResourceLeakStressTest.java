package dev.wasix4j.stress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wasix4j.threads.ThreadMode;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Sequential runs must not accumulate anything: Java heap (leaked instances, threads, process
 * state), address space (a guest memory reserves its whole maximum with mmap, so one leaked memory
 * shows as gigabytes of VmSize) or platform threads.
 */
@Timeout(value = 180, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ResourceLeakStressTest {
    private static final int WARM_UP = 30;
    private static final int RUNS = 200;
    /**
     * 4 MiB for 200 runs, 20 KiB a run. Measured on JDK 25: the heap moves by well under 100 KiB over
     * 200 clean runs, while merely keeping each ended WasixProcess reachable costs about 58 KiB a
     * run (its process state, dispatcher and thread table, without any instance), so one leaked
     * process, instance or guest thread per run fails this.
     */
    private static final long HEAP_BOUND = 4L << 20;
    /** Less than one leaked guest memory reservation. */
    private static final long ADDRESS_SPACE_BOUND = 1L << 30;

    @ParameterizedTest
    @EnumSource(ThreadMode.class)
    void twoHundredRunsOfCreateJoinLeaveNothingBehind(ThreadMode mode) throws InterruptedException {
        var e = Stress.expected("create_join.wasm");
        for (int i = 1; i <= WARM_UP; i++) {
            e.check(Stress.run("threads/wasm/create_join.wasm", b -> b.threadMode(mode)), "(warm-up " + i + ")");
        }
        var threads = ManagementFactory.getThreadMXBean();
        long heap0 = Stress.usedHeapAfterGc();
        long vm0 = Stress.procStatusBytes("VmSize");
        int platform0 = threads.getThreadCount();
        int runs = Stress.reps(RUNS);
        for (int i = 1; i <= runs; i++) {
            e.check(Stress.run("threads/wasm/create_join.wasm", b -> b.threadMode(mode)), "(" + mode + ", run " + i + ")");
        }
        long heap1 = Stress.usedHeapAfterGc();
        long vm1 = Stress.procStatusBytes("VmSize");
        int platform1 = threads.getThreadCount();
        System.out.printf("%s: %d runs of create_join: used heap %d -> %d KiB (%+d), VmSize %d -> %d MiB, platform threads %d -> %d%n",
                mode, runs, heap0 >> 10, heap1 >> 10, (heap1 - heap0) >> 10, vm0 >> 20, vm1 >> 20, platform0, platform1);
        assertTrue(heap1 - heap0 < HEAP_BOUND, "used heap grew by " + ((heap1 - heap0) >> 10) + " KiB over " + runs + " runs");
        if (vm0 > 0) {
            assertTrue(vm1 - vm0 < ADDRESS_SPACE_BOUND, "address space grew by " + ((vm1 - vm0) >> 20) + " MiB over " + runs
                    + " runs: guest memories are not unmapped");
        }
        // a few JVM threads may come and go (compiler, GC); guest threads must not stay
        assertTrue(platform1 - platform0 < 8, "platform threads " + platform0 + " -> " + platform1);
        assertEquals(0, Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().startsWith("wasix-")).count(),
                "no wasix- platform thread is left");
    }
}
