package dev.wasix4j.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wasix4j.core.testing.GuestRun;
import dev.wasix4j.core.testing.Guests;
import java.io.IOException;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every thread guest of guests/threads/expected.tsv, run as a user would run it, checked for its
 * exact output and exit code: spawn and join, mutexes and condition variables on futexes, 10 000
 * live threads, exit and traps from any thread, spinning on atomics, deep recursion.
 */
@Timeout(120)
class ThreadGuestsTest {
    /** Timing programs: their output is a measurement, run by the benchmark script instead. */
    private static final Set<String> BENCHMARKS = Set.of("spawn_bench.wasm", "futex_pingpong.wasm");

    record Case(String wasm, List<String> args, String exit, String stdout, String notes) {
        @Override
        public String toString() {
            return wasm + (args.isEmpty() ? "" : " " + String.join(" ", args));
        }
    }

    static Stream<Case> cases() throws IOException {
        return Files.readAllLines(Guests.path("threads/expected.tsv")).stream()
                .filter(l -> !l.isBlank() && !l.startsWith("#"))
                .map(l -> l.split("\t", -1))
                .map(f -> new Case(f[0], f[1].equals("-") ? List.of() : Arrays.asList(f[1].split(" ")), f[2], f[3], f[4]))
                .filter(c -> !BENCHMARKS.contains(c.wasm()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void runsAsExpected(Case c) {
        var r = GuestRun.of("threads/wasm/" + c.wasm(), c.args().toArray(String[]::new));
        String context = c + " (" + c.notes() + ")\nstdout:\n" + r.stdout() + "\nstderr:\n" + r.stderr();
        if (c.exit().equals("nonzero")) {
            assertNotEquals(0, r.exitCode(), context);
            assertTrue(r.stderr().contains("trapped in thread"), "a trap is reported: " + context);
        } else {
            assertEquals(Integer.parseInt(c.exit()), r.exitCode(), context);
        }
        if (c.stdout().startsWith("re:")) {
            assertTrue(r.stdout().matches(c.stdout().substring(3).replace("\\n", "\n")), context);
        } else if (!c.stdout().equals("-")) {
            assertEquals(c.stdout().replace("\\n", "\n"), r.stdout().stripTrailing(), context);
        }
    }
}
