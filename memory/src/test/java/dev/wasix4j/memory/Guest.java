package dev.wasix4j.memory;

import com.dylibso.chicory.compiler.MachineFactoryCompiler;
import com.dylibso.chicory.runtime.ImportMemory;
import com.dylibso.chicory.runtime.ImportValues;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Machine;
import com.dylibso.chicory.runtime.Memory;
import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.WasmModule;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/** A compiled test guest from src/test/resources/wasm, instantiated against a host memory imported as env.memory. */
final class Guest {

    private record Compiled(WasmModule module, Function<Instance, Machine> machines) {}

    // Compilation dominates a test's cost: compile each module once per test JVM.
    private static final Map<String, Compiled> COMPILED = new ConcurrentHashMap<>();

    private final Instance instance;

    private Guest(Instance instance) {
        this.instance = instance;
    }

    static Guest of(String name, Memory memory) {
        Compiled compiled = COMPILED.computeIfAbsent(name, Guest::compile);
        Instance instance = Instance.builder(compiled.module())
                .withImportValues(ImportValues.builder()
                        .addMemory(new ImportMemory("env", "memory", memory))
                        .build())
                .withMachineFactory(compiled.machines())
                .build();
        return new Guest(instance);
    }

    private static Compiled compile(String name) {
        try (InputStream in = Guest.class.getResourceAsStream("/wasm/" + name + ".wasm")) {
            if (in == null) {
                throw new IllegalArgumentException("no test guest " + name);
            }
            WasmModule module = Parser.parse(in.readAllBytes());
            return new Compiled(module, MachineFactoryCompiler.compile(module));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    long call(String export, long... args) {
        long[] result = instance.export(export).apply(args);
        return result == null || result.length == 0 ? 0 : result[0];
    }

    int callInt(String export, long... args) {
        return (int) call(export, args);
    }
}
