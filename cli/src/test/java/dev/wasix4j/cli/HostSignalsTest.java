package dev.wasix4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wasix4j.core.testing.Guests;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * SIGINT and SIGTERM sent to the `wasix run` JVM reach the guest (guests/signals: "pause" sleeps
 * 60 s after printing "ready"): its handler runs and the sleep answers EINTR (27), or without a
 * handler it ends with 128 + n; a second SIGINT stops a guest that never calls the host.
 */
@Timeout(120)
class HostSignalsTest {
    record Result(int exit, String stdout, String stderr) {}

    private static Result runAndSignal(List<String> signals, String... guestArgs) throws Exception {
        var cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), WasixCli.class.getName(), "run",
                Guests.path("signals/signals.wasm").toString()));
        cmd.addAll(List.of(guestArgs));
        Process p = new ProcessBuilder(cmd).start();
        var out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        assertEquals("ready", out.readLine(), "the guest is waiting");
        for (String s : signals) {
            new ProcessBuilder("kill", "-" + s, String.valueOf(p.pid())).start().waitFor();
            Thread.sleep(200); // only spaces two Ctrl-Cs apart; nothing is asserted about time
        }
        String rest = out.lines().collect(Collectors.joining("\n"));
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Result(p.waitFor(), rest, err);
    }

    /**
     * A JVM started with SIGINT ignored (a background job of a shell without job control) cannot
     * catch it, and its children inherit that: the Ctrl-C cases are then skipped.
     */
    private static void assumeSigintCanBeCaught() throws Exception {
        var status = Path.of("/proc/self/status");
        if (java.nio.file.Files.exists(status)) {
            for (String line : java.nio.file.Files.readAllLines(status)) {
                if (line.startsWith("SigIgn:")) {
                    long ignored = Long.parseLong(line.substring(7).trim(), 16);
                    org.junit.jupiter.api.Assumptions.assumeTrue((ignored & (1L << 1)) == 0,
                            "SIGINT is ignored in this JVM (started in the background)");
                }
            }
        }
    }

    @Test
    void ctrlCRunsTheGuestsHandlerAndInterruptsItsSleep() throws Exception {
        assumeSigintCanBeCaught();
        var r = runAndSignal(List.of("INT"), "pause", "handled");
        assertEquals(0, r.exit(), r.stderr());
        assertEquals("sleep errno 27 handled 2", r.stdout());
    }

    @Test
    void sigtermWithoutHandlerEndsTheGuestWith143() throws Exception {
        var r = runAndSignal(List.of("TERM"), "pause");
        assertEquals(143, r.exit(), r.stderr());
        assertTrue(r.stderr().contains("wasix4j: program terminated by SIGTERM"), r.stderr());
    }

    @Test
    void secondCtrlCStopsAGuestThatNeverCallsTheHost() throws Exception {
        assumeSigintCanBeCaught();
        var r = runAndSignal(List.of("INT", "INT"), "spin");
        assertEquals(130, r.exit(), r.stderr());
        assertTrue(r.stderr().contains("interrupted again"), r.stderr());
    }

    @Test
    void secondSigtermStopsAGuestThatNeverCallsTheHost() throws Exception {
        // what `timeout` and a repeated kill send: the guest spins, so only the second one ends it
        var r = runAndSignal(List.of("TERM", "TERM"), "spin");
        assertEquals(143, r.exit(), r.stderr());
        assertTrue(r.stderr().contains("terminated again"), r.stderr());
    }
}
