package dev.wasix4j.core.procs;

import dev.wasix4j.abi.Errno;
import dev.wasix4j.abi.ErrnoException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * One process of a {@link ProcessTable}: its pid, its parent, the children it has not reaped yet,
 * its exit status once it has one. It outlives the images an exec replaces (the pid stays).
 */
public final class ProcessNode {
    private final ProcessTable table;
    private final int pid;
    private final ProcessNode parent;
    /** Children not yet reaped, running or ended (zombies); guarded by {@link #lock}. */
    private final List<ProcessNode> children = new ArrayList<>();
    /** A lock, not a monitor: a waiting parent parks only its own virtual thread. */
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition childEnded = lock.newCondition();
    /** Threads blocked in {@link #join}; guarded by {@link #lock}. */
    private int joining;
    private final CompletableFuture<ExitStatus> status = new CompletableFuture<>();
    private volatile byte[] signalDispositions = new byte[0];
    private volatile Consumer<ExitStatus> killer = s -> {};
    private volatile java.util.function.IntConsumer signaller = sig -> {};
    private volatile Exec pendingExec;
    private volatile dev.wasix4j.core.WasixProgram program;

    /** What replaces the running image when its threads have stopped. */
    public record Exec(dev.wasix4j.core.WasixProgram program, List<String> args, List<String> env) {}

    /** A reaped child: its pid and how it ended; or nothing yet (non-blocking wait). */
    public record Joined(int pid, ExitStatus status) {}

    ProcessNode(ProcessTable table, int pid, ProcessNode parent) {
        this.table = table;
        this.pid = pid;
        this.parent = parent;
    }

    /** The program the process runs now (fork copies it; exec replaces it). */
    public dev.wasix4j.core.WasixProgram program() {
        return program;
    }

    public void program(dev.wasix4j.core.WasixProgram p) {
        this.program = p;
    }

    public int pid() {
        return pid;
    }

    /** The parent's pid; 0 for the first process, which like init has none. */
    public int parentPid() {
        return parent == null ? 0 : parent.pid;
    }

    public ProcessTable table() {
        return table;
    }

    /** True once the process has ended (it may not be reaped yet). */
    public boolean ended() {
        return status.isDone();
    }

    public CompletableFuture<ExitStatus> status() {
        return status;
    }

    /** Signal dispositions the child starts with: {sig, disp} byte pairs, as proc_signals_get writes them. */
    public byte[] signalDispositions() {
        return signalDispositions;
    }

    public void signalDispositions(byte[] pairs) {
        this.signalDispositions = pairs.clone();
    }

    /** How to stop the running image from outside (replaced on exec). */
    public void killer(Consumer<ExitStatus> k) {
        this.killer = k;
    }

    /** How to deliver a signal to the running image (replaced on exec). */
    public void signaller(java.util.function.IntConsumer s) {
        this.signaller = s;
    }

    /**
     * Delivers {@code sig} (kill(2) from another process of the run, the host's Ctrl-C, SIGCHLD)
     * unless the process has ended. As in wasmer, a process blocked in waitpid passes the signal
     * on to its live children instead (each by the same rule) and is not disturbed itself: a shell
     * waiting on its foreground command gets Ctrl-C through to the command and survives it.
     * SIGKILL and SIGCHLD always reach the process itself.
     */
    public void signal(int sig) {
        if (status.isDone()) {
            return;
        }
        if (sig != dev.wasix4j.core.process.Signals.SIGKILL && sig != dev.wasix4j.core.process.Signals.SIGCHLD) {
            List<ProcessNode> live = waitingFor();
            if (!live.isEmpty()) {
                live.forEach(c -> c.signal(sig)); // outside our lock: a child takes its own
                return;
            }
        }
        signaller.accept(sig);
    }

    /** The live children, when a thread of this process is blocked in join; otherwise none. */
    private List<ProcessNode> waitingFor() {
        lock.lock();
        try {
            return joining == 0 ? List.of() : children.stream().filter(c -> !c.ended()).toList();
        } finally {
            lock.unlock();
        }
    }

    /** Ends the process as SIGKILL would. */
    public void kill() {
        if (!status.isDone()) {
            killer.accept(ExitStatus.signalled(ExitStatus.SIGKILL));
        }
    }

    /** Asks for {@code exec} once the current image's threads have stopped. */
    public void requestExec(Exec exec) {
        this.pendingExec = exec;
    }

    /** The pending exec, cleared. */
    public Exec takeExec() {
        Exec e = pendingExec;
        pendingExec = null;
        return e;
    }

    void adopt(ProcessNode child) {
        lock.lock();
        try {
            children.add(child);
        } finally {
            lock.unlock();
        }
    }

    void disown(ProcessNode child) {
        lock.lock();
        try {
            children.remove(child);
        } finally {
            lock.unlock();
        }
    }

    /** Called once, when the last image ended: wakes a waiting parent. */
    public void finish(ExitStatus how) {
        if (!status.complete(how)) {
            return;
        }
        table.ended(this);
        if (parent != null) {
            parent.lock.lock();
            try {
                parent.childEnded.signalAll();
            } finally {
                parent.lock.unlock();
            }
            parent.signal(dev.wasix4j.core.process.Signals.SIGCHLD); // ignored unless the parent handles it, as by default on Linux
        }
        lock.lock();
        try {
            // orphans keep running; nobody will reap them, so they are no longer anyone's children
            children.clear();
        } finally {
            lock.unlock();
        }
    }

    /**
     * waitpid: reaps child {@code which} (or any child when empty) once it has ended.
     *
     * @return the reaped child, or null when {@code nonBlocking} and none has ended yet
     * @throws ErrnoException ECHILD when there is no such child (or no child at all)
     * @throws InterruptedException when this process is being stopped
     */
    public Joined join(OptionalInt which, boolean nonBlocking) throws InterruptedException {
        lock.lock();
        try {
            while (true) {
                boolean any = false;
                for (Iterator<ProcessNode> it = children.iterator(); it.hasNext(); ) {
                    ProcessNode c = it.next();
                    if (which.isPresent() && c.pid != which.getAsInt()) {
                        continue;
                    }
                    any = true;
                    if (c.status.isDone()) {
                        it.remove();
                        return new Joined(c.pid, c.status.join());
                    }
                }
                if (!any) {
                    throw new ErrnoException(Errno.ECHILD);
                }
                if (nonBlocking) {
                    return null;
                }
                joining++;
                try {
                    childEnded.await();
                } finally {
                    joining--;
                }
            }
        } finally {
            lock.unlock();
        }
    }

    /** Waits up to {@code millis} for the end; true if it ended. */
    boolean awaitEnd(long millis) throws InterruptedException {
        try {
            status.get(millis, TimeUnit.MILLISECONDS);
            return true;
        } catch (java.util.concurrent.TimeoutException e) {
            return false;
        } catch (java.util.concurrent.ExecutionException e) {
            return true;
        }
    }
}
