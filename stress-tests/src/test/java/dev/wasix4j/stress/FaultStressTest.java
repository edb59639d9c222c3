package dev.wasix4j.stress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wasix4j.core.process.ExitCodes;
import dev.wasix4j.threads.ThreadMode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Ending processes from outside while their threads are in every state a guest thread can be in
 * (parked in a futex or atomic wait, spinning on an atomic, in a plain compute loop), time limits
 * on processes with many threads, many processes at once, and exit from one thread while others
 * join. {@code hold_threads.wasm} (src/test/resources/guests) keeps N threads in a chosen state.
 */
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class FaultStressTest {
    private static final String HOLD = Stress.own("hold_threads.wasm");
    /** How soon after kill() or the time limit a process must be gone: "promptly", with CI slack. */
    private static final long PROMPT_MS = 2_000;

    /** Kills {@code running} and checks it ends with 137, promptly, with no thread left. */
    private static void killAndCheck(Stress.Running running, String state) throws InterruptedException {
        long t0 = System.nanoTime();
        running.process().kill();
        var r = running.await(Duration.ofSeconds(30));
        long ms = (System.nanoTime() - t0) / 1_000_000;
        String ctx = running.label() + " killed while " + state + ": " + r.describe();
        assertEquals(ExitCodes.KILLED, r.exitCode(), ctx);
        assertEquals(0, r.liveThreads(), ctx);
        assertTrue(ms < PROMPT_MS, "ended " + ms + " ms after kill(): " + ctx);
    }

    @ParameterizedTest
    @EnumSource(ThreadMode.class)
    void killEndsThreadsParkedInAtomicWaits(ThreadMode mode) throws InterruptedException {
        int n = mode == ThreadMode.VIRTUAL ? 1000 : 200;
        for (int i = 0; i < Stress.reps(10); i++) {
            var p = Stress.start(HOLD, b -> b.threadMode(mode), String.valueOf(n), "park");
            Stress.awaitStdout(p, "started=" + n + "\n", Duration.ofSeconds(30));
            assertEquals(n + 1, p.process().liveThreads(), "main and " + n + " parked threads");
            killAndCheck(p, n + " threads are parked in memory.atomic.wait32");
        }
    }

    /** many_threads parks its workers in a futex barrier (wasix futex_wait) until all N have started. */
    @Test
    void killEndsThreadsParkedInWasixFutexWaits() throws InterruptedException {
        for (int i = 0; i < Stress.reps(5); i++) {
            var p = Stress.start("threads/wasm/many_threads.wasm", "100000");
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (p.process().liveThreads() < 2000 && System.nanoTime() < deadline) {
                Thread.sleep(1);
            }
            assertTrue(p.process().liveThreads() >= 2000, "2000 threads started: " + p.stderr());
            killAndCheck(p, "thousands of threads are parked in futex_wait");
            assertEquals("", p.stdout());
        }
    }

    @ParameterizedTest
    @EnumSource(ThreadMode.class)
    void killEndsThreadsSpinningOnAnAtomic(ThreadMode mode) throws InterruptedException {
        for (int i = 0; i < Stress.reps(10); i++) {
            var p = Stress.start(HOLD, b -> b.threadMode(mode), "8", "spin");
            Stress.awaitStdout(p, "started=8\n", Duration.ofSeconds(30));
            killAndCheck(p, "8 threads spin on i32.atomic.load");
        }
    }

    /**
     * Threads in a loop with no atomics and no calls never give up a virtual thread's carrier, so
     * with more of them than cores even main may not get to run again: kill() must still end them.
     */
    @ParameterizedTest
    @EnumSource(ThreadMode.class)
    void killEndsThreadsInAComputeLoop(ThreadMode mode) throws InterruptedException {
        for (int i = 0; i < Stress.reps(10); i++) {
            var p = Stress.start(HOLD, b -> b.threadMode(mode), "8", "busy");
            if (mode == ThreadMode.PLATFORM) {
                Stress.awaitStdout(p, "started=8\n", Duration.ofSeconds(30));
            } else {
                Thread.sleep(100);
            }
            killAndCheck(p, "threads run a loop without atomics or calls");
        }
    }

    /** A real compute kernel (Mandelbrot, 4 threads, about 10 s of work) killed half-way. */
    @Test
    void killEndsACpuBoundParallelGuest() throws InterruptedException {
        for (int i = 0; i < Stress.reps(5); i++) {
            var p = Stress.start("threads/wasm/parallel_sum.wasm", "4", "8192");
            Thread.sleep(300);
            assertTrue(p.process().liveThreads() >= 1, "still computing");
            killAndCheck(p, "4 threads compute");
            assertEquals("", p.stdout());
        }
    }

    /** Two threads passing a token through a futex many million times, killed mid-way. */
    @Test
    void killEndsAFutexPingPong() throws InterruptedException {
        for (int i = 0; i < Stress.reps(5); i++) {
            var p = Stress.start("threads/wasm/futex_pingpong.wasm", "100000000");
            Thread.sleep(200);
            killAndCheck(p, "2 threads ping-pong on a futex");
        }
    }

    @ParameterizedTest
    @EnumSource(ThreadMode.class)
    void aTimeLimitEndsAProcessWithAThousandParkedThreads(ThreadMode mode) throws InterruptedException {
        for (int i = 0; i < Stress.reps(3); i++) {
            var p = Stress.start(HOLD, b -> b.threadMode(mode).timeout(Duration.ofSeconds(3)), "1000", "park");
            var r = p.await(Duration.ofSeconds(30));
            String ctx = r.describe();
            assertEquals(ExitCodes.TIMEOUT, r.exitCode(), ctx);
            assertEquals("started=1000\n", r.stdout(), "every thread was parked before the limit: " + ctx);
            assertEquals("wasix4j: time limit of 3 s reached; process stopped\n", r.stderr(), ctx);
            assertEquals(0, r.liveThreads(), ctx);
            assertEquals(1001, r.startedThreads(), ctx);
            assertTrue(r.millis() < 3_000 + PROMPT_MS, "ended " + r.millis() + " ms after the start: " + ctx);
        }
    }

    /**
     * The time limit must also stop threads that never give up their carrier (no atomics, no
     * calls), and more of them than the JVM has cores.
     */
    @ParameterizedTest
    @EnumSource(ThreadMode.class)
    void aTimeLimitEndsThreadsInAComputeLoop(ThreadMode mode) throws InterruptedException {
        int n = Math.max(2, Runtime.getRuntime().availableProcessors()) * 2;
        var p = Stress.start(HOLD, b -> b.threadMode(mode).timeout(Duration.ofMillis(500)), String.valueOf(n), "busy");
        var r = p.await(Duration.ofSeconds(30));
        String ctx = r.describe();
        assertEquals(ExitCodes.TIMEOUT, r.exitCode(), ctx);
        assertEquals(0, r.liveThreads(), ctx);
        assertTrue(r.millis() < 500 + PROMPT_MS, "ended " + r.millis() + " ms after the start: " + ctx);
    }

    /** 16 processes of mutex_counter at once (64 threads each): every one exact, none disturbs another. */
    @ParameterizedTest
    @EnumSource(ThreadMode.class)
    void sixteenConcurrentProcessesDoNotInterfere(ThreadMode mode) throws InterruptedException {
        var e = Stress.expected("mutex_counter.wasm");
        for (int round = 1; round <= Stress.reps(5); round++) {
            var running = new ArrayList<Stress.Running>();
            for (int i = 0; i < 16; i++) {
                running.add(Stress.start("threads/wasm/mutex_counter.wasm", b -> b.threadMode(mode)));
            }
            for (int i = 0; i < running.size(); i++) {
                e.check(running.get(i).await(), "(process " + (i + 1) + " of 16 at once, round " + round + ", " + mode + ")");
            }
        }
    }

    /**
     * Different guests at once: exits, traps and time-outs in some processes must not reach the
     * others. (Not detached_busy: two of its non-yielding loops would hold both carriers of a
     * 2-core machine until their mains run, see the README.)
     */
    @Test
    void mixedConcurrentProcessesDoNotInterfere() throws InterruptedException {
        List<Stress.Expected> guests = List.of(
                Stress.expected("create_join.wasm", "32"),
                Stress.expected("prod_cons.wasm"),
                Stress.expected("exit_while_blocked.wasm"),
                Stress.expected("worker_trap.wasm"),
                Stress.expected("futex_timeout.wasm"),
                Stress.expected("detached_spin.wasm"),
                Stress.expected("detached_exit.wasm"),
                Stress.expected("spin_flag.wasm"),
                Stress.expected("cpu_threads.wasm"),
                Stress.expected("wasi_threads.wasm"),
                Stress.expected("atomic_wait_timeout.wasm"),
                Stress.expected("mutex_counter.wasm"));
        for (int round = 1; round <= Stress.reps(5); round++) {
            var running = new ArrayList<Stress.Running>();
            var parked = Stress.start(HOLD, b -> b.timeout(Duration.ofMillis(200)), "100", "park");
            for (var g : guests) {
                running.add(Stress.start("threads/wasm/" + g.wasm(), g.args().toArray(String[]::new)));
            }
            var killed = Stress.start(HOLD, "50", "spin");
            Stress.awaitStdout(killed, "started=50\n", Duration.ofSeconds(30));
            killed.process().kill();
            for (int i = 0; i < guests.size(); i++) {
                guests.get(i).check(running.get(i).await(), "(" + guests.size() + " different guests at once, round " + round + ")");
            }
            assertEquals(ExitCodes.TIMEOUT, parked.await().exitCode());
            assertEquals(ExitCodes.KILLED, killed.await().exitCode());
        }
    }

    /** exit from one thread while main and others wait in join or a futex: exit code 3, promptly. */
    @ParameterizedTest
    @EnumSource(ThreadMode.class)
    void exitFromOneThreadWhileOthersJoin(ThreadMode mode) throws InterruptedException {
        var e = Stress.expected("exit_while_blocked.wasm");
        for (int i = 1; i <= Stress.reps(20); i++) {
            var r = Stress.start("threads/wasm/exit_while_blocked.wasm", b -> b.threadMode(mode)).await();
            e.check(r, "(" + mode + ", run " + i + ")");
            assertTrue(r.millis() < 50 + PROMPT_MS, "ended " + r.millis() + " ms after the start");
        }
    }

    /** A trap in a worker while main waits in join ends the whole process with 134, promptly. */
    @ParameterizedTest
    @EnumSource(ThreadMode.class)
    void trapInOneThreadWhileMainJoins(ThreadMode mode) throws InterruptedException {
        var e = Stress.expected("worker_trap.wasm");
        for (int i = 1; i <= Stress.reps(20); i++) {
            var r = Stress.start("threads/wasm/worker_trap.wasm", b -> b.threadMode(mode)).await();
            e.check(r, "(" + mode + ", run " + i + ")");
            assertTrue(r.millis() < PROMPT_MS, "ended " + r.millis() + " ms after the start");
        }
    }
}
