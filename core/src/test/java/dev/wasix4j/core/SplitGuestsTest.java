package dev.wasix4j.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.wasix4j.core.testing.Guests;
import dev.wasix4j.split.SplitOptions;
import dev.wasix4j.split.Splitter;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every committed guest, its functions split with a tiny budget so that nearly all of them are cut
 * into pieces, runs compiled exactly as the unsplit guest does: same exit code, stdout and stderr.
 */
@Timeout(300)
class SplitGuestsTest {
    /** Guests whose output differs from run to run (times, random numbers, thread interleaving). */
    private static final Set<String> NONDETERMINISTIC = Set.of(
            "clock_random.wasm", "spawn_bench.wasm", "futex_pingpong.wasm", "parallel_sum.wasm",
            "fs_bench.wasm", "futex_timeout.wasm", "busy_workers_sleeping_main.wasm", "many_threads.wasm",
            "bench.wasm", "bench.plain.wasm");
    /**
     * Guests that never end on their own: the benchmarks' syscall loops, the time-limit tests; and the
     * server's cgi/sleep.wasm, whose 60 s sleep raced this test's 60 s limit (two minutes a run, and
     * either outcome).
     */
    private static final Set<String> SKIPPED = Set.of("syscall_clock.wasm", "syscall_fd_write.wasm",
            "syscall_none.wasm", "forever.wasm", "sleep_forever.wasm", "sleep.wasm");

    static Stream<String> guests() throws IOException {
        Path root = Guests.path("basic/hello.wasm").getParent().getParent();
        try (var files = Files.walk(root)) {
            return files.filter(p -> p.toString().endsWith(".wasm"))
                    .filter(p -> !p.toString().contains("/native/"))
                    .map(p -> root.relativize(p).toString())
                    .filter(p -> !SKIPPED.contains(Path.of(p).getFileName().toString()))
                    .filter(p -> !NONDETERMINISTIC.contains(Path.of(p).getFileName().toString()))
                    .sorted()
                    .toList()
                    .stream();
        }
    }

    record Outcome(int exit, String stdout, String stderr) {}

    @ParameterizedTest(name = "{0}")
    @MethodSource("guests")
    void splitGuestBehavesAsTheOriginal(String guest) throws IOException {
        byte[] original = Files.readAllBytes(Guests.path(guest));
        var split = Splitter.split(original, new SplitOptions(200));
        var expected = run(guest, original);
        var actual = run(guest, split.module());
        assertEquals(expected, actual, guest + " split " + split.split().size() + " functions");
    }

    private static Outcome run(String guest, byte[] bytes) {
        var out = new ByteArrayOutputStream();
        var err = new ByteArrayOutputStream();
        var options = ProcessOptions.builder()
                .args(List.of(Path.of(guest).getFileName().toString()))
                .stdin(new ByteArrayInputStream("a line of input\n".getBytes(StandardCharsets.UTF_8)))
                .stdout(out)
                .stderr(err)
                .timeout(Duration.ofSeconds(60))
                .build();
        int exit;
        try {
            exit = WasixProgram.fromBytes(guest, bytes, Engine.COMPILED).run(options);
        } catch (WasixException e) {
            return new Outcome(-1, "", e.getMessage());
        }
        return new Outcome(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
