package dev.wasix4j.core.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wasix4j.core.Engine;
import dev.wasix4j.core.ProcessOptions;
import dev.wasix4j.core.WasixProcess;
import dev.wasix4j.core.WasixProgram;
import dev.wasix4j.core.testing.GuestRun;
import dev.wasix4j.core.testing.Guests;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * guests/signals: default actions, a handler run by raise, EINTR (or futex's wake-up) from each
 * blocking wait a signal interrupts, SIGPIPE, a repeating timer, pthread_kill to another thread,
 * and a signal sent from outside the process.
 */
@Timeout(120)
class SignalsTest {
    private static final String GUEST = "signals/signals.wasm";

    private static GuestRun run(String... args) {
        return GuestRun.of(GUEST, args);
    }

    @ParameterizedTest(name = "signal {0} ends the process with {1}")
    @CsvSource({"1,129,SIGHUP", "2,130,SIGINT", "9,137,SIGKILL", "10,138,SIGUSR1", "14,142,SIGALRM", "15,143,SIGTERM"})
    void terminatingSignalsEndTheProcessWith128PlusN(int sig, int exit, String name) {
        var r = run("default", String.valueOf(sig));
        assertEquals(exit, r.exitCode(), r.stderr());
        assertEquals("", r.stdout(), "nothing runs after the signal");
        assertEquals("wasix4j: program terminated by " + name + "\n", r.stderr(), "one line");
    }

    @ParameterizedTest(name = "signal {0} is ignored by default")
    @CsvSource({"17", "23", "28"})
    void childUrgAndWinchAreIgnoredByDefault(int sig) {
        var r = run("default", String.valueOf(sig));
        assertEquals(0, r.exitCode(), r.stderr());
        assertEquals("survived " + sig + "\n", r.stdout());
    }

    @ParameterizedTest(name = "signal {0} dumps core by default: ends with {1}")
    @CsvSource({"3,131,SIGQUIT", "11,139,SIGSEGV", "31,159,SIGSYS"})
    void coreSignalsEndTheProcessWith128PlusNAsAborted(int sig, int exit, String name) {
        var r = run("default", String.valueOf(sig));
        assertEquals(exit, r.exitCode(), r.stderr());
        assertEquals("", r.stdout(), "nothing runs after the signal");
        assertEquals("wasix4j: program aborted by " + name + "\n", r.stderr(), "one line");
    }

    @ParameterizedTest(name = "signal {0} does nothing: no job control")
    @CsvSource({"18", "19", "20"})
    void stopAndContinueDoNothing(int sig) {
        var r = run("default", String.valueOf(sig));
        assertEquals(0, r.exitCode(), r.stderr());
        assertEquals("survived " + sig + "\n", r.stdout());
    }

    @Test
    void setitimerFiresOnceOrRepeatsReportsWhatIsLeftAndStopsWhenDisarmed() {
        var r = run("setitimer");
        assertEquals(0, r.exitCode(), r.stderr());
        assertEquals("""
                first old 0 0
                one-shot: sleep errno 27 handled 14
                repeating: at least 3 more
                disarmed: old interval 10000 us, old value within it
                after disarm: quiet
                usec 1000000: errno 28
                """, r.stdout());
    }

    @Test
    void abortWithoutHandlerExits134WithOneLine() {
        var r = run("abort");
        assertEquals(134, r.exitCode());
        assertEquals("", r.stdout(), "abort() never returns");
        assertEquals("wasix4j: program aborted by SIGABRT\n", r.stderr());
    }

    @Test
    void raiseRunsTheHandlerBeforeItReturns() {
        assertEquals("handled 10 before return\n", run("raise").stdout());
    }

    @Test
    void futexWaitWakesAfterTheHandler() {
        // wasix-libc traps on a futex_wait errno: the signal shows as a wake-up, as FUTEX_WAIT's EINTR
        assertEquals("futex errno 0 woken 1 handled 14\n", run("futex").stdout());
    }

    @ParameterizedTest(name = "{0} answers EINTR after the handler")
    @CsvSource({"poll", "epoll", "read", "write", "sleep"})
    void blockingCallsAnswerEintrAfterTheHandler(String mode) {
        var r = run(mode);
        assertEquals(mode + " errno 27 handled 14\n", r.stdout(), r.stderr());
    }

    @Test
    void writeToPipeWithoutReaderEndsWithSigpipe() {
        var r = run("sigpipe");
        assertEquals(141, r.exitCode());
        assertEquals("wasix4j: program terminated by SIGPIPE\n", r.stderr());
    }

    @Test
    void handledSigpipeLeavesTheWriteWithEpipe() {
        var r = run("sigpipe", "handled");
        assertEquals(0, r.exitCode(), r.stderr());
        assertEquals("write errno 64 handled 13\n", r.stdout());
    }

    @Test
    void repeatingTimerRaisesSigalrmAgainAndAgain() {
        // no timing asserted: only that at least 3 alarms arrive within a generous 20 s
        assertEquals("alarms at least 3\n", run("alarm").stdout());
    }

    @Test
    void threadSignalRunsTheHandlerOnTheTargetThread() {
        var r = run("kill-thread");
        assertEquals("handled 10 on the target thread\n", r.stdout(), r.stderr());
    }

    @Test
    void aThreadThatNeverRegisteredAHandlerGetsTheLibcHandler() {
        // wasix-libc's first name is its "blocked" one; a new thread must not inherit that as a mask
        var r = run("kill-thread-libc");
        assertEquals("handled 10 on the target thread\n", r.stdout(), r.stderr());
    }

    @Test
    void aSignalWakesMemoryAtomicWaitAndTheHandlerRunsAtTheNextCall() {
        var r = run("atomic-wait");
        assertEquals(0, r.exitCode(), r.stderr());
        assertEquals("atomic wait returned 0\nhandled 10\n", r.stdout());
    }

    @Test
    void sigkillEndsAProcessWhoseMainThreadIsInAtomicWait() {
        var r = run("sigkill-wait");
        assertEquals(137, r.exitCode());
        assertEquals("waiting\n", r.stdout(), "the wait never returns into the guest");
        assertEquals("wasix4j: program terminated by SIGKILL\n", r.stderr());
    }

    @Test
    void signalFromOutsideInterruptsTheSleepAndRunsTheHandler() throws Exception {
        var r = startAndSignal(List.of("signals.wasm", "pause", "handled"), Signals.SIGTERM);
        assertEquals(0, r.exitCode(), r.stderr());
        assertEquals("ready\nsleep errno 27 handled 15\n", r.stdout());
    }

    @Test
    void signalFromOutsideWithoutHandlerEndsTheProcess() throws Exception {
        var r = startAndSignal(List.of("signals.wasm", "pause"), Signals.SIGINT);
        assertEquals(130, r.exitCode());
        assertEquals("ready\n", r.stdout());
        assertEquals("wasix4j: program terminated by SIGINT\n", r.stderr());
    }

    private static GuestRun startAndSignal(List<String> args, int sig) throws Exception {
        var out = new ByteArrayOutputStream();
        var err = new ByteArrayOutputStream();
        var options = ProcessOptions.builder().args(args).stdin(new ByteArrayInputStream(new byte[0]))
                .stdout(out).stderr(err).build();
        WasixProcess p = WasixProgram.load(Guests.path(GUEST), Engine.COMPILED).start(options);
        while (!out.toString(StandardCharsets.UTF_8).contains("ready")) {
            assertTrue(p.waitFor(Duration.ofMillis(10)).isEmpty(), "ended before it was ready: " + err);
        }
        p.signal(sig);
        int code = p.waitFor();
        return new GuestRun(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
