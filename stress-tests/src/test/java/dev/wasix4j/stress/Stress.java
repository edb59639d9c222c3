package dev.wasix4j.stress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.sun.management.HotSpotDiagnosticMXBean;
import dev.wasix4j.core.Engine;
import dev.wasix4j.core.ProcessOptions;
import dev.wasix4j.core.WasixProcess;
import dev.wasix4j.core.WasixProgram;
import dev.wasix4j.core.process.ExitCodes;
import dev.wasix4j.core.testing.Guests;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Runs guests many times through the embedding API. Each program is loaded and compiled once and
 * shared by every process started from it (as an embedder would), so a repetition costs only the
 * process itself.
 */
final class Stress {
    /** How long one run may take before it counts as a hang (generous: CI machines are slow and busy). */
    static final Duration HANG = Duration.ofSeconds(60);

    private static final Map<Path, WasixProgram> PROGRAMS = new ConcurrentHashMap<>();

    private Stress() {}

    /** One line of guests/threads/expected.tsv. */
    record Expected(String wasm, List<String> args, String exit, String stdout, String notes) {
        @Override
        public String toString() {
            return wasm.replace(".wasm", "") + (args.isEmpty() ? "" : " " + String.join(" ", args));
        }

        /** Checks one run against this line: exit code and exact stdout (or the regex). */
        void check(Result r, String context) {
            String ctx = this + " " + context + " (" + notes + ")\n" + r.describe();
            if (exit.equals("nonzero")) {
                assertNotEquals(0, r.exitCode(), ctx);
                assertEquals(ExitCodes.TRAP, r.exitCode(), "a trap exits with 134: " + ctx);
                assertTrue(r.stderr().contains("trapped in thread"), "a trap is reported: " + ctx);
            } else {
                assertEquals(Integer.parseInt(exit), r.exitCode(), ctx);
            }
            if (stdout.startsWith("re:")) {
                assertTrue(r.stdout().matches(stdout.substring(3).replace("\\n", "\n")), ctx);
            } else if (!stdout.equals("-")) {
                assertEquals(stdout.replace("\\n", "\n"), r.stdout().stripTrailing(), ctx);
            }
            assertEquals(0, r.liveThreads(), "no guest thread outlives its process: " + ctx);
        }
    }

    /** The lines of guests/threads/expected.tsv for {@code wasm} with exactly {@code args}. */
    static Expected expected(String wasm, String... args) {
        try {
            return Files.readAllLines(Guests.path("threads/expected.tsv")).stream()
                    .filter(l -> !l.isBlank() && !l.startsWith("#"))
                    .map(l -> l.split("\t", -1))
                    .map(f -> new Expected(f[0], f[1].equals("-") ? List.of() : Arrays.asList(f[1].split(" ")), f[2], f[3], f[4]))
                    .filter(e -> e.wasm().equals(wasm) && e.args().equals(List.of(args)))
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException("no line for " + wasm + " " + List.of(args) + " in expected.tsv"));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** How one process ended. */
    record Result(int exitCode, String stdout, String stderr, int liveThreads, int startedThreads, long millis) {
        String describe() {
            return "exit " + exitCode + " after " + millis + " ms, live threads " + liveThreads + ", started "
                    + startedThreads + "\nstdout:\n" + stdout + "\nstderr:\n" + stderr;
        }
    }

    /** A started process and its captured output. */
    record Running(WasixProcess process, ByteArrayOutputStream out, ByteArrayOutputStream err, long startNanos, String label) {
        String stdout() {
            return out.toString(StandardCharsets.UTF_8);
        }

        String stderr() {
            return err.toString(StandardCharsets.UTF_8);
        }

        /** Waits for the end; a run still going after {@code limit} is killed, dumped and failed as a hang. */
        Result await(Duration limit) throws InterruptedException {
            OptionalInt code = process.waitFor(limit);
            if (code.isEmpty()) {
                Path dump = dumpThreads(label);
                process.kill();
                OptionalInt after = process.waitFor(Duration.ofSeconds(10));
                fail(label + " hung: still running after " + limit.toSeconds() + " s (thread dump: " + dump + "; "
                        + (after.isPresent() ? "kill() then ended it with " + after.getAsInt() : "kill() did not end it either")
                        + ")\nstdout so far:\n" + stdout() + "\nstderr so far:\n" + stderr());
            }
            long millis = (System.nanoTime() - startNanos) / 1_000_000;
            return new Result(code.getAsInt(), stdout(), stderr(), process.liveThreads(), process.startedThreads(), millis);
        }

        Result await() throws InterruptedException {
            return await(HANG);
        }
    }

    /** The program at {@code guests/<relative>}, or at a resource of this module; compiled once. */
    static WasixProgram program(String relative) {
        Path path = relative.startsWith("/") ? resource(relative) : Guests.path(relative);
        return PROGRAMS.computeIfAbsent(path, p -> {
            WasixProgram program = WasixProgram.load(p, Engine.COMPILED);
            program.machineFactory();
            return program;
        });
    }

    /** A guest of this module (src/test/resources/guests). */
    static String own(String wasm) {
        return "/guests/" + wasm;
    }

    private static Path resource(String name) {
        try {
            var url = Stress.class.getResource(name);
            if (url == null) {
                throw new IllegalStateException("missing test resource " + name);
            }
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Starts {@code guest} with {@code args}; {@code config} may change the options. */
    static Running start(String guest, Consumer<ProcessOptions.Builder> config, String... args) {
        WasixProgram program = program(guest);
        var out = new ByteArrayOutputStream();
        var err = new ByteArrayOutputStream();
        var argv = new ArrayList<String>();
        argv.add(Path.of(program.name()).getFileName().toString());
        argv.addAll(List.of(args));
        var options = ProcessOptions.builder()
                .args(argv)
                .stdin(new ByteArrayInputStream(new byte[0]))
                .stdout(out)
                .stderr(err);
        config.accept(options);
        String label = Path.of(program.name()).getFileName() + (args.length == 0 ? "" : " " + String.join(" ", args));
        long t0 = System.nanoTime();
        return new Running(program.start(options.build()), out, err, t0, label);
    }

    static Running start(String guest, String... args) {
        return start(guest, b -> {}, args);
    }

    /** Runs {@code guest} to its end (a hang fails the test). */
    static Result run(String guest, Consumer<ProcessOptions.Builder> config, String... args) throws InterruptedException {
        return start(guest, config, args).await();
    }

    /** Waits until {@code running} has printed {@code text} on stdout, or fails after {@code limit}. */
    static void awaitStdout(Running running, String text, Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!running.stdout().contains(text)) {
            if (System.nanoTime() > deadline) {
                running.process().kill();
                fail(running.label() + ": no \"" + text.strip() + "\" on stdout within " + limit.toMillis() + " ms\nstdout:\n"
                        + running.stdout() + "\nstderr:\n" + running.stderr());
            }
            OptionalInt ended = running.process().waitFor(Duration.ofMillis(5));
            if (ended.isPresent() && !running.stdout().contains(text)) {
                fail(running.label() + " ended with " + ended.getAsInt() + " before printing \"" + text.strip()
                        + "\"\nstdout:\n" + running.stdout() + "\nstderr:\n" + running.stderr());
            }
        }
    }

    /** Writes a dump of every thread, virtual ones included, under target/; returns its path. */
    static Path dumpThreads(String label) {
        try {
            Path dir = Path.of("target", "thread-dumps").toAbsolutePath();
            Files.createDirectories(dir);
            Path file = dir.resolve(label.replaceAll("[^A-Za-z0-9_.-]", "_") + "-" + System.nanoTime() + ".txt");
            ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class)
                    .dumpThreads(file.toString(), HotSpotDiagnosticMXBean.ThreadDumpFormat.TEXT_PLAIN);
            return file;
        } catch (IOException | RuntimeException e) {
            return Path.of("(thread dump failed: " + e + ")");
        }
    }

    /** Bytes of the Java heap in use after a full collection (several, to let cleaners run). */
    static long usedHeapAfterGc() throws InterruptedException {
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 4; i++) {
            System.gc();
            Thread.sleep(50);
            Runtime rt = Runtime.getRuntime();
            used = Math.min(used, rt.totalMemory() - rt.freeMemory());
        }
        return used;
    }

    /** A field of /proc/self/status in bytes (VmSize, VmRSS...), or -1 where there is no /proc. */
    static long procStatusBytes(String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith(field + ":")) {
                    String[] parts = line.substring(field.length() + 1).trim().split("\\s+");
                    return Long.parseLong(parts[0]) * 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux
        }
        return -1;
    }

    /** Repetitions for a stress loop: {@code -Dstress.scale=N} multiplies them (0.1 for a quick look). */
    static int reps(int base) {
        double scale = Double.parseDouble(System.getProperty("stress.scale", "1"));
        return Math.max(1, (int) Math.round(base * scale));
    }
}
