package dev.wasix4j.core.asyncify;

import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Machine;
import java.util.function.Function;

/**
 * An exported entry function of a module, looked up once: its function index and the module's asyncify layout. Every
 * guest thread of a program enters at {@code wasi_thread_start}; resolving it per thread scanned the export section
 * once for the name and five more times for asyncify's exports, in code that runs interpreted for a program's first
 * spawns. Valid for every instance of the module it was made from.
 */
public final class EntryPoint {
    private final int function;
    private final Asyncify.Layout asyncify;

    private EntryPoint(int function, Asyncify.Layout asyncify) {
        this.function = function;
        this.asyncify = asyncify;
    }

    /** Export {@code name} of {@code instance}'s module; an IllegalArgumentException when there is none. */
    public static EntryPoint of(Instance instance, String name) {
        return new EntryPoint(ModuleExports.function(instance.module(), name), Asyncify.Layout.of(instance));
    }

    /** The call of this entry on {@code instance} (an instance of the same module), on its own machine. */
    public EntryCall call(Instance instance, long[] args, StackBounds bounds, Function<Instance, Machine> machines) {
        Machine machine = instance.getMachine();
        Asyncify a = asyncify == null ? null : new Asyncify(asyncify, instance, machine);
        return EntryCall.of(instance, machine, function, args, bounds, machines, a);
    }
}
