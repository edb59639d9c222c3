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

/**
 * Signals between the processes of one run, driven by guests/signals/sigprocs.c: SIGCHLD to a
 * parent, kill() reaching a child's handler and breaking its sleep with EINTR, and a signal to a
 * parent blocked in waitpid passed on to its children (wasmer's rule). The children are the same
 * program, served at /bin/sigprocs.wasm.
 */
@Timeout(120)
class SignalsBetweenProcessesTest {
    private static final String SELF = "/bin/sigprocs.wasm";

    private static GuestRun run(String cmd) {
        return GuestRun.of("signals/sigprocs.wasm", Engine.COMPILED,
                b -> b.program(SELF, Guests.path("signals/sigprocs.wasm")), cmd);
    }

    private static void assertOk(GuestRun r, String what) {
        String seen = "exit " + r.exitCode() + "\nstdout:\n" + r.stdout() + "\nstderr:\n" + r.stderr();
        assertEquals(0, r.exitCode(), seen);
        assertEquals("ok " + what + "\n", r.stdout(), seen);
    }

    @Test
    void aChildsEndRaisesSigchldInItsParentWithoutBreakingItsSleepOrWaitpid() {
        assertOk(run("sigchld"), "sigchld");
    }

    @Test
    void killRunsTheChildsHandlerAndItsSleepAnswersEintr() {
        assertOk(run("kill-handled"), "kill-handled");
    }

    @Test
    void aSignalToAParentBlockedInWaitpidReachesItsChildrenAndTheParentSurvives() {
        assertOk(run("forward"), "forward");
    }

    @Test
    void theEmbeddersSignalToAProcessInWaitpidReachesItsChild() throws Exception {
        var out = new ByteArrayOutputStream();
        var err = new ByteArrayOutputStream();
        var options = ProcessOptions.builder().args(List.of("sigprocs.wasm", "host-forward"))
                .stdin(new ByteArrayInputStream(new byte[0])).stdout(out).stderr(err)
                .program(SELF, Guests.path("signals/sigprocs.wasm")).build();
        WasixProcess p = WasixProgram.load(Guests.path("signals/sigprocs.wasm"), Engine.COMPILED).start(options);
        while (!out.toString(StandardCharsets.UTF_8).contains("ready")) {
            assertTrue(p.waitFor(Duration.ofMillis(10)).isEmpty(), "ended before it was ready: " + err);
        }
        // "ready" comes just before waitpid: give it time to block there (as a user's Ctrl-C would)
        assertTrue(p.waitFor(Duration.ofMillis(200)).isEmpty(), "ended early: " + out + err);
        p.signal(Signals.SIGINT);
        int code = p.waitFor();
        assertOk(new GuestRun(code, out.toString(StandardCharsets.UTF_8).replace("ready\n", ""),
                err.toString(StandardCharsets.UTF_8)), "host-forward");
    }
}
