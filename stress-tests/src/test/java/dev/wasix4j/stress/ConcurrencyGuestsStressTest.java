package dev.wasix4j.stress;

import dev.wasix4j.threads.ThreadMode;
import java.util.stream.Stream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every concurrency guest of guests/threads/expected.tsv, run again and again: each run must give
 * the exact stdout and exit code, and leave no guest thread alive. A run that does not end within
 * {@link Stress#HANG} is killed, its threads are dumped under target/thread-dumps, and the test
 * fails; the class-level timeout is the backstop if even that cannot happen.
 */
@Timeout(value = 240, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ConcurrencyGuestsStressTest {

    /** A guest line of expected.tsv and how many times to run it. */
    record Case(Stress.Expected expected, int reps) {
        @Override
        public String toString() {
            return expected + " x" + reps;
        }
    }

    private static Case of(int reps, String wasm, String... args) {
        return new Case(Stress.expected(wasm, args), Stress.reps(reps));
    }

    /**
     * Virtual threads (the default): at least 100 runs each, about 40 s in all on 2 cores. A
     * spin_flag run takes a few ms on a quiet machine but often ~250 ms while another process
     * keeps a core busy (its spinners then wait for yield points), hence only 100 of it.
     */
    static Stream<Case> virtualThreads() {
        return Stream.of(
                of(500, "create_join.wasm"),
                of(200, "create_join.wasm", "32"),
                of(100, "mutex_counter.wasm"),
                of(200, "prod_cons.wasm"),
                of(100, "exit_while_blocked.wasm"),
                of(500, "worker_trap.wasm"),
                of(100, "futex_timeout.wasm"),
                of(300, "detached_spin.wasm"),
                of(300, "detached_busy.wasm"),
                of(200, "detached_exit.wasm"),
                of(100, "spin_flag.wasm"),
                of(100, "cpu_threads.wasm"),
                of(500, "wasi_threads.wasm"),
                of(100, "atomic_wait_timeout.wasm"));
    }

    /**
     * Platform threads: the same guests on OS threads, 50 runs each but the slowest (spin_flag
     * spins three OS threads on two cores: 1-2 s a run when another process takes a core).
     */
    static Stream<Case> platformThreads() {
        return Stream.of(
                of(50, "create_join.wasm", "32"),
                of(50, "mutex_counter.wasm"),
                of(50, "prod_cons.wasm"),
                of(50, "exit_while_blocked.wasm"),
                of(50, "worker_trap.wasm"),
                of(50, "detached_busy.wasm"),
                of(10, "spin_flag.wasm"),
                of(20, "cpu_threads.wasm"),
                of(50, "wasi_threads.wasm"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("virtualThreads")
    void virtualThreadsEveryRunExact(Case c) throws InterruptedException {
        repeat(c, ThreadMode.VIRTUAL);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("platformThreads")
    void platformThreadsEveryRunExact(Case c) throws InterruptedException {
        repeat(c, ThreadMode.PLATFORM);
    }

    private static void repeat(Case c, ThreadMode mode) throws InterruptedException {
        var e = c.expected();
        String guest = "threads/wasm/" + e.wasm();
        String[] args = e.args().toArray(String[]::new);
        for (int i = 1; i <= c.reps(); i++) {
            var r = Stress.start(guest, b -> b.threadMode(mode), args).await();
            e.check(r, "(" + mode + " threads, run " + i + " of " + c.reps() + ")");
        }
    }
}
