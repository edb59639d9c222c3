package dev.wasix4j.benchmarks.memory;

import com.dylibso.chicory.runtime.ExportFunction;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Memory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * CPU-bound compiled guests written in freestanding C (guests/sha256.c, guests/nbody.c): the whole-program effect
 * of the memory implementation. Time per run of the guest.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@State(Scope.Thread)
@Fork(value = 1, jvmArgsAppend = {Jvm.NATIVE_ACCESS, Jvm.EXPORT_MISC, Jvm.EXPORT_FOREIGN, Jvm.STACK})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class CpuGuestBenchmark {

    private static final int SHA_SEED = 12345;
    private static final int SHA_INPUT_BYTES = 64 << 20;
    private static final int NBODY_STEPS = 1_000_000;

    @Param({"segment", "portable", "bytearray"})
    public String memory;

    private Memory shaMemory;
    private Memory nbodyMemory;
    private ExportFunction sha256;
    private ExportFunction nbodyInit;
    private ExportFunction nbody;

    @Setup(Level.Trial)
    public void setUp() throws NoSuchAlgorithmException {
        MemoryKind kind = MemoryKind.valueOf(memory);

        Guests sha = Guests.load("sha256");
        shaMemory = kind.create(sha.importedLimits());
        Instance shaInstance = sha.instantiate(shaMemory);
        shaInstance.export("init").apply(SHA_SEED);
        sha256 = shaInstance.export("run");
        int expected = expectedSha256FirstWord();
        int actual = (int) sha256.apply()[0];
        if (actual != expected) {
            throw new IllegalStateException("guest SHA-256 is wrong: " + actual + " != " + expected);
        }

        Guests nb = Guests.load("nbody");
        nbodyMemory = kind.create(nb.importedLimits());
        Instance nbodyInstance = nb.instantiate(nbodyMemory);
        nbodyInit = nbodyInstance.export("init");
        nbody = nbodyInstance.export("run");
    }

    /** The same input as the guest's init (xorshift32 words) hashed by the JDK. */
    private static int expectedSha256FirstWord() throws NoSuchAlgorithmException {
        ByteBuffer input = ByteBuffer.allocate(SHA_INPUT_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        int x = SHA_SEED;
        while (input.hasRemaining()) {
            x ^= x << 13;
            x ^= x >>> 17;
            x ^= x << 5;
            input.putInt(x);
        }
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(input.array());
        return ByteBuffer.wrap(digest).getInt();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        MemoryKind.release(shaMemory);
        MemoryKind.release(nbodyMemory);
    }

    @Benchmark
    public long sha256of64MiB() {
        return sha256.apply()[0];
    }

    @Benchmark
    public long nbody1M() {
        nbodyInit.apply();
        return nbody.apply(NBODY_STEPS)[0];
    }
}
