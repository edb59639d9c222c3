package dev.wasix4j.core.process;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.wasix4j.core.Engine;
import dev.wasix4j.core.testing.GuestRun;
import dev.wasix4j.core.testing.Guests;
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
}
