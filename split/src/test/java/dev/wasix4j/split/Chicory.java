package dev.wasix4j.split;

import com.dylibso.chicory.compiler.InterpreterFallback;
import com.dylibso.chicory.compiler.MachineFactoryCompiler;
import com.dylibso.chicory.compiler.internal.ByteClassCollector;
import com.dylibso.chicory.compiler.internal.Compiler;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.InterpreterMachine;
import com.dylibso.chicory.runtime.Machine;
import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.WasmModule;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/** Runs modules with Chicory for the tests: interpreted, or compiled with no interpreter fallback. */
final class Chicory {
    private Chicory() {}

    /** One call's outcome: its results, or its trap, and the memory after it. */
    record Outcome(long[] results, String trap, byte[] memory) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Outcome other && Arrays.equals(results, other.results)
                    && java.util.Objects.equals(trap, other.trap) && Arrays.equals(memory, other.memory);
        }

        @Override
        public int hashCode() {
            return java.util.Objects.hash(Arrays.hashCode(results), trap);
        }

        @Override
        public String toString() {
            return trap != null ? "trap " + trap : Arrays.toString(results);
        }
    }

    static Function<Instance, Machine> interpreted() {
        return InterpreterMachine::new;
    }

    /** Compiles every function or fails: nothing may fall back to the interpreter. */
    static Function<Instance, Machine> compiled(WasmModule module) {
        return MachineFactoryCompiler.builder(module).withInterpreterFallback(InterpreterFallback.FAIL).compile();
    }

    static Outcome call(WasmModule module, Function<Instance, Machine> machine, String export, long... args) {
        var instance = Instance.builder(module).withMachineFactory(machine).build();
        long[] results = null;
        String trap = null;
        try {
            results = instance.export(export).apply(args);
        } catch (RuntimeException | StackOverflowError e) {
            trap = e.getClass().getSimpleName() + ": " + e.getMessage();
        }
        var mem = instance.memory();
        return new Outcome(results, trap, mem == null ? null : mem.readBytes(0, mem.pages() * 65536));
    }

    static WasmModule parse(byte[] bytes) {
        return Parser.parse(bytes); // validates
    }

    /** The bytecode size of every method Chicory generates for the module's functions. */
    static List<Integer> methodSizes(WasmModule module) throws IOException {
        return new ArrayList<>(methodSizesByName(module).values());
    }

    /** Bytecode size of each generated method, by method name (func_N for wasm function N). */
    static java.util.Map<String, Integer> methodSizesByName(WasmModule module) throws IOException {
        var result = Compiler.builder(module)
                .withClassCollectorFactory(ByteClassCollector::new)
                .withInterpreterFallback(InterpreterFallback.FAIL)
                .build()
                .compile();
        var sizes = new java.util.TreeMap<String, Integer>();
        for (var e : result.classBytes().entrySet()) {
            if (e.getKey().contains("FuncGroup")) {
                codeLengths(e.getValue(), sizes);
            }
        }
        return sizes;
    }

    /** Reads a class file just far enough to find each method's Code length. */
    private static void codeLengths(byte[] cls, java.util.Map<String, Integer> out) throws IOException {
        var in = new DataInputStream(new ByteArrayInputStream(cls));
        in.skipNBytes(8);
        int cpCount = in.readUnsignedShort();
        var utf8 = new String[cpCount];
        for (int i = 1; i < cpCount; i++) {
            int tag = in.readUnsignedByte();
            switch (tag) {
                case 1 -> utf8[i] = in.readUTF();
                case 3, 4, 9, 10, 11, 12, 17, 18 -> in.skipNBytes(4);
                case 5, 6 -> {
                    in.skipNBytes(8);
                    i++;
                }
                case 7, 8, 16, 19, 20 -> in.skipNBytes(2);
                case 15 -> in.skipNBytes(3);
                default -> throw new IOException("constant tag " + tag);
            }
        }
        in.skipNBytes(6);
        in.skipNBytes(2L * in.readUnsignedShort());
        int fields = in.readUnsignedShort();
        for (int i = 0; i < fields; i++) {
            in.skipNBytes(6);
            skipAttributes(in);
        }
        int methods = in.readUnsignedShort();
        for (int i = 0; i < methods; i++) {
            in.skipNBytes(2);
            String methodName = utf8[in.readUnsignedShort()];
            in.skipNBytes(2);
            int attrs = in.readUnsignedShort();
            for (int a = 0; a < attrs; a++) {
                String name = utf8[in.readUnsignedShort()];
                int len = in.readInt();
                if ("Code".equals(name)) {
                    in.skipNBytes(4);
                    int codeLength = in.readInt();
                    out.put(methodName, codeLength);
                    in.skipNBytes(len - 8);
                } else {
                    in.skipNBytes(len);
                }
            }
        }
    }

    private static void skipAttributes(DataInputStream in) throws IOException {
        int n = in.readUnsignedShort();
        for (int i = 0; i < n; i++) {
            in.skipNBytes(2);
            in.skipNBytes(in.readInt());
        }
    }
}
