package dev.wasix4j.stress;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.wasix4j.threads.ThreadMode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** many_threads: 10 000 guest threads alive at once (each a sibling instance), a few times over. */
@Timeout(value = 180, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ManyThreadsStressTest {

    @Test
    void tenThousandLiveThreadsOnVirtualThreads() throws InterruptedException {
        var e = Stress.expected("many_threads.wasm");
        int reps = Stress.reps(5);
        for (int i = 1; i <= reps; i++) {
            var r = Stress.run("threads/wasm/many_threads.wasm", b -> {});
            e.check(r, "(run " + i + " of " + reps + ")");
            assertEquals(10_001, r.startedThreads(), "main and 10 000 workers");
            System.out.printf("many_threads run %d: %d ms%n", i, r.millis());
        }
    }

    /** 2 000 OS threads (a CI runner's process limit may not allow 10 000). */
    @Test
    void twoThousandLiveThreadsOnPlatformThreads() throws InterruptedException {
        for (int i = 1; i <= Stress.reps(2); i++) {
            var r = Stress.run("threads/wasm/many_threads.wasm", b -> b.threadMode(ThreadMode.PLATFORM).platformStackBytes(1L << 20), "2000");
            assertEquals(0, r.exitCode(), r.describe());
            assertEquals("alive=2000\n", r.stdout(), r.describe());
            assertEquals(0, r.liveThreads(), r.describe());
            System.out.printf("many_threads 2000 (platform) run %d: %d ms%n", i, r.millis());
        }
    }
}
