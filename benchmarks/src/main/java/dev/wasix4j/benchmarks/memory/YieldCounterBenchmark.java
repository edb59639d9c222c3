package dev.wasix4j.benchmarks.memory;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
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
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * How to count a thread's atomic operations for the yield point: the chosen design (a padded static array indexed
 * by thread id, as in dev.wasix4j.memory.YieldPoint) against a ThreadLocal counter, each added to a volatile segment
 * load (the atomic load it would accompany), on a virtual thread. The counters never reach their limit here: only
 * the bookkeeping is measured.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
@Fork(value = 1, jvmArgsAppend = {Jvm.NATIVE_ACCESS, Jvm.EXPORT_MISC, Jvm.EXPORT_FOREIGN, Jvm.STACK})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class YieldCounterBenchmark {

    private static final int OPS = 1 << 20;
    private static final VarHandle INT = ValueLayout.JAVA_INT.varHandle();
    private static final int LIMIT = Integer.MAX_VALUE;

    private static final int SLOT_MASK = 255;
    private static final int PAD_SHIFT = 4;
    private static final int[] STRIPED = new int[(SLOT_MASK + 1) << PAD_SHIFT];
    private static final ThreadLocal<int[]> LOCAL = ThreadLocal.withInitial(() -> new int[1]);

    private Arena arena;
    private MemorySegment segment;
    private final AtomicLong sink = new AtomicLong();

    @Setup(Level.Trial)
    public void setUp() {
        arena = Arena.ofShared();
        segment = arena.allocate(64);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        arena.close();
    }

    private static void stripedTick() {
        Thread self = Thread.currentThread();
        if (!self.isVirtual()) {
            return;
        }
        int slot = ((int) self.threadId() & SLOT_MASK) << PAD_SHIFT;
        int count = STRIPED[slot] + 1;
        if (count >= LIMIT) {
            STRIPED[slot] = 0;
            Thread.yield();
        } else {
            STRIPED[slot] = count;
        }
    }

    private static void threadLocalTick() {
        Thread self = Thread.currentThread();
        if (!self.isVirtual()) {
            return;
        }
        int[] counter = LOCAL.get();
        int count = counter[0] + 1;
        if (count >= LIMIT) {
            counter[0] = 0;
            Thread.yield();
        } else {
            counter[0] = count;
        }
    }

    private long run(Runnable body) throws InterruptedException {
        Thread t = Thread.ofVirtual().start(body);
        t.join();
        return sink.get();
    }

    @Benchmark
    @OperationsPerInvocation(OPS)
    public long volatileLoadOnly() throws InterruptedException {
        return run(() -> {
            long acc = 0;
            for (int i = 0; i < OPS; i++) {
                acc += (int) INT.getVolatile(segment, 0L);
            }
            sink.set(acc);
        });
    }

    @Benchmark
    @OperationsPerInvocation(OPS)
    public long volatileLoadStripedCounter() throws InterruptedException {
        return run(() -> {
            long acc = 0;
            for (int i = 0; i < OPS; i++) {
                stripedTick();
                acc += (int) INT.getVolatile(segment, 0L);
            }
            sink.set(acc);
        });
    }

    @Benchmark
    @OperationsPerInvocation(OPS)
    public long volatileLoadThreadLocalCounter() throws InterruptedException {
        return run(() -> {
            long acc = 0;
            for (int i = 0; i < OPS; i++) {
                threadLocalTick();
                acc += (int) INT.getVolatile(segment, 0L);
            }
            sink.set(acc);
        });
    }
}
