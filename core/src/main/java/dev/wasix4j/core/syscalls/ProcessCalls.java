package dev.wasix4j.core.syscalls;

import dev.wasix4j.abi.Errno;
import dev.wasix4j.abi.ErrnoException;
import dev.wasix4j.core.WasixProgram;
import dev.wasix4j.core.abi.Layouts.JoinStatus;
import dev.wasix4j.core.abi.Layouts.OptionPid;
import dev.wasix4j.core.abi.Layouts.SignalDisposition;
import dev.wasix4j.core.abi.Layouts.SpawnFdOp;
import dev.wasix4j.core.abi.Wasi.FdFlagsExt;
import dev.wasix4j.core.abi.Wasi.JoinFlags;
import dev.wasix4j.core.fd.FdEntry;
import dev.wasix4j.core.fd.FileResource;
import dev.wasix4j.core.fd.OpenDescription;
import dev.wasix4j.core.process.ProcessExit;
import dev.wasix4j.core.process.ProcessState;
import dev.wasix4j.core.procs.ExitStatus;
import dev.wasix4j.core.procs.ProcessNode;
import dev.wasix4j.core.procs.ProcessTable;
import dev.wasix4j.core.procs.Programs;
import dev.wasix4j.core.syscall.Call;
import dev.wasix4j.core.syscall.Dispatcher;
import dev.wasix4j.core.syscall.GuestMemory;
import dev.wasix4j.fs.GuestPaths;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

/**
 * Processes of one run: posix_spawn (proc_spawn2), exec (proc_exec*), waitpid (proc_join),
 * getpid/getppid and the signal dispositions a child starts with. The table, the program
 * resolution and the images live in {@code core.procs}; this decodes the guest's structs.
 */
final class ProcessCalls {
    /** Shell convention for an exec that cannot run its program: not found 127, not executable 126. */
    private static final int EXIT_NOT_FOUND = 127;
    private static final int EXIT_NOT_EXECUTABLE = 126;

    private ProcessCalls() {}

    static void register(Dispatcher d, ProcessState p) {
        d.implement("proc_id", "the process id from the run's process table", c -> {
            c.mem().putI32(c.i32(0), p.pid());
            return Errno.SUCCESS;
        });
        d.implement("proc_parent", "the parent's pid (0 for the top-level process); ESRCH for an unknown pid", c -> {
            int pid = c.i32(0);
            ProcessNode n = pid == p.pid() ? p.node() : p.node().table().find(pid);
            if (n == null) {
                return Errno.ESRCH;
            }
            c.mem().putI32(c.i32(1), n.parentPid());
            return Errno.SUCCESS;
        });
        d.implement("proc_spawn2", "posix_spawn: a new process in this JVM; file actions, PATH search, CLOEXEC; program compiled once per content",
                c -> spawn(c, p));
        d.implement("proc_exec3", "execve: the same pid, cwd and descriptors (CLOEXEC closed) run the new program; errno only on failure",
                c -> exec(c, p, string(c, 0, 1), c.i32(2), c.i32(3), c.i32(4), c.i32(5), c.i32(6) != 0,
                        optionalString(c, 7, 8), false));
        d.implement("proc_exec2", "legacy exec with environment; a program that cannot run ends the process (127 not found, 126 otherwise)",
                c -> exec(c, p, string(c, 0, 1), c.i32(2), c.i32(3), c.i32(4), c.i32(5), true, null, true));
        d.implement("proc_exec", "legacy exec, environment inherited; a program that cannot run ends the process (127 not found, 126 otherwise)",
                c -> exec(c, p, string(c, 0, 1), c.i32(2), c.i32(3), 0, 0, true, null, true));
        d.implement("proc_join", "waitpid: one child or any, WNOHANG; exit code or signal (a trap reads as SIGABRT); zombies reaped",
                c -> join(c, p));
    }

    private static Errno spawn(Call c, ProcessState p) {
        GuestMemory m = c.mem();
        String name = string(c, 0, 1);
        List<String> args = Programs.splitList(m.string(c.i32(2), c.i32(3)));
        List<String> env = environment(m, p, c.i32(4), c.i32(5));
        int ops = c.i32(6);
        long opCount = c.u32(7);
        m.check(ops, opCount * SpawnFdOp.SIZE);
        int sigs = c.i32(8);
        long sigCount = c.u32(9);
        m.check(sigs, sigCount * SignalDisposition.SIZE);
        boolean search = c.i32(10) != 0;
        String pathList = optionalString(c, 11, 12);
        int out = c.i32(13);
        m.check(out, 4);

        ProcessNode self = p.node();
        ProcessTable table = self.table();
        ProcessNode child = table.newChild(self);
        ProcessState cs = new ProcessState(args.isEmpty() ? List.of(name) : args, env, p.cwd(), child.pid(), p.terminal());
        try {
            cs.node(child);
            cs.vfs(p.vfs());
            cs.sockets(p.sockets());
            cs.shareReadiness(p.readiness());
            cs.fds().inherit(p.fds(), false);
            p.preopens().forEach((fd, pre) -> {
                if (cs.fds().find(fd) != null && cs.fds().find(fd).description() == pre.description()) {
                    cs.preopens().put(fd, pre);
                }
            });
            for (long i = 0; i < opCount; i++) {
                applyFdOp(m, cs, ops + (int) (i * SpawnFdOp.SIZE));
            }
            // the program is found as the child would exec it: after its chdir actions
            Programs programs = table.programs();
            WasixProgram program = programs.load(cs.vfs(), programs.locate(cs.vfs(), cs.cwd(), name, search, pathList));
            cs.fds().closeOnExec();
            child.signalDispositions(m.bytes(sigs, (int) (sigCount * SignalDisposition.SIZE)));
            table.launch(program, cs);
        } catch (RuntimeException e) {
            cs.fds().closeAll();
            table.abandon(self, child);
            throw e;
        }
        m.putI32(out, child.pid());
        return Errno.SUCCESS;
    }

    /** One posix_spawn file action, applied to the child's table before its program starts. */
    private static void applyFdOp(GuestMemory m, ProcessState cs, int at) {
        int cmd = m.u8(at + SpawnFdOp.CMD) & 0xff;
        int fd = m.i32(at + SpawnFdOp.FD);
        var fds = cs.fds();
        try {
            switch (cmd) {
                case SpawnFdOp.CLOSE -> {
                    // closing a preopen would break the child's path resolution; wasmer skips it too
                    if (!cs.isPreopen(fd)) {
                        fds.close(fd);
                    }
                }
                case SpawnFdOp.DUP2 -> {
                    int src = m.i32(at + SpawnFdOp.SRC_FD);
                    if (src == fd) {
                        fds.get(fd);
                        fds.setCloexec(fd, false);
                    } else {
                        if (cs.isPreopen(fd)) {
                            throw new ErrnoException(Errno.ENOTSUP, "dup2 over a preopened directory");
                        }
                        fds.renumber(src, fd);
                    }
                }
                case SpawnFdOp.OPEN -> {
                    String path = absolute(cs, m.string(m.i32(at + SpawnFdOp.PATH), m.i32(at + SpawnFdOp.PATH_LEN)));
                    OpenDescription d = PathCalls.openDescription(cs, path, m.i32(at + SpawnFdOp.DIRFLAGS),
                            m.i16(at + SpawnFdOp.OFLAGS), m.i64(at + SpawnFdOp.RIGHTS_BASE),
                            m.i64(at + SpawnFdOp.RIGHTS_INHERITING), m.i16(at + SpawnFdOp.FDFLAGS));
                    boolean cloexec = (m.i16(at + SpawnFdOp.FDFLAGSEXT) & FdFlagsExt.CLOEXEC) != 0;
                    fds.replace(fd, d, cloexec);
                }
                case SpawnFdOp.CHDIR -> {
                    String path = absolute(cs, m.string(m.i32(at + SpawnFdOp.PATH), m.i32(at + SpawnFdOp.PATH_LEN)));
                    cs.cwd(cs.vfs().realDirectory(path));
                }
                case SpawnFdOp.FCHDIR -> {
                    FdEntry e = fds.get(fd);
                    if (!(e.resource() instanceof FileResource f) || !f.file().isDirectory()) {
                        throw new ErrnoException(Errno.ENOTDIR);
                    }
                    cs.cwd(cs.vfs().guestPath(f.file()));
                }
                default -> throw new ErrnoException(Errno.EINVAL, "unknown spawn file action " + cmd);
            }
        } catch (IOException e) {
            throw new ErrnoException(Errno.EIO, e.getMessage());
        }
    }

    private static Errno exec(Call c, ProcessState p, String name, int argsPtr, int argsLen, int envPtr, int envLen,
            boolean search, String pathList, boolean legacy) {
        GuestMemory m = c.mem();
        List<String> args = Programs.splitList(m.string(argsPtr, argsLen));
        WasixProgram program;
        List<String> env;
        try {
            env = environment(m, p, envPtr, envLen);
            Programs programs = p.node().table().programs();
            program = programs.load(p.vfs(), programs.locate(p.vfs(), p.cwd(), name, search, pathList));
        } catch (ErrnoException e) {
            if (legacy) {
                // the legacy calls cannot return an error: end the process as a shell would
                throw new ProcessExit(e.errno() == Errno.ENOENT ? EXIT_NOT_FOUND : EXIT_NOT_EXECUTABLE);
            }
            throw e;
        }
        p.node().requestExec(new ProcessNode.Exec(program, args.isEmpty() ? List.of(name) : args, env));
        // every thread of this image stops; the process then goes on with the new one
        throw new ProcessExit(0);
    }

    private static Errno join(Call c, ProcessState p) {
        GuestMemory m = c.mem();
        int opt = c.i32(0);
        boolean nonBlocking = (c.i32(1) & JoinFlags.NON_BLOCKING) != 0;
        int out = c.i32(2);
        m.check(opt, OptionPid.SIZE);
        m.check(out, JoinStatus.SIZE);
        int tag = m.u8(opt + OptionPid.TAG) & 0xff;
        OptionalInt which;
        if (tag == OptionPid.TAG_NONE) {
            which = OptionalInt.empty();
        } else if (tag == OptionPid.TAG_SOME) {
            int pid = m.i32(opt + OptionPid.PID);
            // waitpid(0) is "any child of my group": every child is in it here
            which = pid == 0 ? OptionalInt.empty() : OptionalInt.of(pid);
        } else {
            return Errno.EINVAL;
        }
        m.zero(out, JoinStatus.SIZE);
        ProcessNode.Joined joined;
        try {
            joined = p.node().join(which, nonBlocking);
        } catch (InterruptedException e) {
            throw ThreadCalls.stopped();
        }
        m.putU8(opt + OptionPid.TAG, OptionPid.TAG_SOME);
        if (joined == null) {
            // WNOHANG and nothing ended: libc returns the pid written here, 0
            m.putI32(opt + OptionPid.PID, 0);
            m.putU8(out + JoinStatus.TAG, JoinStatus.TAG_NOTHING);
            return Errno.SUCCESS;
        }
        m.putI32(opt + OptionPid.PID, joined.pid());
        ExitStatus st = joined.status();
        if (st.wasSignalled()) {
            m.putU8(out + JoinStatus.TAG, JoinStatus.TAG_EXIT_SIGNAL);
            m.putI16(out + JoinStatus.EXIT_CODE, 0);
            m.putU8(out + JoinStatus.SIGNAL, st.signal());
        } else {
            m.putU8(out + JoinStatus.TAG, JoinStatus.TAG_EXIT_NORMAL);
            m.putI16(out + JoinStatus.EXIT_CODE, st.code());
        }
        return Errno.SUCCESS;
    }

    /** A newline-joined "K=V" list; pointer 0 keeps the caller's environment. */
    private static List<String> environment(GuestMemory m, ProcessState p, int ptr, int len) {
        if (ptr == 0) {
            var env = new ArrayList<String>();
            for (byte[] e : p.env()) {
                env.add(new String(e, StandardCharsets.UTF_8));
            }
            return env;
        }
        List<String> env = Programs.splitList(m.string(ptr, len));
        for (String e : env) {
            if (e.indexOf('=') < 0) {
                throw new ErrnoException(Errno.EINVAL, "environment entry without '='");
            }
        }
        return env;
    }

    private static String absolute(ProcessState p, String path) {
        return path.startsWith("/") ? path : GuestPaths.join(p.cwd(), path);
    }

    private static String string(Call c, int ptrArg, int lenArg) {
        return c.mem().string(c.i32(ptrArg), c.i32(lenArg));
    }

    /** A string parameter libc passes as pointer 0 when the C string was NULL. */
    private static String optionalString(Call c, int ptrArg, int lenArg) {
        return c.i32(ptrArg) == 0 ? null : string(c, ptrArg, lenArg);
    }
}
