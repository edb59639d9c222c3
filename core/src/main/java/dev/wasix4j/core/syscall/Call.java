package dev.wasix4j.core.syscall;

import com.dylibso.chicory.runtime.Instance;

/**
 * One syscall invocation: the calling instance (and so thread), its raw arguments, and the
 * checked view of guest memory. Handlers read arguments by position, as the catalog orders them.
 */
public final class Call {
    private final Instance instance;
    private final long[] args;
    private final Namespace namespace;
    private final Dispatcher dispatcher;

    Call(Instance instance, long[] args, Namespace namespace, Dispatcher dispatcher) {
        this.instance = instance;
        this.args = args;
        this.namespace = namespace;
        this.dispatcher = dispatcher;
    }

    public int i32(int index) {
        return (int) args[index];
    }

    public long i64(int index) {
        return args[index];
    }

    /** Unsigned 32-bit argument (sizes, lengths). */
    public long u32(int index) {
        return Integer.toUnsignedLong((int) args[index]);
    }

    public Instance instance() {
        return instance;
    }

    public Namespace namespace() {
        return namespace;
    }

    public GuestMemory mem() {
        return dispatcher.guestMemory(instance.memory());
    }

    long[] rawArgs() {
        return args;
    }
}
