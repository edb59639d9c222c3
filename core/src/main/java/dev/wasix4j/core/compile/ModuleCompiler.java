package dev.wasix4j.core.compile;

import com.dylibso.chicory.compiler.InterpreterFallback;
import com.dylibso.chicory.compiler.internal.ByteClassCollector;
import com.dylibso.chicory.compiler.internal.Compiler;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Machine;
import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.ExternalType;
import dev.wasix4j.core.cache.CacheEntry;
import dev.wasix4j.core.cache.CacheKey;
import dev.wasix4j.core.cache.CodeCache;
import dev.wasix4j.core.module.TableWrites;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * Turns a module into a machine factory: from the code cache when an entry exists, otherwise
 * by running the module transform and Chicory's compiler, then storing the result.
 *
 * <p>Chicory's own {@code MachineFactoryCompiler.Builder.withCache} keys on the parsed module
 * and hides which functions fell back to the interpreter; this drives Chicory's
 * {@code Compiler} directly so the entry can hold the transformed module and that list.
 */
public final class ModuleCompiler {
    private static final AtomicLong COMPILATIONS = new AtomicLong();

    private ModuleCompiler() {}

    /**
     * A module ready to instantiate: the module instances are built from (the transform's
     * output) and the factory of its compiled machine.
     */
    public record Compiled(WasmModule module, Function<Instance, Machine> machineFactory, CompileReport report) {}

    /** How many modules this JVM has compiled (not loaded from the cache): lets tests tell a hit from a miss. */
    public static long compilations() {
        return COMPILATIONS.get();
    }

    /**
     * The cached compilation of {@code wasm}, or empty on a miss. {@code parser} parses the
     * stored module skeleton (it was valid when stored, so it fails only if the entry lies).
     */
    public static Optional<Compiled> fromCache(
            byte[] wasm, ModuleTransform transform, CodeCache cache, Function<byte[], WasmModule> parser) {
        if (!cache.enabled()) {
            return Optional.empty();
        }
        long start = System.nanoTime();
        String key = CacheKey.of(wasm, transform.version());
        CacheEntry entry = cache.get(key);
        if (entry == null) {
            return Optional.empty();
        }
        WasmModule module = parser.apply(entry.moduleBytes() == null ? wasm : entry.moduleBytes());
        var factory = factory(entry.mainClass(), entry);
        var report = new CompileReport(true, Duration.ofNanos(System.nanoTime() - start), wasm.length,
                entry.classBytes(), describe(module, entry.interpretedFunctions()), entry.transformNotes(),
                Optional.of(cache.fileFor(key)), cache.problem());
        return Optional.of(new Compiled(module, factory, report));
    }

    /**
     * Transforms and compiles {@code wasm} ({@code parsed} is its parse, reused when the
     * transform changes nothing), stores the result in {@code cache} and returns it.
     */
    public static Compiled compile(byte[] wasm, WasmModule parsed, ModuleTransform transform, CodeCache cache,
            Function<byte[], WasmModule> parser) {
        long start = System.nanoTime();
        var transformed = transform.apply(wasm);
        boolean unchanged = transformed.wasm() == wasm;
        WasmModule module = unchanged ? parsed : parser.apply(transformed.wasm());
        var result = Compiler.builder(module)
                // classes are defined lazily by our own loader, on the cached path and this one alike
                .withClassCollectorFactory(ByteClassCollector::new)
                .withInterpreterFallback(InterpreterFallback.SILENT)
                .build()
                .compile();
        COMPILATIONS.incrementAndGet();
        var interpreted = new ArrayList<>(result.interpretedFunctions());
        interpreted.sort(null);
        String key = cache.enabled() ? CacheKey.of(wasm, transform.version()) : "";
        int imported = module.importSection().count(ExternalType.FUNCTION);
        // bodies the skeleton keeps: interpreted functions', and table-changing ones' (TableWrites must see them on a hit)
        var keep = new HashSet<>(interpreted);
        keep.addAll(TableWrites.functions(module));
        byte[] skeleton = ModuleSkeleton.of(transformed.wasm(), imported, keep);
        var entry = new CacheEntry(key, result.collector().mainClassName(), result.classBytes(),
                skeleton, List.copyOf(interpreted), transformed.notes());
        var factory = factory(entry.mainClass(), entry);
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        cache.put(entry);
        var report = new CompileReport(false, took, wasm.length, entry.classBytes(), describe(module, interpreted),
                transformed.notes(), cache.enabled() ? Optional.of(cache.fileFor(key)) : Optional.empty(),
                cache.problem());
        return new Compiled(module, factory, report);
    }

    private static Function<Instance, Machine> factory(String mainClass, CacheEntry entry) {
        var loader = new CompiledClassLoader(entry.classes(), InterpreterFallback.class.getClassLoader());
        Constructor<? extends Machine> ctor;
        try {
            ctor = Class.forName(mainClass.replace('/', '.'), false, loader)
                    .asSubclass(Machine.class)
                    .getConstructor(Instance.class);
        } catch (ReflectiveOperationException | LinkageError | ClassCastException e) {
            throw new IllegalStateException("generated machine class " + mainClass + " cannot be loaded", e);
        }
        return instance -> {
            try {
                return ctor.newInstance(instance);
            } catch (InvocationTargetException e) {
                if (e.getCause() instanceof RuntimeException r) {
                    throw r;
                }
                if (e.getCause() instanceof Error err) {
                    throw err;
                }
                throw new IllegalStateException(e.getCause());
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        };
    }

    private static List<String> describe(WasmModule module, List<Integer> functions) {
        var out = new ArrayList<String>(functions.size());
        for (int f : functions) {
            String name = module.nameSection() == null ? null : module.nameSection().nameOfFunction(f);
            out.add(name == null ? "func " + f : "func " + f + " (" + name + ")");
        }
        return out;
    }
}
