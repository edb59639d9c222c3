package dev.wasix4j.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wasix4j.core.process.ExitCodes;
import dev.wasix4j.core.testing.GuestRun;
import dev.wasix4j.core.testing.Guests;
import dev.wasix4j.threads.ThreadMode;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** How a process ends, and that it leaves nothing running behind. */
@Timeout(60)
class ProcessLifecycleTest {

    static WasixProcess start(String guest, ProcessOptions.Builder options, String... args) {
        var path = Guests.path(guest);
        var argv = new java.util.ArrayList<>(List.of(path.getFileName().toString()));
        argv.addAll(List.of(args));
        return WasixProgram.load(path, Engine.COMPILED).start(options.args(argv).build());
    }

    @ParameterizedTest
    @ValueSource(strings = {"exit_while_blocked.wasm", "worker_trap.wasm", "detached_spin.wasm", "detached_busy.wasm", "many_threads.wasm"})
    void noGuestThreadOutlivesItsProcess(String guest) throws Exception {
        var p = start("threads/wasm/" + guest, ProcessOptions.builder());
        p.waitFor();
        assertEquals(0, p.liveThreads(), "every guest thread has ended when waitFor returns");
        assertTrue(p.startedThreads() > 1, "the guest did start threads");
    }

    @Test
    void aTimeLimitStopsABusyLoopWithExit124AndAMessage() {
        var r = GuestRun.of("wat/forever.wasm", Engine.COMPILED, b -> b.timeout(Duration.ofMillis(300)));
        assertEquals(ExitCodes.TIMEOUT, r.exitCode());
        assertEquals("wasix4j: time limit of 300 ms reached; process stopped\n", r.stderr());
    }

    @Test
    void aTimeLimitStopsAThreadParkedInAFutexWait() {
        var r = GuestRun.of("wat/sleep_forever.wasm", Engine.COMPILED, b -> b.timeout(Duration.ofMillis(300)));
        assertEquals("waiting\n", r.stdout());
        assertEquals(ExitCodes.TIMEOUT, r.exitCode());
    }

    @Test
    void theInterpreterIsStoppedToo() {
        var r = GuestRun.of("wat/forever.wasm", Engine.INTERPRETED, b -> b.timeout(Duration.ofMillis(300)));
        assertEquals(ExitCodes.TIMEOUT, r.exitCode());
    }

    @Test
    void killEndsEveryThreadWith137() throws Exception {
        var p = start("threads/wasm/detached_busy.wasm", ProcessOptions.builder());
        var q = start("wat/forever.wasm", ProcessOptions.builder());
        q.kill();
        assertEquals(ExitCodes.KILLED, q.waitFor());
        assertEquals(0, q.liveThreads());
        p.waitFor();
    }

    /** Runs {@code body} on a new virtual thread and returns what it returned. */
    private static <T> T onVirtualThread(java.util.concurrent.Callable<T> body) throws Exception {
        var result = new java.util.concurrent.CompletableFuture<T>();
        Thread.ofVirtual().start(() -> {
            try {
                result.complete(body.call());
            } catch (Throwable t) {
                result.completeExceptionally(t);
            }
        }).join();
        return result.get();
    }

    @Test
    void runHereRunsTheProgramAndItsThreadsOnTheCallersVirtualThread() throws Exception {
        var out = new ByteArrayOutputStream();
        var path = Guests.path("threads/wasm/mutex_counter.wasm");
        var p = WasixProgram.load(path, Engine.COMPILED).prepare(ProcessOptions.builder().stdout(out).build());
        String callerName = onVirtualThread(() -> {
            Thread.currentThread().setName("caller");
            int code = p.runHere();
            assertEquals(0, code);
            return Thread.currentThread().getName();
        });
        assertEquals("caller", callerName);
        assertEquals("counter=64000\n", out.toString(StandardCharsets.UTF_8));
        assertEquals(0, p.waitFor(), "waitFor sees the end too");
        assertEquals(0, p.liveThreads());
        org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class, p::runHere, "a process runs once");
    }

    @Test
    void killFromAnotherThreadStopsRunHereAndLeavesTheCallerUninterrupted() throws Exception {
        var p = WasixProgram.load(Guests.path("wat/forever.wasm"), Engine.COMPILED).prepare(ProcessOptions.builder().build());
        var killer = Thread.ofVirtual().start(() -> {
            while (p.startedThreads() == 0) {
                Thread.yield();
            }
            p.kill();
        });
        boolean[] interrupted = new boolean[1];
        int code = onVirtualThread(() -> {
            int c = p.runHere();
            interrupted[0] = Thread.currentThread().isInterrupted();
            return c;
        });
        killer.join();
        assertEquals(ExitCodes.KILLED, code);
        assertEquals(false, interrupted[0], "the interrupt aimed at the guest's main thread stays with the guest");
    }

    @Test
    void pastTheThreadLimitSpawnAnswersEagainAndSaysSo() {
        // many_threads keeps every thread alive until all have started, so the limit is always hit
        var r = GuestRun.of("threads/wasm/many_threads.wasm", Engine.COMPILED, b -> b.maxThreads(5), "20");
        assertEquals(1, r.exitCode(), "the guest reports pthread_create's failure itself");
        assertTrue(r.stderr().contains("creating thread 4 of 20 returned 6"), "EAGAIN (6) reaches the guest: " + r.stderr());
        assertTrue(r.stderr().contains("thread limit of 5 live threads reached"), r.stderr());
    }

    @Test
    void platformThreadsRunTheSameProgram() {
        var r = GuestRun.of("threads/wasm/mutex_counter.wasm", Engine.COMPILED, b -> b.threadMode(ThreadMode.PLATFORM));
        assertEquals("counter=64000\n", r.stdout());
        assertEquals(0, r.exitCode());
    }

    @Test
    void aTrapInAWorkerNamesTheThreadAndEndsTheProcess() {
        var r = GuestRun.of("threads/wasm/worker_trap.wasm");
        assertEquals(ExitCodes.TRAP, r.exitCode());
        assertTrue(r.stderr().matches("(?s).*trapped in thread [2-9]\\d*: .*unreachable.*"), r.stderr());
    }

    @Test
    void trapMessagesGoToTheProcessStderrNotTheHosts() {
        var err = new ByteArrayOutputStream();
        var r = GuestRun.of("basic/trap.wasm", Engine.COMPILED, b -> b.stderr(err));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("trapped in thread 1"));
        assertEquals(ExitCodes.TRAP, r.exitCode());
    }

    @Test
    void platformThreadsTimeSliceBusyLoopsThatNeverYield() {
        // four loops with no call and no atomic on a 2-core machine: only OS time-slicing lets main wake
        var r = GuestRun.of("threads/wasm/busy_workers_sleeping_main.wasm", Engine.COMPILED,
                b -> b.threadMode(ThreadMode.PLATFORM).timeout(Duration.ofSeconds(20)), "4");
        assertEquals("workers busy, main woke and exits 0\n", r.stdout(), r.stderr());
        assertEquals(0, r.exitCode());
    }
}
