import com.dylibso.chicory.runtime.HostFunction;
import com.dylibso.chicory.runtime.ImportMemory;
import com.dylibso.chicory.runtime.ImportValues;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Memory;
import com.dylibso.chicory.wasm.types.FunctionImport;
import com.dylibso.chicory.wasm.types.MemoryImport;
import dev.wasix4j.core.Engine;
import dev.wasix4j.core.ProcessOptions;
import dev.wasix4j.core.WasixProcess;
import dev.wasix4j.core.WasixProgram;
import dev.wasix4j.memory.GuestMemories;
import dev.wasix4j.threads.ThreadMode;
import java.io.ByteArrayOutputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.management.ObjectName;

/**
 * Host memory per live, idle guest thread. Run by threads.sh in source-file mode:
 *
 * <pre>java --enable-native-access=ALL-UNNAMED -cp cli/target/wasix4j-cli.jar:cli/target/lib/* \
 *     benchmarks/scripts/ThreadMemory.java HOLD_THREADS.wasm N virtual|platform
 * java ... benchmarks/scripts/ThreadMemory.java ANY.wasm N instances</pre>
 *
 * <p>Method: hold_threads.wasm (stress-tests' guest) starts N threads that each park in
 * memory.atomic.wait32 and use no linear memory of their own (no shadow stack, no TLS), so what
 * they cost is the host's alone: a Chicory instance per thread, its table, its exports map, the
 * Java thread and its parked stack. After a warm-up process, the heap is collected and measured,
 * the N-thread process is started, and once every thread has counted itself in, the heap is
 * collected and measured again. Prints used-heap and RSS (VmRSS) growth per thread and the classes
 * that grew most (from the JVM's class histogram, the GC.class_histogram diagnostic command).
 */
public class ThreadMemory {
    public static void main(String[] args) throws Exception {
        Path wasm = Path.of(args[0]);
        int n = Integer.parseInt(args[1]);
        ThreadMode mode = args.length > 2 && args[2].equals("platform") ? ThreadMode.PLATFORM : ThreadMode.VIRTUAL;
        WasixProgram program = WasixProgram.load(wasm, Engine.COMPILED);
        if (args.length > 2 && args[2].equals("instances")) {
            instances(program, n);
            return;
        }

        // warm-up: compile, load every class, start and end a process
        hold(program, 200, mode).kill();

        long heap0 = usedHeapAfterGc();
        long rss0 = statusBytes("VmRSS");
        Map<String, long[]> histo0 = histogram();
        long t0 = System.nanoTime();
        Held held = hold(program, n, mode);
        long startMs = (System.nanoTime() - t0) / 1_000_000;
        Thread.sleep(500);
        long heap1 = usedHeapAfterGc();
        long rss1 = statusBytes("VmRSS");
        Map<String, long[]> histo1 = histogram();
        int live = held.process.liveThreads();
        held.kill();

        System.out.printf("thread_memory mode=%s threads=%d live=%d start_ms=%d heap_per_thread_bytes=%d rss_per_thread_bytes=%d heap_delta_mib=%.1f rss_delta_mib=%.1f%n",
                mode.name().toLowerCase(), n, live, startMs, (heap1 - heap0) / n, (rss1 - rss0) / n,
                (heap1 - heap0) / 1048576.0, (rss1 - rss0) / 1048576.0);
        List<Map.Entry<String, Long>> grown = new ArrayList<>();
        for (var e : histo1.entrySet()) {
            long before = histo0.getOrDefault(e.getKey(), new long[2])[1];
            grown.add(Map.entry(e.getKey(), e.getValue()[1] - before));
        }
        grown.sort((a, b) -> Long.compare(b.getValue(), a.getValue()));
        for (var e : grown.subList(0, Math.min(12, grown.size()))) {
            long instances = histo1.get(e.getKey())[0] - histo0.getOrDefault(e.getKey(), new long[2])[0];
            System.out.printf("  %8d bytes/thread  %6.1f objects/thread  %s%n", e.getValue() / n, instances / (double) n, e.getKey());
        }
    }

    /**
     * The instance alone: N sibling instances of any module (a C guest, say) on one shared memory,
     * with do-nothing host functions, kept reachable; prints the used-heap growth per instance.
     * What a guest thread costs is this plus its Java thread and parked stack. Then times building
     * an instance (import values and Instance.build, as WasixProcess.instantiate does) against
     * starting and joining an empty virtual thread: the two halves of a guest thread spawn.
     */
    static void instances(WasixProgram program, int n) throws Exception {
        var module = program.module();
        List<HostFunction> functions = new ArrayList<>();
        Memory memory = null;
        ImportMemory importMemory = null;
        for (int i = 0; i < module.importSection().importCount(); i++) {
            var imp = module.importSection().getImport(i);
            if (imp instanceof FunctionImport f) {
                functions.add(new HostFunction(f.module(), f.name(), module.typeSection().getType(f.typeIndex()), (inst, a) -> null));
            } else if (imp instanceof MemoryImport m) {
                memory = GuestMemories.create(m.limits(), m.limits().shared());
                importMemory = new ImportMemory(m.module(), m.name(), memory);
            }
        }
        var keep = new ArrayList<Instance>(n);
        keep.add(build(program, functions, importMemory));
        long heap0 = usedHeapAfterGc();
        for (int i = 0; i < n; i++) {
            keep.add(build(program, functions, importMemory));
        }
        long heap1 = usedHeapAfterGc();
        keep.clear();

        // time: import values + Instance.build as WasixProcess.instantiate does it, and a bare
        // virtual thread start + join; the second half of 2N rounds (the first warms the JIT)
        long instNs = 0;
        for (int i = 0; i < 2 * n; i++) {
            long t0 = System.nanoTime();
            build(program, functions, importMemory);
            if (i >= n) {
                instNs += System.nanoTime() - t0;
            }
        }
        // from a virtual thread, as a guest thread spawns and joins
        long[] threadNs = new long[1];
        Thread.ofVirtual().start(() -> {
            try {
                for (int i = 0; i < 2 * n; i++) {
                    long t0 = System.nanoTime();
                    Thread.ofVirtual().start(() -> {}).join();
                    if (i >= n) {
                        threadNs[0] += System.nanoTime() - t0;
                    }
                }
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }).join();
        System.out.printf("instance module=%s imports=%d instances=%d heap_per_instance_bytes=%d instantiate_ns=%d vthread_start_join_ns=%d%n",
                Path.of(program.name()).getFileName(), functions.size(), n, (heap1 - heap0) / n, instNs / n, threadNs[0] / n);
    }

    static Instance build(WasixProgram program, List<HostFunction> functions, ImportMemory memory) {
        var imports = ImportValues.builder();
        functions.forEach(imports::addFunction);
        if (memory != null) {
            imports.addMemory(memory);
        }
        return Instance.builder(program.module())
                .withImportValues(imports.build())
                .withMachineFactory(program.machineFactory())
                .withStart(false)
                .build();
    }

    record Held(WasixProcess process) {
        void kill() throws InterruptedException {
            process.kill();
            if (process.waitFor(Duration.ofSeconds(60)).isEmpty()) {
                throw new IllegalStateException("the held process did not end");
            }
        }
    }

    static Held hold(WasixProgram program, int n, ThreadMode mode) throws InterruptedException {
        var out = new ByteArrayOutputStream();
        var p = program.start(ProcessOptions.builder()
                .args(List.of("hold_threads.wasm", String.valueOf(n), "park"))
                .stdout(out)
                .stderr(System.err)
                .threadMode(mode)
                .platformStackBytes(1L << 20)
                .build());
        String want = "started=" + n + "\n";
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (!out.toString(StandardCharsets.UTF_8).equals(want)) {
            if (System.nanoTime() > deadline || p.waitFor(Duration.ofMillis(10)).isPresent()) {
                p.kill();
                throw new IllegalStateException("hold_threads " + n + " did not start: " + out);
            }
        }
        return new Held(p);
    }

    static long usedHeapAfterGc() throws InterruptedException {
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 4; i++) {
            System.gc();
            Thread.sleep(100);
            used = Math.min(used, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
        }
        return used;
    }

    static long statusBytes(String field) throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith(field + ":")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
            }
        }
        return -1;
    }

    /** class name -> {instances, bytes}, from the JVM's GC.class_histogram diagnostic command (a full GC first). */
    static Map<String, long[]> histogram() throws Exception {
        var server = ManagementFactory.getPlatformMBeanServer();
        String text = (String) server.invoke(new ObjectName("com.sun.management:type=DiagnosticCommand"),
                "gcClassHistogram", new Object[] {new String[0]}, new String[] {String[].class.getName()});
        Map<String, long[]> m = new HashMap<>();
        for (String line : text.split("\n")) {
            String[] f = line.trim().split("\\s+");
            if (f.length >= 4 && f[0].endsWith(":")) {
                m.put(f[3], new long[] {Long.parseLong(f[1]), Long.parseLong(f[2])});
            }
        }
        return m;
    }
}
