package dev.wasix4j.core.syscalls;

import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Memory;
import dev.wasix4j.abi.Errno;
import dev.wasix4j.abi.ErrnoException;
import dev.wasix4j.core.asyncify.EntryCall;
import dev.wasix4j.core.asyncify.Resume;
import dev.wasix4j.core.asyncify.UnwoundStack;
import dev.wasix4j.core.context.Contexts;
import dev.wasix4j.core.process.ProcessState;
import dev.wasix4j.core.procs.ProcessNode;
import dev.wasix4j.core.procs.ProcessTable;
import dev.wasix4j.core.syscall.Call;
import dev.wasix4j.core.syscall.Dispatcher;
import dev.wasix4j.core.syscall.GuestMemory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * fork and vfork ({@code proc_fork}) on the asyncify engine: the calling thread unwinds to its
 * entry call; while it is unwound its memory is copied for the child, whose main thread rewinds the
 * same stack in a new instance and sees 0; the parent rewinds in place and sees the child's pid.
 */
final class ForkCalls {
    private ForkCalls() {}

    static void register(Dispatcher d, ProcessState p) {
        d.implement("proc_fork", "fork (asyncified modules): the child is a new process on a copy of the memory; vfork is the same copy",
                c -> fork(c, p));
        d.stub("proc_fork_env", Errno.ENOTSUP, "vfork of exception-handling builds (switches environments in place); not supported");
    }

    private static Errno fork(Call c, ProcessState p) {
        GuestMemory m = c.mem();
        boolean vfork = c.i32(0) == 0; // wasix-libc's vfork asks for no copy of the memory
        int out = c.i32(1);
        m.check(out, 4);
        EntryCall call = EntryCall.current();
        if (call != null && call.rewinding()) {
            // back in proc_fork after the rewind: the parent gets the child's pid, the child 0
            long result = call.finishRewind();
            if (result < 0) {
                return Errno.of((int) -result);
            }
            m.putI32(out, (int) result);
            return Errno.SUCCESS;
        }
        if (call == null || !call.asyncified() || Contexts.insideContext()) {
            // wasmer answers the same for a module that was not run through wasm-opt --asyncify,
            // and for a fork from inside a green context
            return Errno.ENOTSUP;
        }
        ProcessNode self = p.node();
        ProcessTable table = self.table();
        ProcessNode child = table.newChild(self);
        ProcessState cs = childState(p, child);
        call.unwind(stack -> {
            try {
                Memory parent = call.instance().memory();
                int pages = parent.pages();
                // the parent is unwound and stopped: this is the memory the child starts from
                // handed over once: the child's memory is written from it, then nothing may keep it alive
                var image = new java.util.concurrent.atomic.AtomicReference<>(
                        parent.readBytes(0, Math.multiplyExact(pages, Memory.PAGE_SIZE)));
                table.launchFork(self.program(), cs, instance -> runChild(call, instance, stack, pages, image, vfork));
            } catch (RuntimeException | OutOfMemoryError e) {
                cs.fds().closeAll();
                table.abandon(self, child);
                int errno = (e instanceof ErrnoException ee ? ee.errno() : Errno.ENOMEM).code();
                return new Resume(stack, -errno, true);
            }
            return new Resume(stack, child.pid(), true);
        });
        return Errno.SUCCESS;
    }

    /** The child's main thread: its memory becomes the parent's image, then the parent's stack is rewound. */
    private static void runChild(EntryCall parentCall, Instance instance, UnwoundStack stack, int pages,
            java.util.concurrent.atomic.AtomicReference<byte[]> imageOnce, boolean vfork) {
        Memory mem = instance.memory();
        int missing = pages - mem.pages();
        if (missing > 0 && mem.grow(missing) < 0) {
            throw new ErrnoException(Errno.ENOMEM, "the forked memory cannot grow to " + pages + " pages");
        }
        mem.write(0, imageOnce.getAndSet(null));
        EntryCall forked = parentCall.on(instance);
        if (vfork) {
            Contexts.disable(forked);
        }
        try {
            forked.resume(stack, 0);
        } finally {
            Contexts.release(forked);
        }
    }

    /** The child's process state: the same arguments, environment, cwd and every descriptor (CLOEXEC ones too). */
    private static ProcessState childState(ProcessState p, ProcessNode child) {
        List<String> args = new ArrayList<>();
        for (byte[] a : p.args()) {
            args.add(new String(a, StandardCharsets.UTF_8));
        }
        List<String> env = new ArrayList<>();
        for (byte[] e : p.env()) {
            env.add(new String(e, StandardCharsets.UTF_8));
        }
        var cs = new ProcessState(args, env, p.cwd(), child.pid(), p.terminal());
        cs.node(child);
        cs.vfs(p.vfs());
        cs.sockets(p.sockets());
        cs.shareReadiness(p.readiness());
        cs.fds().inherit(p.fds(), false);
        p.preopens().forEach((fd, pre) -> {
            var e = cs.fds().find(fd);
            if (e != null && e.description() == pre.description()) {
                cs.preopens().put(fd, pre);
            }
        });
        child.signalDispositions(p.node().signalDispositions());
        return cs;
    }
}
