package dev.wasix4j.benchmarks.syscall;

import dev.wasix4j.core.Engine;
import dev.wasix4j.core.ProcessOptions;
import dev.wasix4j.core.WasixProgram;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The cost of one trivial syscall on the compiled engine: a guest loop of 1 000 000 calls
 * (guests/bench/syscall_*.wat), run as a whole process through the embedding API. Process set-up
 * is amortised over the million calls; subtract the {@code none} loop to get the call itself.
 *
 * <p>Run from the repository root: {@code java -jar benchmarks/target/benchmarks.jar SyscallBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED"})
public class SyscallBenchmark {
    private static final int CALLS = 1_000_000;

    /** none: the loop alone; clock: clock_time_get; fd_write: 16 bytes to a discarding stdout. */
    @Param({"none", "clock", "fd_write"})
    public String guest;

    private WasixProgram program;
    private ProcessOptions options;

    @Setup(Level.Trial)
    public void load() {
        program = WasixProgram.load(findGuest("bench/syscall_" + guest + ".wasm"), Engine.COMPILED);
        options = ProcessOptions.builder()
                .args(List.of(guest))
                .stdout(OutputStream.nullOutputStream())
                .build();
    }

    @Benchmark
    @OperationsPerInvocation(CALLS)
    public int perCall() {
        return program.run(options);
    }

    static Path findGuest(String relative) {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path p = dir.resolve("guests").resolve(relative);
            if (Files.isRegularFile(p)) {
                return p;
            }
        }
        throw new IllegalStateException("guests/" + relative + " not found: run from the repository");
    }
}
