package dev.wasix4j.core.context;

import com.dylibso.chicory.runtime.ChicoryInterruptedException;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.wasm.ChicoryException;
import com.dylibso.chicory.wasm.types.FunctionType;
import dev.wasix4j.abi.Errno;
import dev.wasix4j.abi.ErrnoException;
import dev.wasix4j.core.asyncify.ControlTransfer;
import dev.wasix4j.core.asyncify.EntryCall;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import java.util.function.UnaryOperator;

/**
 * One guest thread's context-switching environment (WASIX {@code context_*}): its main context
 * (id 0, the thread itself) and the contexts it created, ids counting up from 1 as in wasmer.
 *
 * <p>Each context runs its entry function on its own virtual thread — Chicory keeps a guest's
 * call stack on the JVM stack, so a suspended context needs a JVM stack of its own — in the same
 * instance (same globals and table, as in wasmer), through its own machine. Exactly one context
 * of the environment runs at a time: it holds the baton; switching hands the baton to the target
 * (unpark) and parks until someone hands it back.
 *
 * <p>A context that ends — its entry returns, it traps, or it exits — resumes the main context
 * with that ending, which the main context rethrows from its {@code context_switch}: an exit or a
 * trap in any context ends the process the way it would on the thread itself (wasmer resumes the
 * main context with the trap too). Destroying a suspended context wakes it with a cancellation
 * that unwinds its frames, so its virtual thread ends.
 */
public final class Contexts {
    public static final long MAIN = 0;
    /** How long a released context may take to unwind before the guest thread stops waiting. */
    private static final long JOIN_MILLIS = 1000;
    /** Context threads alive in this JVM, every process together. */
    private static final java.util.concurrent.atomic.AtomicInteger LIVE_THREADS = new java.util.concurrent.atomic.AtomicInteger();

    private final EntryCall mainCall;
    private final UnaryOperator<Runnable> threadScope;
    private final Map<Long, Context> contexts = new HashMap<>();
    private final Context main;
    private long nextId = MAIN + 1;
    private volatile Context active;
    private volatile boolean ending;

    private Contexts(EntryCall mainCall, UnaryOperator<Runnable> threadScope) {
        this.mainCall = mainCall;
        this.threadScope = threadScope;
        this.main = new Context(MAIN, -1);
        this.main.thread = Thread.currentThread();
        this.main.started = true;
        this.active = main;
    }

    /**
     * The environment of the guest thread {@code call} belongs to, made on first use.
     *
     * @param threadScope wraps a context's body so it runs as the guest thread (its tid)
     */
    public static Contexts of(EntryCall call, UnaryOperator<Runnable> threadScope) {
        Contexts env = call.attached(Contexts.class);   // every switch comes here: no allocation
        if (env != null) {
            return env;
        }
        if (call.attached(Disabled.class) != null) {
            throw new ErrnoException(Errno.ENOTSUP, "a vfork child has no context-switching environment");
        }
        return call.attachment(Contexts.class, () -> new Contexts(call, threadScope));
    }

    /** Marks a thread that may not switch contexts. */
    private static final class Disabled {}

    /**
     * A vfork child borrows its parent's stack, so wasmer gives it no context-switching
     * environment: every context call there answers ENOTSUP (a fork child gets a fresh one).
     */
    public static void disable(EntryCall call) {
        call.attachment(Disabled.class, Disabled::new);
    }

    /**
     * True when the caller runs in a context other than its thread's main one. wasmer refuses
     * fork and vfork there (ENOTSUP): a fork copies one stack, and a context's is not the thread's.
     */
    public static boolean insideContext() {
        EntryCall call = EntryCall.current();
        Contexts env = call == null ? null : call.attached(Contexts.class);
        return env != null && env.active != env.main;
    }

    /** A new suspended context that will run table entry {@code tableIndex}, a {@code () -> ()} function. */
    public long create(Instance instance, int tableIndex) {
        int function = entryFunction(instance, tableIndex);
        synchronized (this) {
            long id = nextId++;
            contexts.put(id, new Context(id, function));
            return id;
        }
    }

    /** Suspends the active context (the caller) and resumes {@code id}; returns when switched back to. */
    public void switchTo(long id) {
        Context self = active;
        if (id == self.id) {
            return;
        }
        Context target;
        synchronized (this) {
            target = id == MAIN ? main : contexts.get(id);
            if (target == null || target.finished) {
                throw new ErrnoException(Errno.EINVAL, "no suspended context " + Long.toUnsignedString(id));
            }
            active = target;
        }
        handTo(target);
        self.awaitBaton();
    }

    /** Deletes a suspended (or never started) context; deleting an unknown one is a no-op. */
    public void destroy(long id) {
        if (id == MAIN) {
            throw new ErrnoException(Errno.EINVAL, "the main context cannot be destroyed");
        }
        if (id == active.id) {
            throw new ErrnoException(Errno.EINVAL, "the active context cannot be destroyed");
        }
        Context c;
        synchronized (this) {
            c = contexts.remove(id);
        }
        if (c != null && c.started && !c.finished) {
            c.wakeWith = new Cancelled();
            c.giveBaton();
        }
    }

    /**
     * Called when a guest thread's entry call ends, however it ended: every context it left
     * suspended is stopped, so no virtual thread outlives the guest thread.
     */
    public static void release(EntryCall call) {
        Contexts env = call.attached(Contexts.class);
        if (env == null || env.mainCall != call) {
            return;
        }
        env.ending = true;
        List<Context> all;
        synchronized (env) {
            all = List.copyOf(env.contexts.values());
            env.contexts.clear();
        }
        for (Context c : all) {
            if (c.thread != null) {
                c.thread.interrupt();
            }
        }
        // the guest thread is often ending because it was interrupted: wait anyway, then say so again
        boolean interrupted = Thread.interrupted();
        long deadline = System.nanoTime() + JOIN_MILLIS * 1_000_000;
        for (Context c : all) {
            while (c.thread != null && c.thread.isAlive() && System.nanoTime() < deadline) {
                try {
                    c.thread.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** Live contexts, the main one excluded (for tests). */
    public synchronized int size() {
        return contexts.size();
    }

    private void handTo(Context target) {
        if (!target.started) {
            target.started = true;
            target.baton = true;
            Runnable body = threadScope.apply(() -> runContext(target));
            target.thread = Thread.ofVirtual().name("wasix-context-" + target.id).unstarted(body);
            LIVE_THREADS.incrementAndGet();
            try {
                target.thread.start();
            } catch (RuntimeException | OutOfMemoryError e) {
                LIVE_THREADS.decrementAndGet();
                throw e;
            }
        } else {
            target.giveBaton();
        }
    }

    /** Context threads alive in this JVM, every process together: a leak shows here. */
    public static int liveContextThreads() {
        return LIVE_THREADS.get();
    }

    private void runContext(Context self) {
        try {
            runEntry(self);
        } finally {
            LIVE_THREADS.decrementAndGet();
        }
    }

    private void runEntry(Context self) {
        Throwable ending;
        try {
            self.awaitBaton();
            if (this.ending) {
                return;
            }
            mainCall.sibling(self.function).run();
            ending = new ChicoryException("the entry function of context " + self.id + " returned");
        } catch (Cancelled c) {
            return;
        } catch (Throwable t) {
            ending = t;
        } finally {
            self.finished = true;
        }
        if (this.ending) {
            return;
        }
        // wake the main context with how this one ended; it rethrows it
        synchronized (this) {
            contexts.remove(self.id);
            active = main;
        }
        main.wakeWith = ending;
        main.giveBaton();
    }

    /** The process is ending (this thread was interrupted): stop every context thread. */
    private void stopAll() {
        ending = true;
        List<Context> all;
        synchronized (this) {
            all = List.copyOf(contexts.values());
        }
        for (Context c : all) {
            if (c.thread != null && c.thread != Thread.currentThread()) {
                c.thread.interrupt();
            }
        }
        if (main.thread != Thread.currentThread()) {
            main.thread.interrupt();
        }
    }

    private static int entryFunction(Instance instance, int tableIndex) {
        if (instance.tableCount() == 0) {
            throw new ErrnoException(Errno.EINVAL, "the module has no function table");
        }
        var table = instance.table(0);
        if (tableIndex < 0 || tableIndex >= table.size()) {
            throw new ErrnoException(Errno.EINVAL, "entry " + tableIndex + " is outside the function table");
        }
        int f = table.ref(tableIndex);
        if (f < 0 || f >= instance.functionCount()) {
            throw new ErrnoException(Errno.EINVAL, "entry " + tableIndex + " is not a function");
        }
        FunctionType type = instance.type(instance.functionType(f));
        if (!type.params().isEmpty() || !type.returns().isEmpty()) {
            throw new ErrnoException(Errno.EINVAL, "entry " + tableIndex + " is not a () -> () function");
        }
        return f;
    }

    /** Wakes a context destroyed while suspended; unwinds its frames to its thread's top. */
    private static final class Cancelled extends ControlTransfer {
        Cancelled() {
            super("context destroyed");
        }
    }

    private final class Context {
        final long id;
        final int function;
        volatile Thread thread;
        volatile boolean baton;
        volatile Throwable wakeWith;
        volatile boolean started;
        volatile boolean finished;

        Context(long id, int function) {
            this.id = id;
            this.function = function;
        }

        void giveBaton() {
            baton = true;
            LockSupport.unpark(thread);
        }

        /** Parks until handed the baton; then rethrows what it was woken with, if anything. */
        void awaitBaton() {
            while (!baton) {
                LockSupport.park(this);
                if (Thread.interrupted()) {
                    stopAll();
                    Thread.currentThread().interrupt();
                    throw new ChicoryInterruptedException("process is ending");
                }
            }
            baton = false;
            Throwable w = wakeWith;
            if (w != null) {
                wakeWith = null;
                throw Contexts.<RuntimeException>sneaky(w);
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static <T extends Throwable> T sneaky(Throwable t) throws T {
        throw (T) t;
    }
}
