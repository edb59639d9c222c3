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
    private final Layout layout;
    private final GlobalInstance stackPointer;

    /**
     * Where a module's asyncify exports and shadow-stack pointer are, found once per module (the same for every
     * instance of it): a new thread's entry binds it to its instance without scanning the exports again.
     *
     * @param stackPointer index of the shadow-stack pointer global
     * @param mutableGlobals indices of the mutable globals: what a saved stack carries besides the call stack
     */
    record Layout(int startUnwind, int stopUnwind, int startRewind, int stopRewind, int stackPointer,
            int[] mutableGlobals) {
        /** {@code instance}'s module's layout, or null when it is not asyncified or has no stack pointer. */
        static Layout of(Instance instance) {
            WasmModule m = instance.module();
            if (!present(m)) {
                return null;
            }
            int sp = stackPointerIndex(instance);
            if (sp < 0) {
                return null;
            }
            int n = 0;
            int[] all = new int[instance.globalCount()];
            for (int i = 0; i < all.length; i++) {
                if (instance.global(i).getMutabilityType() == MutabilityType.Var) {
                    all[n++] = i;
                }
            }
            return new Layout(ModuleExports.function(m, START_UNWIND), ModuleExports.function(m, STOP_UNWIND),
                    ModuleExports.function(m, START_REWIND), ModuleExports.function(m, STOP_REWIND), sp,
                    java.util.Arrays.copyOf(all, n));
        }
    }

    Asyncify(Layout layout, Instance instance, Machine machine) {
        this.machine = machine;
        this.layout = layout;
        this.stackPointer = instance.global(layout.stackPointer());
    }

    /** True when the module was run through {@code wasm-opt --asyncify}. */
    static boolean present(WasmModule module) {
        return EXPORTS.stream().allMatch(name -> ModuleExports.find(module, name, ExternalType.FUNCTION).isPresent());
    }

    /** The instance's asyncify exports, or null when the module is not asyncified or has no stack pointer. */
    static Asyncify of(Instance instance, Machine machine) {
        Layout layout = Layout.of(instance);
        return layout == null ? null : new Asyncify(layout, instance, machine);
    }

    /**
     * The shadow-stack pointer: the exported {@code __stack_pointer}, else global 0 when it is a
     * mutable i32 the module defines (wasm-ld always makes __stack_pointer its first global).
     */
    static GlobalInstance stackPointer(Instance instance) {
        int i = stackPointerIndex(instance);
        return i < 0 ? null : instance.global(i);
    }

    private static int stackPointerIndex(Instance instance) {
        OptionalInt exported = ModuleExports.find(instance.module(), STACK_POINTER, ExternalType.GLOBAL);
        if (exported.isPresent()) {
            return exported.getAsInt();
        }
        if (instance.globalCount() > 0 && instance.imports().globalCount() == 0) {
            GlobalInstance g = instance.global(0);
            if (g.getMutabilityType() == MutabilityType.Var && g.getType().equals(ValType.I32)) {
                return 0;
            }
        }
        return -1;
    }

    void startUnwind(int data) {
        machine.call(layout.startUnwind(), new long[] {data});
    }

    void stopUnwind() {
        machine.call(layout.stopUnwind(), NO_ARGS);
    }

    void startRewind(int data) {
        machine.call(layout.startRewind(), new long[] {data});
    }

    void stopRewind() {
        machine.call(layout.stopRewind(), NO_ARGS);
    }

    int stackPointer() {
        return (int) stackPointer.getValue();
    }

    /** Indices of the instance's mutable globals: what a saved stack carries besides the call stack. */
    int[] mutableGlobals() {
        return layout.mutableGlobals();
    }
}
