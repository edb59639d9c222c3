package dev.wasix4j.benchmarks.memory;

import com.dylibso.chicory.runtime.ExportFunction;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Memory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Cost of the progress yield point: compiled guest atomic loops run on a virtual thread (the only kind that yields)
 * with the yield interval off (0) and at the given values. atomic_load passes the yield point on every operation;
 * atomic_add changes memory and skips it.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
@Fork(value = 1, jvmArgsAppend = {Jvm.NATIVE_ACCESS, Jvm.EXPORT_MISC, Jvm.EXPORT_FOREIGN, Jvm.STACK})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class YieldPointBenchmark {

    private static final int OPS = 1 << 20;
    private static final int ATOMIC_ADDR = 0x10000;

    @Param({"0", "1024", "16384"})
    public int yieldInterval;

    private Memory mem;
    private ExportFunction atomicLoad;
    private ExportFunction atomicAdd;
    private final AtomicLong sink = new AtomicLong();

    @Setup(Level.Trial)
    public void setUp() {
        Guests guest = Guests.load("memloop");
        mem = MemoryKind.segment.create(guest.importedLimits(), yieldInterval);
        Instance instance = guest.instantiate(mem);
        atomicLoad = instance.export("atomic_load");
        atomicAdd = instance.export("atomic_add");
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        MemoryKind.release(mem);
    }

    private long onVirtualThread(ExportFunction f) throws InterruptedException {
        Thread t = Thread.ofVirtual().start(() -> sink.set(f.apply(ATOMIC_ADDR, OPS)[0]));
        t.join();
        return sink.get();
    }

    @Benchmark
    @OperationsPerInvocation(OPS)
    public long atomicLoadOnVirtualThread() throws InterruptedException {
        return onVirtualThread(atomicLoad);
    }

    @Benchmark
    @OperationsPerInvocation(OPS)
    public long atomicAddOnVirtualThread() throws InterruptedException {
        return onVirtualThread(atomicAdd);
    }
}
