package dev.wasix4j.core.syscall;

import com.dylibso.chicory.runtime.HostFunction;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.wasm.ChicoryException;
import com.dylibso.chicory.wasm.types.ValType;
import dev.wasix4j.abi.Errno;
import dev.wasix4j.abi.ErrnoException;
import dev.wasix4j.core.WasixException;
import dev.wasix4j.core.abi.ImportCatalog;
import dev.wasix4j.core.asyncify.ControlTransfer;
import dev.wasix4j.core.abi.ImportSpec;
import dev.wasix4j.core.process.ProcessExit;
import dev.wasix4j.core.process.ThreadExit;
import java.io.IOException;
import java.io.PrintStream;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntSupplier;

/**
 * Serves every namespace ({@code wasi_snapshot_preview1}, {@code wasi_unstable}, {@code wasix_32v1},
 * {@code wasi}) from one process's handlers.
 *
 * <p>Handlers are registered by import name; a name present in several namespaces is served by the
 * same handler, so both see the same descriptors, cwd and environment. A name the ABI lists but no
 * handler serves answers {@code ENOSYS}, so any WASIX binary instantiates. Errors are translated
 * once, here, for the caller's namespace.
 */
public final class Dispatcher {
    private static final Coverage NOT_PROVIDED = Coverage.stub(Errno.ENOSYS, "not implemented yet");

    /**
     * A handler and what the coverage table says of it.
     *
     * @param handler answers an errno (the usual case)
     * @param raw answers a plain value instead, for the few calls that return no errno (thread-spawn)
     */
    public record Definition(Handler handler, RawHandler raw, Coverage coverage) {}

    /** A call whose result is a value, not an errno; errors are encoded by the call itself. */
    @FunctionalInterface
    public interface RawHandler {
        long handle(Call call) throws IOException;
    }

    private final Map<String, Definition> byName = new HashMap<>();
    private final Map<String, Definition> byNamespaceAndName = new HashMap<>();
    private final Set<String> reportedFailures = ConcurrentHashMap.newKeySet();
    private volatile PrintStream trace;
    private volatile PrintStream log = System.err;
    private IntSupplier threadId = () -> 1;
    /** Signal delivery at each return and inside interruptible calls (see {@link SignalHook}). */
    private SignalHook signals = SignalHook.NONE;
    /** Blocking calls a signal may interrupt (EINTR), with the test that the call really can block safely. */
    private final Map<String, Interruptible> interruptible = new HashMap<>();

    /** @param when this invocation may be woken safely; @param answer what the call answers when a signal woke it */
    private record Interruptible(java.util.function.Predicate<Call> when, Handler answer) {}
    /**
     * Calls whose EPIPE also raises SIGPIPE on the caller, as write(2) to a pipe or socket with no
     * reader does. Not sock_send/sock_send_to: wasix-libc drops send()'s MSG_NOSIGNAL before the
     * host sees it, and servers that rely on it must not die of SIGPIPE.
     */
    private static final Set<String> WRITES = Set.of("fd_write", "fd_pwrite");

    /**
     * One result array per errno, shared by every call: Chicory only reads a host function's
     * results, and a futex-heavy guest otherwise allocates one per call (as {@link #guestMemory}
     * saves a view per call).
     */
    private static final long[][] RESULTS = new long[256][];

    static {
        for (int i = 0; i < RESULTS.length; i++) {
            RESULTS[i] = new long[] {i};
        }
    }

    /** The last memory's checked view: every thread of a process shares one memory. */
    private volatile GuestMemory lastMemory;

    static long[] result(int errno) {
        return errno >= 0 && errno < RESULTS.length ? RESULTS[errno] : new long[] {errno};
    }

    GuestMemory guestMemory(com.dylibso.chicory.runtime.Memory memory) {
        GuestMemory m = lastMemory;
        if (m == null || m.raw() != memory) {
            m = new GuestMemory(memory);
            lastMemory = m;
        }
        return m;
    }

    /**
     * What the dispatcher asks of the process's signals: a cheap pending check at every return,
     * delivery on the calling thread, and the wake-up handshake of blocking calls.
     */
    public interface SignalHook {
        SignalHook NONE = new SignalHook() {
            @Override public boolean anyPending() { return false; }
            @Override public void deliver(Instance instance) {}
            @Override public void raiseSelf(int sig) {}
            @Override public void enterBlocking() {}
            @Override public boolean exitBlocking() { return false; }
        };

        boolean anyPending();

        void deliver(Instance instance);

        void raiseSelf(int sig);

        void enterBlocking();

        boolean exitBlocking();
    }

    /** Where signals are delivered; set once, before the first call. */
    public void signals(SignalHook hook) {
        this.signals = hook;
    }

    /**
     * Marks {@code name} as a blocking call a signal interrupts: it wakes, the handler runs and the
     * call answers EINTR. {@code when} says whether this invocation waits in a way an interrupt can
     * wake without harm (a pipe, not a JDK channel, which an interrupt would close).
     */
    public void interruptible(String name, java.util.function.Predicate<Call> when) {
        interruptible(name, when, c -> Errno.EINTR);
    }

    /** As {@link #interruptible(String, java.util.function.Predicate)}, answering {@code answer} instead of EINTR. */
    public void interruptible(String name, java.util.function.Predicate<Call> when, Handler answer) {
        interruptible.put(name, new Interruptible(when, answer));
    }

    /** Registers a handler for every namespace that has {@code name}. */
    public void implement(String name, String note, Handler handler) {
        byName.put(name, new Definition(handler, null, Coverage.implemented(note)));
    }

    /** Registers a call that returns a value rather than an errno. */
    public void implementRaw(String name, String note, RawHandler handler) {
        byName.put(name, new Definition(null, handler, Coverage.implemented(note)));
    }

    /** Registers a handler for one namespace only (where its ABI differs). */
    public void implement(Namespace ns, String name, String note, Handler handler) {
        byNamespaceAndName.put(ns.moduleName() + "." + name, new Definition(handler, null, Coverage.implemented(note)));
    }

    /** Registers a documented stub that always answers {@code errno}. */
    public void stub(String name, Errno errno, String note) {
        byName.put(name, new Definition(call -> errno, null, Coverage.stub(errno, note)));
    }

    /** Sends a strace-like line per call to {@code out}; null turns tracing off. */
    public void trace(PrintStream out) {
        this.trace = out;
    }

    /** Where unexpected provider failures are reported (once per syscall name). */
    public void log(PrintStream out) {
        this.log = out;
    }

    /** Who is calling, for trace lines. */
    public void threadIds(IntSupplier threadId) {
        this.threadId = threadId;
    }

    /** What serves {@code module.name}: a handler, or the ENOSYS default. */
    public Definition lookup(String module, String name) {
        Definition d = byNamespaceAndName.get(module + "." + name);
        if (d == null) {
            d = byName.get(name);
        }
        return d != null ? d : new Definition(call -> Errno.ENOSYS, null, NOT_PROVIDED);
    }

    /**
     * The host function for one import of the catalog. {@code wasi_unstable} imports are bound to
     * preview1's specification (same signatures) with the unstable-specific handlers where they differ.
     */
    public HostFunction bind(String module, ImportSpec spec) {
        Namespace ns = Namespace.of(module);
        Definition def = lookup(module, spec.name());
        if (def.raw() != null) {
            return bindRaw(module, spec, def.raw());
        }
        Handler handler = def.handler();
        boolean isVoid = spec.result() == null;
        String name = spec.name();
        var blocking = interruptible.get(name);
        boolean write = WRITES.contains(name);
        return new HostFunction(module, name, spec.functionType(), (Instance instance, long... args) -> {
            Call call = new Call(instance, args, ns, this);
            PrintStream t = trace;
            long start = t == null ? 0 : System.nanoTime();
            int errno;
            boolean interruptibleNow = false;
            try {
                interruptibleNow = blocking != null && blocking.when().test(call);
                if (interruptibleNow) {
                    signals.enterBlocking();
                }
                Errno result;
                try {
                    result = handler.handle(call);
                } catch (ErrnoException e) {
                    result = e.errno();
                } catch (com.dylibso.chicory.runtime.ChicoryInterruptedException e) {
                    if (!interruptibleNow || !signals.exitBlocking()) {
                        throw e;
                    }
                    interruptibleNow = false;
                    result = blocking.answer().handle(call);
                }
                // a call that finished keeps its result (data read stays read); one a signal woke answers EINTR
                if (interruptibleNow && signals.exitBlocking() && result == Errno.EINTR) {
                    result = blocking.answer().handle(call);
                }
                interruptibleNow = false;
                if (write && result == Errno.EPIPE) {
                    signals.raiseSelf(dev.wasix4j.core.process.Signals.SIGPIPE);
                }
                errno = ns.translate(result);
            } catch (ProcessExit | ThreadExit | ControlTransfer | WasixException e) {
                // leaving the guest's frames on purpose (exit, longjmp, a cancelled context, a
                // program the host cannot run): never an errno
                if (t != null) {
                    traceLine(t, spec, call, e.getMessage(), start);
                }
                throw e;
            } catch (ChicoryException e) {
                // a trap or interruption raised on purpose: the guest must not see it as an errno
                throw e;
            } catch (IOException | RuntimeException e) {
                reportOnce(name, e);
                errno = ns.translate(Errno.EIO);
            } finally {
                if (interruptibleNow) {
                    signals.exitBlocking();
                }
            }
            if (t != null) {
                traceLine(t, spec, call, String.valueOf(errno) + " " + Errno.of(errno).name(), start);
            }
            if (signals.anyPending()) {
                // the handler runs before the call returns, so raise() and an EINTR follow POSIX
                signals.deliver(instance);
            }
            return isVoid ? null : result(errno);
        });
    }

    private HostFunction bindRaw(String module, ImportSpec spec, RawHandler raw) {
        Namespace ns = Namespace.of(module);
        return new HostFunction(module, spec.name(), spec.functionType(), (Instance instance, long... args) -> {
            Call call = new Call(instance, args, ns, this);
            PrintStream t = trace;
            long start = t == null ? 0 : System.nanoTime();
            long result;
            try {
                result = raw.handle(call);
            } catch (IOException e) {
                reportOnce(spec.name(), e);
                result = -Errno.EIO.code();
            }
            if (t != null) {
                traceLine(t, spec, call, String.valueOf(result), start);
            }
            if (signals.anyPending()) {
                signals.deliver(instance);
            }
            return new long[] {result};
        });
    }

    /** Coverage of every catalog import, namespace by namespace, as docs/syscalls.md shows it. */
    public Map<ImportSpec, Coverage> coverage(List<ImportSpec> specs) {
        var out = new java.util.LinkedHashMap<ImportSpec, Coverage>();
        for (ImportSpec s : specs) {
            out.put(s, lookup(s.module(), s.name()).coverage());
        }
        return out;
    }

    public static ImportCatalog catalog() {
        return ImportCatalog.get();
    }

    private void reportOnce(String name, Exception e) {
        if (reportedFailures.add(name)) {
            log.println("wasix4j: " + name + " failed inside the host, the guest gets EIO: " + e);
        }
    }

    private void traceLine(PrintStream t, ImportSpec spec, Call call, String result, long start) {
        long micros = (System.nanoTime() - start) / 1000;
        var sb = new StringBuilder(96);
        sb.append('[').append(threadId.getAsInt()).append("] ").append(spec.name()).append('(');
        long[] args = call.rawArgs();
        var params = spec.params();
        for (int i = 0; i < params.size() && i < args.length; i++) {
            var p = params.get(i);
            if (i > 0) {
                sb.append(", ");
            }
            sb.append(p.name()).append('=');
            if (p.string() && i + 1 < args.length) {
                sb.append(quoted(call, (int) args[i], (int) args[i + 1]));
            } else if (p.type().equals(ValType.I64)) {
                sb.append(args[i]);
            } else if (looksLikePointer(p.name())) {
                sb.append("0x").append(Integer.toHexString((int) args[i]));
            } else {
                sb.append((int) args[i]);
            }
        }
        sb.append(") = ").append(result).append(" <").append(micros).append("us>");
        t.println(sb);
    }

    private static boolean looksLikePointer(String n) {
        return n.startsWith("retptr") || n.endsWith("buf") || n.equals("iovs") || n.endsWith("_data")
                || n.equals("in") || n.equals("out") || n.equals("futex") || n.equals("args")
                || n.equals("start_arg") || n.equals("state") || n.equals("timeout") || n.equals("path")
                || n.equals("argv") || n.equals("environ") || n.equals("event") || n.equals("addr");
    }

    private static String quoted(Call call, int ptr, int len) {
        final int max = 80;
        try {
            byte[] b = call.mem().bytes(ptr, Math.min(len, max));
            String s = new String(b, java.nio.charset.StandardCharsets.UTF_8).replace("\n", "\\n");
            return "\"" + s + (Integer.compareUnsigned(len, max) > 0 ? "\"..." : "\"");
        } catch (RuntimeException e) {
            return "0x" + Integer.toHexString(ptr) + "(bad)";
        }
    }
}
