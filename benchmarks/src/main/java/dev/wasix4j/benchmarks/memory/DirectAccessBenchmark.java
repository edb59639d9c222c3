package dev.wasix4j.benchmarks.memory;

import com.dylibso.chicory.runtime.Memory;
import com.dylibso.chicory.wasm.types.MemoryLimits;
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

/** Memory accesses per microsecond by direct calls on the Memory interface (the host's path: syscalls, WASI). */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Thread)
@Fork(value = 1, jvmArgsAppend = {Jvm.NATIVE_ACCESS, Jvm.EXPORT_MISC, Jvm.EXPORT_FOREIGN, Jvm.STACK})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class DirectAccessBenchmark {

    private static final int OPS = 1 << 14;
    private static final int WINDOW_MASK = 0xFFFC;
    private static final int ATOMIC_ADDR = 0x10000;

    @Param({"segment", "portable", "bytearray"})
    public String memory;

    private Memory mem;

    @Setup(Level.Trial)
    public void setUp() {
        mem = MemoryKind.valueOf(memory).create(new MemoryLimits(2, MemoryLimits.MAX_PAGES, true));
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        MemoryKind.release(mem);
    }

    @Benchmark
    @OperationsPerInvocation(OPS)
    public int readInt() {
        int acc = 0;
        for (int i = 0; i < OPS; i++) {
            acc += mem.readInt((i << 2) & WINDOW_MASK);
        }
        return acc;
    }

    @Benchmark
    @OperationsPerInvocation(OPS)
    public void writeI32() {
        for (int i = 0; i < OPS; i++) {
            mem.writeI32((i << 2) & WINDOW_MASK, i);
        }
    }

    @Benchmark
    @OperationsPerInvocation(OPS)
    public int atomicAddInt() {
        int acc = 0;
        for (int i = 0; i < OPS; i++) {
            acc += mem.atomicAddInt(ATOMIC_ADDR, 1);
        }
        return acc;
    }

    @Benchmark
    @OperationsPerInvocation(OPS)
    public int atomicReadInt() {
        int acc = 0;
        for (int i = 0; i < OPS; i++) {
            acc += mem.atomicReadInt(ATOMIC_ADDR);
        }
        return acc;
    }

    @Benchmark
    @OperationsPerInvocation(OPS)
    public int atomicCmpxchgInt() {
        int acc = 0;
        for (int i = 0; i < OPS; i++) {
            acc += mem.atomicCmpxchgInt(ATOMIC_ADDR, i, i + 1);
        }
        return acc;
    }
}
