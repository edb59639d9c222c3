package dev.wasix4j.core.syscalls;

import com.dylibso.chicory.wasm.ChicoryException;
import dev.wasix4j.abi.Errno;
import dev.wasix4j.core.WasixException;
import dev.wasix4j.core.asyncify.Checkpoints;
import dev.wasix4j.core.asyncify.EntryCall;
import dev.wasix4j.core.asyncify.Resume;
import dev.wasix4j.core.context.Contexts;
import dev.wasix4j.core.syscall.Call;
import dev.wasix4j.core.syscall.Dispatcher;
import dev.wasix4j.core.syscall.GuestMemory;
import dev.wasix4j.threads.GuestThreads;

/**
 * Control flow across the guest's stack: setjmp/longjmp ({@code stack_checkpoint},
 * {@code stack_restore}) on the asyncify engine, and green contexts ({@code context_*}).
 */
public final class ControlCalls {
    /** What a program that calls setjmp without being asyncified is told. */
    public static final String NOT_ASYNCIFIED = "this program uses setjmp and must be asyncified: wasm-opt --asyncify";
    /** __wasi_stack_snapshot_t: u64 user, then the 128-bit hash as two u64. */
    static final int SNAPSHOT_SIZE = 24;
    static final int SNAPSHOT_USER = 0;
    static final int SNAPSHOT_HASH0 = 8;
    static final int SNAPSHOT_HASH1 = 16;

    private ControlCalls() {}

    static void register(Dispatcher d) {
        d.implement("stack_checkpoint", "setjmp: asyncify unwind + rewind; the jmp_buf names a checkpoint of the calling thread", ControlCalls::checkpoint);
        d.implement("stack_restore", "longjmp: rewinds the thread's checkpoint; val 0 becomes 1", ControlCalls::restore);
        d.implement("context_create", "a suspended context: its entry runs on a virtual thread of its own", c -> {
            GuestMemory m = c.mem();
            int out = c.i32(0);
            m.check(out, Long.BYTES);
            long id = contexts(c).create(c.instance(), c.i32(1));
            m.putI64(out, id);
            return Errno.SUCCESS;
        });
        d.implement("context_switch", "hands the baton to another context of the thread (0 = main); EINVAL if it is not suspended", c -> {
            contexts(c).switchTo(c.i64(0));
            return Errno.SUCCESS;
        });
        d.implement("context_destroy", "ends a suspended context's virtual thread; EINVAL for the active or main context", c -> {
            contexts(c).destroy(c.i64(0));
            return Errno.SUCCESS;
        });
    }

    private static Errno checkpoint(Call c) {
        GuestMemory m = c.mem();
        int snapshot = c.i32(0);
        int ret = c.i32(1);
        m.check(snapshot, SNAPSHOT_SIZE);
        m.check(ret, Long.BYTES);
        EntryCall call = EntryCall.current();
        if (call != null && call.rewinding()) {
            // back from a longjmp (or from the checkpoint's own rewind): return its value
            m.putI64(ret, call.finishRewind());
            return Errno.SUCCESS;
        }
        requireAsyncified(call);
        m.putI64(ret, 0);
        m.zero(snapshot, SNAPSHOT_SIZE);
        call.unwind(stack -> {
            Checkpoints.Id id = call.checkpoints().save(stack);
            m.putI64(snapshot + SNAPSHOT_USER, Integer.toUnsignedLong(ret));
            m.putI64(snapshot + SNAPSHOT_HASH0, id.b0());
            m.putI64(snapshot + SNAPSHOT_HASH1, id.b1());
            return new Resume(stack, 0, true);
        });
        return Errno.SUCCESS;
    }

    private static Errno restore(Call c) {
        GuestMemory m = c.mem();
        int snapshot = c.i32(0);
        long val = c.i64(1);
        m.check(snapshot, SNAPSHOT_SIZE);
        EntryCall call = EntryCall.current();
        requireAsyncified(call);
        var id = new Checkpoints.Id(m.i64(snapshot + SNAPSHOT_HASH0), m.i64(snapshot + SNAPSHOT_HASH1));
        var stack = call.checkpoints().find(id);
        if (stack == null) {
            throw new ChicoryException("longjmp to a jmp_buf this thread never saved with setjmp"
                    + " (set in another thread or context, or overwritten)");
        }
        throw call.jump(stack, val == 0 ? 1 : val);
    }

    private static void requireAsyncified(EntryCall call) {
        if (call == null || !call.asyncified()) {
            throw new WasixException(NOT_ASYNCIFIED);
        }
    }

    private static Contexts contexts(Call c) {
        EntryCall call = EntryCall.current();
        if (call == null) {
            throw new dev.wasix4j.abi.ErrnoException(Errno.ENOTSUP, "not inside a guest thread's entry call");
        }
        return Contexts.of(call, GuestThreads::asCurrentThread);
    }
}
