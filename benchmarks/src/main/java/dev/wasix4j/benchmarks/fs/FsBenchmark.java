package dev.wasix4j.benchmarks.fs;

import com.dylibso.chicory.compiler.MachineFactoryCompiler;
import com.dylibso.chicory.runtime.ImportValues;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.wasi.WasiExitException;
import com.dylibso.chicory.wasi.WasiOptions;
import com.dylibso.chicory.wasi.WasiPreview1;
import com.dylibso.chicory.wasm.Parser;
import dev.wasix4j.core.Engine;
import dev.wasix4j.core.ProcessOptions;
import dev.wasix4j.core.WasixProgram;
import dev.wasix4j.fs.MountSpec;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Small-file throughput of the same guest (guests/bench/fs_bench.c: create+write 1 KiB, read,
 * stat, unlink) on wasix4j's in-memory tree, on a host directory mounted into wasix4j, and on
 * Chicory's own WASI implementation over the same kind of host directory.
 *
 * <p>Each host runs the guest once to warm the JIT, then {@value #RUNS} times; the median of each
 * phase is printed. Run from the repository root:
 * {@code java -cp benchmarks/target/benchmarks.jar dev.wasix4j.benchmarks.fs.FsBenchmark [FILES]} with the JVM
 * flags of docs/performance.md.
 */
public final class FsBenchmark {
    private static final int RUNS = 5;
    private static final String GUEST = "guests/bench/fs_bench.wasm";
    private static final String GUEST_DIR = "/data";

    private FsBenchmark() {}

    public static void main(String[] args) throws Exception {
        int files = args.length > 0 ? Integer.parseInt(args[0]) : 5000;
        Path wasm = Path.of(GUEST);
        if (!Files.isRegularFile(wasm)) {
            throw new IllegalStateException(GUEST + " not found: run from the repository root");
        }
        byte[] bytes = Files.readAllBytes(wasm);
        var results = new LinkedHashMap<String, Map<String, Double>>();
        Path host = Files.createTempDirectory("fsbench");
        try {
            var program = WasixProgram.fromBytes(GUEST, bytes, Engine.COMPILED);
            results.put("wasix4j in-memory", measure(() -> runWasix(program, null, "/tmp", files)));
            results.put("wasix4j host dir", measure(() -> runWasix(program, host, GUEST_DIR, files)));
            var module = Parser.parse(bytes);
            var machines = MachineFactoryCompiler.compile(module);
            results.put("Chicory WASI host dir", measure(() -> runChicory(module, machines, host, files)));
        } finally {
            try (var walk = Files.walk(host)) {
                walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        System.out.printf("fs_bench, %d files of 1 KiB, median of %d runs, ops/s%n", files, RUNS);
        System.out.printf("%-24s %10s %10s %10s %10s%n", "host", "create", "read", "stat", "unlink");
        for (var e : results.entrySet()) {
            var r = e.getValue();
            System.out.printf("%-24s %10.0f %10.0f %10.0f %10.0f%n", e.getKey(),
                    r.get("create"), r.get("read"), r.get("stat"), r.get("unlink"));
        }
    }

    /** Runs once to warm up, then RUNS times; the median ops/s of each phase. */
    private static Map<String, Double> measure(Supplier<String> run) {
        parse(run.get());
        var samples = new LinkedHashMap<String, List<Double>>();
        for (int i = 0; i < RUNS; i++) {
            parse(run.get()).forEach((k, v) -> samples.computeIfAbsent(k, x -> new ArrayList<>()).add(v));
        }
        var medians = new LinkedHashMap<String, Double>();
        samples.forEach((k, v) -> {
            v.sort(null);
            medians.put(k, v.get(v.size() / 2));
        });
        return medians;
    }

    /** "create    5000 ops      12345 ops/s" lines into phase -> ops/s. */
    private static Map<String, Double> parse(String out) {
        var m = new LinkedHashMap<String, Double>();
        for (String line : out.split("\n")) {
            String[] f = line.trim().split("\\s+");
            if (f.length == 5 && f[4].equals("ops/s")) {
                m.put(f[0], Double.parseDouble(f[3]));
            }
        }
        if (m.size() != 4) {
            throw new IllegalStateException("unexpected guest output: " + out);
        }
        return m;
    }

    private static String runWasix(WasixProgram program, Path host, String dir, int files) {
        var out = new ByteArrayOutputStream();
        var options = ProcessOptions.builder().args(List.of("fs_bench", dir, String.valueOf(files))).stdout(out);
        if (host != null) {
            options.mount(MountSpec.parseVolume(host + ":" + GUEST_DIR));
        }
        int code = program.run(options.build());
        if (code != 0) {
            throw new IllegalStateException("fs_bench exited " + code);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static String runChicory(com.dylibso.chicory.wasm.WasmModule module,
            java.util.function.Function<Instance, com.dylibso.chicory.runtime.Machine> machines, Path host, int files) {
        var out = new ByteArrayOutputStream();
        var options = WasiOptions.builder()
                .withArguments(List.of("fs_bench", GUEST_DIR, String.valueOf(files)))
                .withStdout(out)
                .withDirectory(GUEST_DIR, host)
                .build();
        try (var wasi = WasiPreview1.builder().withOptions(options).build()) {
            var instance = Instance.builder(module)
                    .withImportValues(ImportValues.builder().addFunction(wasi.toHostFunctions()).build())
                    .withMachineFactory(machines)
                    .build();
            try {
                instance.export("_start").apply();
            } catch (WasiExitException e) {
                if (e.exitCode() != 0) {
                    throw new IllegalStateException("fs_bench exited " + e.exitCode(), e);
                }
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
