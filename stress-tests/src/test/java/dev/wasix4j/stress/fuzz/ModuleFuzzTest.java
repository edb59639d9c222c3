package dev.wasix4j.stress.fuzz;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wasix4j.core.Engine;
import dev.wasix4j.core.ProcessOptions;
import dev.wasix4j.core.WasixException;
import dev.wasix4j.core.WasixProgram;
import dev.wasix4j.core.process.ExitCodes;
import dev.wasix4j.core.testing.Guests;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Corrupted modules never take the host down: every committed guest module is mutated (bits
 * flipped, bytes overwritten with edge values, cut short, bytes inserted, ranges deleted or
 * duplicated, two modules spliced) and loaded as the CLI loads it. Each must either be refused
 * with a {@link WasixException} (the CLI's one line and exit 126) or load and run to an exit code
 * that is not a host failure (70), with no Java stack trace on stderr. Whatever else escapes is a
 * bug, reported with the seed that replays it.
 */
@Timeout(value = 30, unit = java.util.concurrent.TimeUnit.MINUTES)
class ModuleFuzzTest {
    /** The CI budget; the opt-in profile runs a number of inputs instead (see {@link Fuzz}). */
    private static final Duration BUDGET = Duration.ofSeconds(25);
    /** A mutated program that still loads may loop forever: it is stopped (exit 124) after this. */
    private static final Duration RUN_LIMIT = Duration.ofMillis(500);
    /** Every this many loadable inputs, the compiler (not the interpreter) runs it. */
    private static final int COMPILE_EVERY = 25;
    private static final int BIGGEST_SEED = 200_000;

    @Test
    void mutatedModulesAreRefusedInOneLineOrRunWithoutHostFailure() throws IOException {
        List<byte[]> seeds = seedModules();
        assertTrue(seeds.size() > 20, "seed modules found: " + seeds.size());
        var outcomes = new TreeMap<String, Integer>();
        var failures = new ArrayList<String>();
        long start = System.nanoTime();
        int done = 0;
        int loaded = 0;
        while (Fuzz.more("wasix4j.fuzz.inputs", done, start, BUDGET)) {
            long inputSeed = Fuzz.seed() * 1_000_003 + done;
            var rnd = new Random(inputSeed);
            byte[] bytes = mutate(seeds, rnd);
            String name = "fuzz-" + inputSeed + ".wasm";
            done++;
            WasixProgram program;
            try {
                program = WasixProgram.fromBytes(name, bytes,
                        loaded % COMPILE_EVERY == COMPILE_EVERY - 1 ? Engine.COMPILED : Engine.INTERPRETED);
            } catch (WasixException e) {
                String first = e.getMessage().lines().findFirst().orElse("");
                outcomes.merge("refused: " + kind(first), 1, Integer::sum);
                if (e.getMessage().lines().count() > 1) {
                    failures.add(name + ": refusal is not one line: " + e.getMessage());
                }
                continue;
            } catch (Throwable t) {
                failures.add(name + ": load threw " + t + where(t));
                continue;
            }
            loaded++;
            var out = new ByteArrayOutputStream();
            var err = new ByteArrayOutputStream();
            try {
                int code = program.run(ProcessOptions.builder().args(List.of(name, "arg"))
                        .stdout(out).stderr(err).timeout(RUN_LIMIT).build());
                outcomes.merge("ran: exit " + bucket(code), 1, Integer::sum);
                String stderr = err.toString(StandardCharsets.UTF_8);
                if (code == ExitCodes.HOST_FAILURE || stderr.contains("\tat ") || stderr.contains("internal error")) {
                    failures.add(name + ": exit " + code + ", stderr: " + stderr.strip());
                }
            } catch (WasixException e) {
                outcomes.merge("refused at start: " + kind(e.getMessage()), 1, Integer::sum);
            } catch (Throwable t) {
                failures.add(name + ": run threw " + t + where(t));
            }
        }
        long seconds = Math.max(1, (System.nanoTime() - start) / 1_000_000_000L);
        System.out.printf("module fuzz: %d inputs (%d loaded) in %d s, seed %d, %d failures%n",
                done, loaded, seconds, Fuzz.seed(), failures.size());
        outcomes.forEach((k, v) -> System.out.printf("  %6d  %s%n", v, k));
        assertTrue(failures.isEmpty(), failures.size() + " inputs broke the host:\n"
                + String.join("\n", failures.subList(0, Math.min(20, failures.size()))));
    }

    private static String where(Throwable t) {
        var frames = t.getStackTrace();
        var sb = new StringBuilder();
        for (int i = 0; i < Math.min(4, frames.length); i++) {
            sb.append("\n    at ").append(frames[i]);
        }
        return sb.toString();
    }

    private static String kind(String message) {
        if (message.contains("malformed module:")) {
            // group by the exception class Chicory threw
            String rest = message.substring(message.indexOf("malformed module:") + 17).strip();
            int colon = rest.indexOf(':');
            return "malformed (" + (colon > 0 ? rest.substring(0, colon) : rest) + ")";
        }
        for (String k : List.of("malformed", "failed validation", "not a WebAssembly module", "64-bit memory",
                "no _start", "import", "cannot be compiled")) {
            if (message.contains(k)) {
                return k;
            }
        }
        return "other";
    }

    private static String bucket(int code) {
        return switch (code) {
            case 0, ExitCodes.TRAP, ExitCodes.TIMEOUT, ExitCodes.CANNOT_RUN, ExitCodes.HOST_FAILURE -> String.valueOf(code);
            default -> "other";
        };
    }

    static List<byte[]> seedModules() throws IOException {
        Path guests = Guests.path("basic/hello.wasm").getParent().getParent();
        try (Stream<Path> files = Files.walk(guests)) {
            var out = new ArrayList<byte[]>();
            for (Path p : files.filter(f -> f.toString().endsWith(".wasm")).sorted().toList()) {
                if (Files.size(p) <= BIGGEST_SEED) {
                    out.add(Files.readAllBytes(p));
                }
            }
            return out;
        }
    }

    /** One to three mutations of a seed module (or of two spliced together). */
    static byte[] mutate(List<byte[]> seeds, Random rnd) {
        byte[] b = seeds.get(rnd.nextInt(seeds.size())).clone();
        int n = 1 + rnd.nextInt(3);
        for (int i = 0; i < n && b.length > 8; i++) {
            int at = 8 + rnd.nextInt(b.length - 8); // keep the header most of the time: past it is where parsers break
            if (rnd.nextInt(20) == 0) {
                at = rnd.nextInt(b.length);
            }
            b = switch (rnd.nextInt(8)) {
                case 0 -> { // flip a few bits
                    for (int k = 1 + rnd.nextInt(4); k > 0; k--) {
                        b[8 + rnd.nextInt(b.length - 8)] ^= (byte) (1 << rnd.nextInt(8));
                    }
                    yield b;
                }
                case 1 -> { // an edge value: LEB continuation bits, lengths, type codes
                    byte[] edge = {0x00, (byte) 0xff, 0x7f, (byte) 0x80, 0x01, 0x40, 0x60, 0x70};
                    b[at] = edge[rnd.nextInt(edge.length)];
                    yield b;
                }
                case 2 -> java.util.Arrays.copyOf(b, at); // cut short
                case 3 -> { // insert random bytes
                    byte[] ins = new byte[1 + rnd.nextInt(16)];
                    rnd.nextBytes(ins);
                    yield splice(b, at, 0, ins);
                }
                case 4 -> splice(b, at, Math.min(b.length - at, 1 + rnd.nextInt(32)), new byte[0]); // delete
                case 5 -> { // duplicate a range in place
                    int len = Math.min(b.length - at, 1 + rnd.nextInt(64));
                    yield splice(b, at, 0, java.util.Arrays.copyOfRange(b, at, at + len));
                }
                case 6 -> { // a large LEB128 where a size or index was
                    byte[] leb = {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x0f};
                    yield splice(b, at, Math.min(b.length - at, 1), leb);
                }
                default -> { // splice the head of this module onto the tail of another
                    byte[] other = seeds.get(rnd.nextInt(seeds.size()));
                    int cut = 8 + rnd.nextInt(Math.max(1, other.length - 8));
                    yield splice(java.util.Arrays.copyOf(b, at), at, 0, java.util.Arrays.copyOfRange(other, cut, other.length));
                }
            };
        }
        return b;
    }

    private static byte[] splice(byte[] b, int at, int remove, byte[] insert) {
        byte[] out = new byte[b.length - remove + insert.length];
        System.arraycopy(b, 0, out, 0, at);
        System.arraycopy(insert, 0, out, at, insert.length);
        System.arraycopy(b, at + remove, out, at + insert.length, b.length - at - remove);
        return out;
    }
}
