package dev.wasix4j.benchmarks.memory;

import com.dylibso.chicory.runtime.ExportFunction;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Memory;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The CPU-bound guests of {@link CpuGuestBenchmark} timed by the running thread's CPU time instead of wall time, one
 * fresh JVM per (guest, memory) pair. CPU time is what survives a machine shared with other work: wall-clock JMH
 * scores there carry the neighbours' load.
 *
 * <p>Run: {@code java -cp benchmarks/target/benchmarks.jar dev.wasix4j.benchmarks.memory.CpuTimeComparison [reps]}.
 * Prints, per pair, the minimum and median CPU time of {@code reps} runs after one warm-up run.
 */
public final class CpuTimeComparison {

    private static final int DEFAULT_REPS = 10;
    private static final int SHA_SEED = 12345;
    private static final int NBODY_STEPS = 3_000_000;
    private static final long NANOS_PER_MILLI = 1_000_000L;

    private CpuTimeComparison() {}

    public static void main(String[] args) throws IOException, InterruptedException {
        if (args.length == 3) {
            runOne(MemoryKind.valueOf(args[0]), args[1], Integer.parseInt(args[2]));
            return;
        }
        int reps = args.length > 0 ? Integer.parseInt(args[0]) : DEFAULT_REPS;
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        for (String guest : List.of("sha256", "nbody")) {
            for (MemoryKind kind : MemoryKind.values()) {
                List<String> command = new ArrayList<>(List.of(java, Jvm.NATIVE_ACCESS, Jvm.EXPORT_MISC,
                        Jvm.EXPORT_FOREIGN, Jvm.STACK, "-cp", System.getProperty("java.class.path"),
                        CpuTimeComparison.class.getName(), kind.name(), guest, Integer.toString(reps)));
                Process child = new ProcessBuilder(command).inheritIO().start();
                if (child.waitFor() != 0) {
                    throw new IllegalStateException("child failed: " + command);
                }
            }
        }
    }

    private static void runOne(MemoryKind kind, String guestName, int reps) {
        Guests guest = Guests.load(guestName);
        Memory memory = kind.create(guest.importedLimits());
        Instance instance = guest.instantiate(memory);
        ExportFunction init = instance.export("init");
        ExportFunction run = instance.export("run");
        boolean sha = guestName.equals("sha256");
        if (sha) {
            init.apply(SHA_SEED);
        }
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long[] cpu = new long[reps + 1];
        for (int r = 0; r < cpu.length; r++) {
            long start = threads.getCurrentThreadCpuTime();
            if (sha) {
                run.apply();
            } else {
                init.apply();
                run.apply(NBODY_STEPS);
            }
            cpu[r] = threads.getCurrentThreadCpuTime() - start;
        }
        long[] measured = Arrays.copyOfRange(cpu, 1, cpu.length); // the first run is warm-up
        Arrays.sort(measured);
        System.out.printf("%-7s %-10s cpu ms: min %5d  median %5d  (%d runs after 1 warm-up)%n", guestName,
                kind, measured[0] / NANOS_PER_MILLI, measured[measured.length / 2] / NANOS_PER_MILLI, reps);
        MemoryKind.release(memory);
    }
}
