package dev.wasix4j.core.asyncify;

import com.dylibso.chicory.runtime.GlobalInstance;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Machine;
import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.ExternalType;
import com.dylibso.chicory.wasm.types.MutabilityType;
import com.dylibso.chicory.wasm.types.ValType;
import java.util.List;
import java.util.OptionalInt;

/**
 * The functions binaryen's {@code --asyncify} pass exports, bound to one instance, and the
 * instance's shadow-stack pointer. The data pointer they take addresses binaryen's header: two
 * i32, the current position and the end of the buffer that receives the saved call stack.
 */
final class Asyncify {
    static final String START_UNWIND = "asyncify_start_unwind";
    static final String STOP_UNWIND = "asyncify_stop_unwind";
    static final String START_REWIND = "asyncify_start_rewind";
    static final String STOP_REWIND = "asyncify_stop_rewind";
    static final String GET_STATE = "asyncify_get_state";
    static final List<String> EXPORTS = List.of(START_UNWIND, STOP_UNWIND, START_REWIND, STOP_REWIND, GET_STATE);
    /** Binaryen's header: i32 current position, i32 end; the saved stack follows. */
    static final int HEADER_SIZE = 8;
    static final int HEADER_CURRENT = 0;
    static final int HEADER_END = 4;
    private static final String STACK_POINTER = "__stack_pointer";
    private static final long[] NO_ARGS = {};

    private final Machine machine;
    private final int startUnwind;
    private final int stopUnwind;
    private final int startRewind;
    private final int stopRewind;
    private final GlobalInstance stackPointer;
    private final int[] mutableGlobals;

    private Asyncify(Instance instance, Machine machine, GlobalInstance stackPointer) {
        WasmModule m = instance.module();
        this.machine = machine;
        this.startUnwind = ModuleExports.function(m, START_UNWIND);
        this.stopUnwind = ModuleExports.function(m, STOP_UNWIND);
        this.startRewind = ModuleExports.function(m, START_REWIND);
        this.stopRewind = ModuleExports.function(m, STOP_REWIND);
        this.stackPointer = stackPointer;
        int n = 0;
        int[] all = new int[instance.globalCount()];
        for (int i = 0; i < all.length; i++) {
            if (instance.global(i).getMutabilityType() == MutabilityType.Var) {
                all[n++] = i;
            }
        }
        this.mutableGlobals = java.util.Arrays.copyOf(all, n);
    }

    /** True when the module was run through {@code wasm-opt --asyncify}. */
    static boolean present(WasmModule module) {
        return EXPORTS.stream().allMatch(name -> ModuleExports.find(module, name, ExternalType.FUNCTION).isPresent());
    }

    /** The instance's asyncify exports, or null when the module is not asyncified or has no stack pointer. */
    static Asyncify of(Instance instance, Machine machine) {
        if (!present(instance.module())) {
            return null;
        }
        GlobalInstance sp = stackPointer(instance);
        return sp == null ? null : new Asyncify(instance, machine, sp);
    }

    /**
     * The shadow-stack pointer: the exported {@code __stack_pointer}, else global 0 when it is a
     * mutable i32 the module defines (wasm-ld always makes __stack_pointer its first global).
     */
    static GlobalInstance stackPointer(Instance instance) {
        OptionalInt exported = ModuleExports.find(instance.module(), STACK_POINTER, ExternalType.GLOBAL);
        if (exported.isPresent()) {
            return instance.global(exported.getAsInt());
        }
        if (instance.globalCount() > 0 && instance.imports().globalCount() == 0) {
            GlobalInstance g = instance.global(0);
            if (g.getMutabilityType() == MutabilityType.Var && g.getType().equals(ValType.I32)) {
                return g;
            }
        }
        return null;
    }

    void startUnwind(int data) {
        machine.call(startUnwind, new long[] {data});
    }

    void stopUnwind() {
        machine.call(stopUnwind, NO_ARGS);
    }

    void startRewind(int data) {
        machine.call(startRewind, new long[] {data});
    }

    void stopRewind() {
        machine.call(stopRewind, NO_ARGS);
    }

    int stackPointer() {
        return (int) stackPointer.getValue();
    }

    /** Indices of the instance's mutable globals: what a saved stack carries besides the call stack. */
    int[] mutableGlobals() {
        return mutableGlobals;
    }
}
