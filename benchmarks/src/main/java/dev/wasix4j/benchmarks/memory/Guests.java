package dev.wasix4j.benchmarks.memory;

import com.dylibso.chicory.compiler.MachineFactoryCompiler;
import com.dylibso.chicory.runtime.ImportMemory;
import com.dylibso.chicory.runtime.ImportValues;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Machine;
import com.dylibso.chicory.runtime.Memory;
import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.MemoryLimits;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.function.Function;

/** A benchmark guest from src/main/resources/guests, compiled once, instantiated against a host memory. */
final class Guests {

    final WasmModule module;
    private final Function<Instance, Machine> machines;

    private Guests(WasmModule module) {
        this.module = module;
        this.machines = MachineFactoryCompiler.compile(module);
    }

    static Guests load(String name) {
        try (InputStream in = Guests.class.getResourceAsStream("/guests/" + name + ".wasm")) {
            if (in == null) {
                throw new IllegalArgumentException("no guest " + name);
            }
            return new Guests(Parser.parse(in.readAllBytes()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The limits of the module's imported memory (env.memory). */
    MemoryLimits importedLimits() {
        return module.importSection().stream()
                .filter(i -> i instanceof com.dylibso.chicory.wasm.types.MemoryImport)
                .map(i -> ((com.dylibso.chicory.wasm.types.MemoryImport) i).limits())
                .findFirst()
                .orElseThrow();
    }

    Instance instantiate(Memory memory) {
        return Instance.builder(module)
                .withImportValues(ImportValues.builder()
                        .addMemory(new ImportMemory("env", "memory", memory))
                        .build())
                .withMachineFactory(machines)
                .build();
    }
}
