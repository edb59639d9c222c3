package dev.wasix4j.benchmarks.memory;

import com.dylibso.chicory.runtime.ExportFunction;
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
 * Round trip of a memory.atomic.wait32/notify ping-pong between two compiled guest instances on two virtual
 * threads sharing one memory (memloop.wat's ping_pong). One round = each side waits for its turn, hands the turn
 * over and notifies.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
@Fork(value = 1, jvmArgsAppend = {Jvm.NATIVE_ACCESS, Jvm.EXPORT_MISC, Jvm.EXPORT_FOREIGN, Jvm.STACK})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class WaitNotifyBenchmark {

    private static final int ROUNDS = 10_000;
    private static final int FLAG = 0x10000;

    // Not bytearray: Chicory 1.7.5's ByteArrayMemory loses wake-ups in this ping-pong (a thread that starts waiting
    // after a notify consumes the wake-up meant for the earlier waiter, both then sleep forever): its fork hung.
    @Param({"segment", "portable"})
    public String memory;

    private Memory mem;
    private ExportFunction ping;
    private ExportFunction pong;

    @Setup(Level.Trial)
    public void setUp() {
        Guests guest = Guests.load("memloop");
        mem = MemoryKind.valueOf(memory).create(guest.importedLimits());
        ping = guest.instantiate(mem).export("ping_pong");
        pong = guest.instantiate(mem).export("ping_pong");
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        MemoryKind.release(mem);
    }

    @Benchmark
    @OperationsPerInvocation(ROUNDS)
    public void pingPongRoundTrip() throws InterruptedException {
        Thread a = Thread.ofVirtual().start(() -> ping.apply(FLAG, 0, 1, ROUNDS));
        Thread b = Thread.ofVirtual().start(() -> pong.apply(FLAG, 1, 0, ROUNDS));
        a.join();
        b.join();
    }
}
