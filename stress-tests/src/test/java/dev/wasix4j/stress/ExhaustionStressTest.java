package dev.wasix4j.stress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wasix4j.core.Engine;
import dev.wasix4j.core.ProcessOptions;
import dev.wasix4j.core.WasixProgram;
import dev.wasix4j.core.process.ExitCodes;
import dev.wasix4j.core.testing.Guests;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A guest that exhausts the JVM (its stack through unbounded recursion, or Chicory itself through a
 * table.grow Chicory cannot size) ends alone, with one line, while a sibling process in the same
 * JVM runs on to its exact result.
 */
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ExhaustionStressTest {
    record Ended(int code, String stderr) {}

    static Ended run(WasixProgram p, String... args) {
        var err = new ByteArrayOutputStream();
        int code = p.run(ProcessOptions.builder().args(List.of(args)).stderr(err).build());
        return new Ended(code, err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void exhaustingGuestsEndAloneWhileASiblingRunsOn() throws Exception {
        var exhaust = WasixProgram.load(Guests.path("wat/exhaust.wasm"), Engine.COMPILED);
        var counter = WasixProgram.load(Guests.path("threads/wasm/mutex_counter.wasm"), Engine.COMPILED);
        for (int i = 0; i < Stress.reps(3); i++) {
            var out = new ByteArrayOutputStream();
            var sibling = counter.start(ProcessOptions.builder().args(List.of("mutex_counter")).stdout(out).build());

            var overflow = run(exhaust, "exhaust", "stack");
            assertEquals(ExitCodes.TRAP, overflow.code(), overflow.stderr());
            assertEquals("wasix4j: wat/exhaust.wasm trapped in thread 1: call stack exhausted",
                    overflow.stderr().strip().replace(Guests.path("wat/exhaust.wasm").toString(), "wat/exhaust.wasm"));

            var table = run(exhaust, "exhaust", "table");
            assertEquals(ExitCodes.HOST_FAILURE, table.code(), table.stderr());
            assertEquals(1, table.stderr().strip().lines().count(), table.stderr());
            assertTrue(table.stderr().contains("host failure in thread 1"), table.stderr());

            var done = sibling.waitFor(Duration.ofSeconds(60));
            assertTrue(done.isPresent(), "the sibling process ended");
            assertEquals(0, done.getAsInt());
            assertEquals("counter=64000\n", out.toString(StandardCharsets.UTF_8));
        }
    }
}
