package dev.wasix4j.core.compile;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.dylibso.chicory.runtime.HostFunction;
import com.dylibso.chicory.runtime.ImportValues;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.types.FunctionType;
import com.dylibso.chicory.wasm.types.ValType;
import dev.wasix4j.core.Engine;
import dev.wasix4j.core.ProcessOptions;
import dev.wasix4j.core.WasixProgram;
import dev.wasix4j.core.cache.CacheKey;
import dev.wasix4j.core.cache.CodeCache;
import dev.wasix4j.core.testing.WasmBuilder;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The compiled-code cache as an embedder (and the CLI) meets it through {@link WasixProgram}. */
class CompiledCodeCacheTest {
    @TempDir
    Path dir;

    private static int nextSeed() {
        // a module no earlier run has cached anywhere
        return ThreadLocalRandom.current().nextInt(1 << 20);
    }

    private static int run(WasixProgram p) {
        var out = new ByteArrayOutputStream();
        return p.run(ProcessOptions.builder().args(List.of("t.wasm")).stdout(out).stderr(out).build());
    }

    private static Path onlyEntry(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            var entries = s.filter(p -> p.toString().endsWith(".wxc")).toList();
            assertEquals(1, entries.size(), entries.toString());
            return entries.get(0);
        }
    }

    @Test
    void secondLoadReadsTheCacheInsteadOfCompiling() {
        int seed = nextSeed();
        byte[] wasm = WasmBuilder.summingCommand(seed, 40);
        var cache = CodeCache.at(dir);
        long before = ModuleCompiler.compilations();

        var first = WasixProgram.fromBytes("t.wasm", wasm, Engine.COMPILED, cache);
        assertEquals(WasmBuilder.expectedExit(seed, 40), run(first));
        assertFalse(first.compileReport().orElseThrow().fromCache());
        assertEquals(before + 1, ModuleCompiler.compilations());

        var second = WasixProgram.fromBytes("t.wasm", wasm, Engine.COMPILED, cache);
        assertTrue(second.compileReport().orElseThrow().fromCache());
        assertEquals(WasmBuilder.expectedExit(seed, 40), run(second));
        assertEquals(before + 1, ModuleCompiler.compilations(), "a hit compiles nothing");
        assertTrue(second.compileReport().orElseThrow().debugLines().get(0).startsWith("code cache hit"));
    }

    @Test
    void anotherModuleIsAMiss() {
        var cache = CodeCache.at(dir);
        int seed = nextSeed();
        WasixProgram.fromBytes("a.wasm", WasmBuilder.summingCommand(seed, 5), Engine.COMPILED, cache).machineFactory();
        var other = WasixProgram.fromBytes("b.wasm", WasmBuilder.summingCommand(seed + 1, 5), Engine.COMPILED, cache);
        assertFalse(other.compileReport().orElseThrow().fromCache());
        assertEquals(WasmBuilder.expectedExit(seed + 1, 5), run(other));
    }

    @Test
    void disabledCacheCompilesEveryTimeAndWritesNothing() throws IOException {
        byte[] wasm = WasmBuilder.summingCommand(nextSeed(), 5);
        long before = ModuleCompiler.compilations();
        for (int i = 0; i < 2; i++) {
            var p = WasixProgram.fromBytes("t.wasm", wasm, Engine.COMPILED, CodeCache.disabled());
            assertFalse(p.compileReport().orElseThrow().fromCache());
        }
        assertEquals(before + 2, ModuleCompiler.compilations());
        try (Stream<Path> s = Files.list(dir)) {
            assertEquals(0, s.count());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"flip-middle", "flip-last", "truncate", "empty", "garbage"})
    void corruptEntryIsDiscardedAndRebuilt(String damage) throws IOException {
        int seed = nextSeed();
        byte[] wasm = WasmBuilder.summingCommand(seed, 40);
        var cache = CodeCache.at(dir);
        WasixProgram.fromBytes("t.wasm", wasm, Engine.COMPILED, cache).machineFactory();
        Path entry = onlyEntry(dir);
        byte[] good = Files.readAllBytes(entry);
        byte[] bad = switch (damage) {
            case "flip-middle" -> flip(good, good.length / 2);
            case "flip-last" -> flip(good, good.length - 1);
            case "truncate" -> java.util.Arrays.copyOf(good, good.length * 2 / 3);
            case "empty" -> new byte[0];
            default -> "not an entry at all".getBytes();
        };
        Files.write(entry, bad);

        long before = ModuleCompiler.compilations();
        var p = WasixProgram.fromBytes("t.wasm", wasm, Engine.COMPILED, cache);
        assertEquals(WasmBuilder.expectedExit(seed, 40), run(p));
        assertFalse(p.compileReport().orElseThrow().fromCache(), "a damaged entry is never used");
        assertEquals(before + 1, ModuleCompiler.compilations());
        assertTrue(p.compileReport().orElseThrow().cacheProblem().orElseThrow().contains("corrupt"));

        // rebuilt: the next load hits again
        assertArrayEquals(good, Files.readAllBytes(onlyEntry(dir)));
        assertTrue(WasixProgram.fromBytes("t.wasm", wasm, Engine.COMPILED, cache)
                .compileReport().orElseThrow().fromCache());
    }

    private static byte[] flip(byte[] b, int at) {
        byte[] c = b.clone();
        c[at] ^= 0x5a;
        return c;
    }

    @Test
    void versionsAndTransformAreInTheKey() {
        byte[] wasm = WasmBuilder.summingCommand(1, 3);
        String key = CacheKey.of(wasm, "identity");
        assertEquals(64, key.length());
        assertNotEquals(key, CacheKey.of(wasm, "split-2"));
        assertEquals(CacheKey.of(wasm, "identity"), key);
        assertNotEquals(key, CacheKey.of(WasmBuilder.summingCommand(2, 3), "identity"));
        assertFalse(CacheKey.CHICORY_VERSION.startsWith("unknown"), CacheKey.CHICORY_VERSION);
        assertFalse(CacheKey.WASIX4J_VERSION.startsWith("unknown"), CacheKey.WASIX4J_VERSION);
    }

    /** A transform standing in for the splitter: renames nothing, but hands back a new array and counts its calls. */
    private static final class CountingTransform implements ModuleTransform {
        final AtomicInteger calls = new AtomicInteger();
        final String version;

        CountingTransform(String version) {
            this.version = version;
        }

        @Override
        public String version() {
            return version;
        }

        @Override
        public Result apply(byte[] wasm) {
            calls.incrementAndGet();
            return new Result(wasm.clone(), List.of("func 1 split into 2 pieces"));
        }
    }

    @Test
    void entryHoldsTheTransformedModuleAndAHitSkipsTheTransform() {
        int seed = nextSeed();
        byte[] wasm = WasmBuilder.summingCommand(seed, 10);
        var cache = CodeCache.at(dir);
        var v1 = new CountingTransform("test-1");
        var miss = ModuleCompiler.compile(wasm, Parser.parse(wasm), v1, cache, Parser::parse);
        assertEquals(1, v1.calls.get());
        assertEquals(List.of("func 1 split into 2 pieces"), miss.report().transformNotes());

        var hit = ModuleCompiler.fromCache(wasm, v1, cache, Parser::parse).orElseThrow();
        assertEquals(1, v1.calls.get(), "a hit does not run the transform again");
        assertTrue(hit.report().fromCache());
        assertEquals(List.of("func 1 split into 2 pieces"), hit.report().transformNotes());

        var v2 = new CountingTransform("test-2");
        assertTrue(ModuleCompiler.fromCache(wasm, v2, cache, Parser::parse).isEmpty(), "a new transform version is a miss");
    }

    @Test
    void concurrentFillersOfOneEntryAllRunAndLeaveAGoodEntry() throws Exception {
        int seed = nextSeed();
        byte[] wasm = WasmBuilder.summingCommand(seed, 200);
        var cache = CodeCache.at(dir);
        int n = 4;
        var barrier = new CyclicBarrier(n);
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            var results = new ArrayList<Future<Integer>>();
            for (int i = 0; i < n; i++) {
                results.add(pool.submit(() -> {
                    barrier.await();
                    return run(WasixProgram.fromBytes("t.wasm", wasm, Engine.COMPILED, cache));
                }));
            }
            for (var r : results) {
                assertEquals(WasmBuilder.expectedExit(seed, 200), r.get(60, TimeUnit.SECONDS));
            }
        } finally {
            pool.shutdownNow();
        }
        onlyEntry(dir);
        try (Stream<Path> s = Files.list(dir)) {
            assertTrue(s.noneMatch(p -> p.toString().endsWith(".tmp")), "no temp file left behind");
        }
        assertTrue(WasixProgram.fromBytes("t.wasm", wasm, Engine.COMPILED, cache).compileReport().orElseThrow().fromCache());
    }

    @Test
    void twoJvmsFillingOneEntryAtOnceBothSucceed() throws Exception {
        int seed = nextSeed();
        byte[] wasm = WasmBuilder.summingCommand(seed, 300);
        Path module = dir.resolve("m.wasm");
        Files.write(module, wasm);
        Path cacheDir = dir.resolve("cache");
        String java = ProcessHandle.current().info().command().orElse("java");
        var procs = new ArrayList<Process>();
        var command = new ArrayList<String>(List.of(java));
        // the flags this JVM runs with (native access, exports), not its agents or debug ports
        ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(a -> a.startsWith("--enable-native-access") || a.startsWith("--add-exports") || a.startsWith("-Xss"))
                .forEach(command::add);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"),
                CacheFillerMain.class.getName(), module.toString(), cacheDir.toString()));
        for (int i = 0; i < 2; i++) {
            procs.add(new ProcessBuilder(command).redirectErrorStream(true).start());
        }
        for (var p : procs) {
            String out = new String(p.getInputStream().readAllBytes());
            assertTrue(p.waitFor(120, TimeUnit.SECONDS));
            assertEquals(WasmBuilder.expectedExit(seed, 300), p.exitValue(), out);
        }
        onlyEntry(cacheDir);
        assertTrue(WasixProgram.fromBytes("m.wasm", wasm, Engine.COMPILED, CodeCache.at(cacheDir))
                .compileReport().orElseThrow().fromCache());
    }

    @Test
    void anUnwritableCacheDegradesToCompiling() throws IOException {
        Path notADirectory = dir.resolve("file");
        Files.writeString(notADirectory, "x");
        var cache = CodeCache.at(notADirectory.resolve("cache"));
        int seed = nextSeed();
        byte[] wasm = WasmBuilder.summingCommand(seed, 5);
        for (int i = 0; i < 2; i++) {
            var p = WasixProgram.fromBytes("t.wasm", wasm, Engine.COMPILED, cache);
            assertEquals(WasmBuilder.expectedExit(seed, 5), run(p));
            assertFalse(p.compileReport().orElseThrow().fromCache());
            assertTrue(p.compileReport().orElseThrow().cacheProblem().orElseThrow().contains(notADirectory.toString()));
        }
    }

    @Test
    void aFunctionTooLargeForAJvmMethodIsReportedAndStillRuns() {
        int seed = nextSeed();
        byte[] wasm = WasmBuilder.summingCommand(seed, 13_000);
        var cache = CodeCache.at(dir);
        // the identity transform: what runs when no splitter rescues the function
        var compiled = ModuleCompiler.compile(wasm, Parser.parse(wasm), ModuleTransform.IDENTITY, cache, Parser::parse);
        assertEquals(List.of("func 1"), compiled.report().interpreted());
        assertTrue(compiled.report().interpreterWarning().orElseThrow().contains("1 function too large"));
        var hit = ModuleCompiler.fromCache(wasm, ModuleTransform.IDENTITY, cache, Parser::parse).orElseThrow();
        assertEquals(List.of("func 1"), hit.report().interpreted(), "the cache remembers what runs interpreted");
        // the interpreted function's body is kept in the cached module skeleton, so it still runs
        assertEquals(WasmBuilder.expectedExit(seed, 13_000), exitCodeOf(compiled));
        assertEquals(WasmBuilder.expectedExit(seed, 13_000), exitCodeOf(hit));
    }

    private static final class Exit extends RuntimeException {
        final int code;

        Exit(int code) {
            super(null, null, false, false);
            this.code = code;
        }
    }

    /** Runs {@code _start} of a {@link WasmBuilder} module on a bare Chicory instance; its proc_exit code. */
    private static int exitCodeOf(ModuleCompiler.Compiled c) {
        var procExit = new HostFunction("wasi_snapshot_preview1", "proc_exit",
                FunctionType.of(List.of(ValType.I32), List.of()), (inst, args) -> {
                    throw new Exit((int) args[0]);
                });
        var instance = Instance.builder(c.module())
                .withImportValues(ImportValues.builder().addFunction(procExit).build())
                .withMachineFactory(c.machineFactory())
                .withStart(false)
                .build();
        try {
            instance.export("_start").apply();
        } catch (Exit e) {
            return e.code;
        }
        throw new AssertionError("_start returned without proc_exit");
    }

    @Test
    void theCachedModuleKeepsEverythingButCompiledBodies() throws IOException {
        int seed = nextSeed();
        byte[] wasm = WasmBuilder.summingCommand(seed, 2_000);
        var cache = CodeCache.at(dir);
        ModuleCompiler.compile(wasm, Parser.parse(wasm), ModuleTransform.IDENTITY, cache, Parser::parse);
        var entry = cache.get(CacheKey.of(wasm, ModuleTransform.IDENTITY.version()));
        assertTrue(entry.moduleBytes().length < wasm.length / 10, "the 14 KB body is not stored");
        var hit = ModuleCompiler.fromCache(wasm, ModuleTransform.IDENTITY, cache, Parser::parse).orElseThrow();
        assertEquals(WasmBuilder.expectedExit(seed, 2_000), exitCodeOf(hit));
        assertEquals(1, hit.module().exportSection().exportCount());
        assertEquals(1, hit.module().importSection().importCount());
    }
}
