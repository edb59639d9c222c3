package dev.wasix4j.benchmarks.memory;

import com.dylibso.chicory.runtime.ExportFunction;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Memory;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Memory accesses per microsecond through a compiled guest loop (memloop.wat), one access kind per benchmark, on one
 * JMH (platform) thread. Each parameter value runs in its own fork, so the guest's call sites stay monomorphic.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Thread)
@Fork(value = 1, jvmArgsAppend = {Jvm.NATIVE_ACCESS, Jvm.EXPORT_MISC, Jvm.EXPORT_FOREIGN, Jvm.STACK})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class GuestLoopBenchmark {

    static final int OPS = 1 << 20;
    private static final int ATOMIC_ADDR = 0x10000;

    @Param({"segment", "portable", "bytearray"})
    public String memory;

    private Memory mem;
    private ExportFunction loadI32;
    private ExportFunction storeI32;
    private ExportFunction loadI64;
    private ExportFunction copyI32;
    private ExportFunction atomicAdd;
    private ExportFunction atomicLoad;
    private ExportFunction atomicCas;

    @Setup(Level.Trial)
    public void setUp() {
        Guests guest = Guests.load("memloop");
        mem = MemoryKind.valueOf(memory).create(guest.importedLimits());
        Instance instance = guest.instantiate(mem);
        loadI32 = instance.export("load_i32");
        storeI32 = instance.export("store_i32");
        loadI64 = instance.export("load_i64");
        copyI32 = instance.export("copy_i32");
        atomicAdd = instance.export("atomic_add");
        atomicLoad = instance.export("atomic_load");
        atomicCas = instance.export("atomic_cas");
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        MemoryKind.release(mem);
    }

    @Benchmark
    @OperationsPerInvocation(OPS)
    public long loadI32() {
        return loadI32.apply(OPS)[0];
    }

    @Benchmark
    @OperationsPerInvocation(OPS)
    public long storeI32() {
        return storeI32.apply(OPS)[0];
    }

    @Benchmark
    @OperationsPerInvocation(OPS)
    public long loadI64() {
        return loadI64.apply(OPS)[0];
    }

    @Benchmark
    @OperationsPerInvocation(OPS)
    public long copyI32() {
        return copyI32.apply(OPS)[0];
    }

    @Benchmark
    @OperationsPerInvocation(OPS)
    public long atomicAddI32() {
        return atomicAdd.apply(ATOMIC_ADDR, OPS)[0];
    }

    @Benchmark
    @OperationsPerInvocation(OPS)
    public long atomicLoadI32() {
        return atomicLoad.apply(ATOMIC_ADDR, OPS)[0];
    }

    @Benchmark
    @OperationsPerInvocation(OPS)
    public long atomicCasI32() {
        return atomicCas.apply(ATOMIC_ADDR, OPS)[0];
    }
}
