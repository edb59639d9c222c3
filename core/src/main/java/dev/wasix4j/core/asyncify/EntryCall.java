package dev.wasix4j.core.asyncify;

import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Machine;
import com.dylibso.chicory.runtime.Memory;
import com.dylibso.chicory.wasm.ChicoryException;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The host's call of a guest thread's entry function ({@code _start}, {@code wasi_thread_start},
 * a context's entry), and the asyncify engine that works through it.
 *
 * <p>A host call that needs the thread's stack calls {@link #unwind}: the guest unwinds up to this
 * call, which then stops the unwind, hands the saved stack to the action, and — to resume —
 * rewinds it by calling the entry function again with the same arguments; the guest comes back
 * into the same host call, which sees {@link #rewinding()} and returns its result. A host call
 * that abandons the current stack for a saved one (longjmp) calls {@link #jump} instead: the
 * current frames are dropped by an exception and the saved stack is rewound the same way.
 *
 * <p>The asyncify buffer lives at the bottom of the thread's shadow stack, as in wasmer: from
 * {@link StackBounds#lower()} up to the stack pointer while unwinding; while rewinding, the saved
 * bytes are written back there (the restored stack pointer lies above them).
 */
public final class EntryCall {
    private static final ThreadLocal<EntryCall> CURRENT = new ThreadLocal<>();

    private final Instance instance;
    private final Machine machine;
    private final int function;
    private final long[] args;
    private final StackBounds bounds;
    private final Function<Instance, Machine> machines;
    private final Asyncify asyncify;
    private final Map<Class<?>, Object> attachments;
    private Checkpoints checkpoints;

    private UnwindAction pendingUnwind;
    private boolean rewinding;
    private long rewindResult;

    private EntryCall(Instance instance, Machine machine, int function, long[] args, StackBounds bounds,
            Function<Instance, Machine> machines, Map<Class<?>, Object> attachments) {
        this(instance, machine, function, args, bounds, machines, attachments, Asyncify.of(instance, machine));
    }

    private EntryCall(Instance instance, Machine machine, int function, long[] args, StackBounds bounds,
            Function<Instance, Machine> machines, Map<Class<?>, Object> attachments, Asyncify asyncify) {
        this.instance = instance;
        this.machine = machine;
        this.function = function;
        this.args = args;
        this.bounds = bounds;
        this.machines = machines;
        this.asyncify = asyncify;
        this.attachments = attachments;
    }

    /** A call whose function and asyncify exports were resolved once per module ({@link EntryPoint}). */
    static EntryCall of(Instance instance, Machine machine, int function, long[] args, StackBounds bounds,
            Function<Instance, Machine> machines, Asyncify asyncify) {
        return new EntryCall(instance, machine, function, args, bounds, machines, new HashMap<>(), asyncify);
    }

    /**
     * The call of export {@code name} on {@code instance}'s own machine.
     *
     * @param machines makes further machines for this instance (a context runs on its own)
     */
    public static EntryCall ofExport(Instance instance, String name, long[] args, StackBounds bounds,
            Function<Instance, Machine> machines) {
        int f = ModuleExports.function(instance.module(), name);
        return new EntryCall(instance, instance.getMachine(), f, args, bounds, machines, new HashMap<>());
    }

    /**
     * A call of function {@code function} (no arguments) on the same instance, for another JVM
     * thread: it gets its own machine (the interpreter's stacks are per machine) and shares this
     * call's stack bounds and attachments.
     */
    public EntryCall sibling(int function) {
        return new EntryCall(instance, machines.apply(instance), function, new long[0], bounds, machines, attachments);
    }

    /** The same entry on another instance of the module (fork's child, on a copy of the memory). */
    public EntryCall on(Instance other) {
        return new EntryCall(other, other.getMachine(), function, args.clone(), bounds, machines, new HashMap<>());
    }

    /** The entry call running on this JVM thread, or null outside any. */
    public static EntryCall current() {
        return CURRENT.get();
    }

    /** Runs the entry function to its end (through any number of unwinds and rewinds). */
    public long[] run() {
        return run(null);
    }

    /** Enters by rewinding {@code stack}: its top host call returns {@code result}. */
    public long[] resume(UnwoundStack stack, long result) {
        return run(Resume.rewind(stack, result));
    }

    private long[] run(Resume first) {
        EntryCall outer = CURRENT.get();
        CURRENT.set(this);
        try {
            Resume next = first;
            while (true) {
                if (next != null) {
                    startRewind(next);
                }
                long[] result;
                try {
                    result = machine.call(function, args.clone());
                } catch (Jump j) {
                    if (j.target != this) {
                        throw j;
                    }
                    next = j.resume;
                    continue;
                }
                UnwindAction action = pendingUnwind;
                if (action == null) {
                    if (rewinding) {
                        throw new ChicoryException("the guest returned while the host was rewinding its stack");
                    }
                    return result;
                }
                pendingUnwind = null;
                next = action.unwound(stopUnwind());
                if (next == null) {
                    return result;
                }
            }
        } finally {
            pendingUnwind = null;
            rewinding = false;
            if (outer == null) {
                CURRENT.remove();
            } else {
                CURRENT.set(outer);
            }
        }
    }

    /** True when the module was asyncified (and has a shadow-stack pointer the engine can find). */
    public boolean asyncified() {
        return asyncify != null;
    }

    /** True in the host call the guest came back into after a rewind, until {@link #finishRewind}. */
    public boolean rewinding() {
        return rewinding;
    }

    /** Ends the rewind (asyncify back to normal) and returns the result the action chose. */
    public long finishRewind() {
        rewinding = false;
        asyncify.stopRewind();
        return rewindResult;
    }

    /**
     * Starts unwinding the guest's stack; the calling host function must return at once (its
     * result is ignored). {@code action} runs when the stack is saved.
     */
    public void unwind(UnwindAction action) {
        requireAsyncified();
        int sp = asyncify.stackPointer();
        int header = bounds.lower();
        if (Integer.compareUnsigned(header + Asyncify.HEADER_SIZE, sp) >= 0) {
            throw new ChicoryException("no room below the stack pointer to save the call stack");
        }
        Memory m = instance.memory();
        m.writeI32(header + Asyncify.HEADER_CURRENT, header + Asyncify.HEADER_SIZE);
        m.writeI32(header + Asyncify.HEADER_END, sp);
        pendingUnwind = action;
        asyncify.startUnwind(header);
    }

    /** Abandons the current guest stack for {@code stack}, whose top host call then returns {@code result}. */
    public RuntimeException jump(UnwoundStack stack, long result) {
        requireAsyncified();
        throw new Jump(this, Resume.rewind(stack, result));
    }

    /** This entry call's setjmp checkpoints. */
    public Checkpoints checkpoints() {
        if (checkpoints == null) {
            checkpoints = new Checkpoints();
        }
        return checkpoints;
    }

    /** State shared by this call and its {@link #sibling} calls (a guest thread's contexts), made on first use. */
    @SuppressWarnings("unchecked")
    public <T> T attachment(Class<T> key, Supplier<T> make) {
        synchronized (attachments) {
            return (T) attachments.computeIfAbsent(key, k -> make.get());
        }
    }

    /** The attachment under {@code key}, or null if none was made. */
    public <T> T attached(Class<T> key) {
        synchronized (attachments) {
            return key.cast(attachments.get(key));
        }
    }

    public Instance instance() {
        return instance;
    }

    public StackBounds bounds() {
        return bounds;
    }

    private UnwoundStack stopUnwind() {
        asyncify.stopUnwind();
        Memory m = instance.memory();
        int header = bounds.lower();
        int start = header + Asyncify.HEADER_SIZE;
        int current = m.readInt(header + Asyncify.HEADER_CURRENT);
        byte[] data = m.readBytes(start, current - start);
        int[] idx = asyncify.mutableGlobals();
        long[] values = new long[idx.length];
        for (int i = 0; i < idx.length; i++) {
            values[i] = instance.global(idx[i]).getValue();
        }
        return new UnwoundStack(data, idx, values);
    }

    private void startRewind(Resume r) {
        requireAsyncified();
        UnwoundStack s = r.stack();
        Memory m = instance.memory();
        int header = bounds.lower();
        int start = header + Asyncify.HEADER_SIZE;
        int end = start + s.data().length;
        if (!r.inPlace()) {
            if (Integer.compareUnsigned(end, bounds.upper()) > 0) {
                throw new ChicoryException("the saved call stack does not fit in this thread's stack");
            }
            for (int i = 0; i < s.globalIndices().length; i++) {
                instance.global(s.globalIndices()[i]).setValue(s.globals()[i]);
            }
            m.write(start, s.data());
        }
        m.writeI32(header + Asyncify.HEADER_CURRENT, end);
        m.writeI32(header + Asyncify.HEADER_END, bounds.upper());
        rewindResult = r.result();
        rewinding = true;
        asyncify.startRewind(header);
    }

    private void requireAsyncified() {
        if (asyncify == null) {
            throw new IllegalStateException("the module is not asyncified");
        }
    }

    /** Carries a longjmp to the entry call that owns the target stack. */
    private static final class Jump extends ControlTransfer {
        final EntryCall target;
        final Resume resume;

        Jump(EntryCall target, Resume resume) {
            super("rewinding a saved stack");
            this.target = target;
            this.resume = resume;
        }
    }
}
