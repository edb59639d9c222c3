package dev.wasix4j.core.procs;

import dev.wasix4j.abi.Errno;
import dev.wasix4j.abi.ErrnoException;
import dev.wasix4j.core.WasixProgram;
import dev.wasix4j.core.process.ProcessState;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The processes of one run: the top-level process and everything it spawned or forked, each with
 * a pid, a parent and an exit status, all in this JVM. Programs they start are compiled once per
 * content ({@link Programs}). When the top-level process ends, the run ends: processes still
 * alive are killed, as they die with the wasmer CLI's host process.
 */
public final class ProcessTable {
    /** Unlimited, as far as the table is concerned (memory and threads limit first). */
    public static final int DEFAULT_MAX_PROCESSES = 1024;
    /** How long {@link #shutdown} waits for killed processes to unwind. */
    private static final long SHUTDOWN_GRACE_MS = 2_000;
    /** pids are never reused within a JVM: a stale pid can never reach another process. */
    private static final AtomicInteger NEXT_PID = new AtomicInteger(1);

    private final Programs programs;
    private final int maxProcesses;
    private final Map<Integer, ProcessNode> live = new ConcurrentHashMap<>();
    private final AtomicInteger count = new AtomicInteger();
    private volatile ProcessNode root;
    private volatile Launcher launcher;

    /**
     * Starts a process of this run whose state (descriptors, cwd, node) is ready; returns at once.
     * With a {@link ForkEntry} the main thread enters through it instead of {@code _start}.
     */
    @FunctionalInterface
    public interface Launcher {
        void launch(WasixProgram program, ProcessState state, ForkEntry entry);
    }

    /** How a forked child's main thread enters the guest: given its fresh instance, runs to the thread's end. */
    @FunctionalInterface
    public interface ForkEntry {
        void run(com.dylibso.chicory.runtime.Instance instance);
    }

    public ProcessTable(Programs programs, int maxProcesses) {
        if (maxProcesses < 1) {
            throw new IllegalArgumentException("the process limit must be at least 1, got " + maxProcesses);
        }
        this.programs = programs;
        this.maxProcesses = maxProcesses;
    }

    public void launcher(Launcher l) {
        this.launcher = l;
    }

    /** Starts {@code program} as the process {@code state.node()}; its end completes the node's status. */
    public void launch(WasixProgram program, ProcessState state) {
        launcher.launch(program, state, null);
    }

    /** Starts a forked copy of a process: {@code entry} rewinds the parent's stack in the child's instance. */
    public void launchFork(WasixProgram program, ProcessState state, ForkEntry entry) {
        launcher.launch(program, state, entry);
    }

    public Programs programs() {
        return programs;
    }

    /** The top-level process; made once. */
    public synchronized ProcessNode root() {
        if (root == null) {
            count.incrementAndGet();
            root = new ProcessNode(this, NEXT_PID.getAndIncrement(), null);
            live.put(root.pid(), root);
        }
        return root;
    }

    /**
     * A new child of {@code parent}, counted against the limit.
     *
     * @throws ErrnoException EAGAIN past the process limit, as fork(2) does
     */
    public ProcessNode newChild(ProcessNode parent) {
        if (count.incrementAndGet() > maxProcesses) {
            count.decrementAndGet();
            throw new ErrnoException(Errno.EAGAIN, "process limit of " + maxProcesses + " reached");
        }
        var child = new ProcessNode(this, NEXT_PID.getAndIncrement(), parent);
        live.put(child.pid(), child);
        parent.adopt(child);
        return child;
    }

    /** A child that never started (its set-up failed): forgotten without a trace. */
    public void abandon(ProcessNode parent, ProcessNode child) {
        parent.disown(child);
        if (live.remove(child.pid()) != null) {
            count.decrementAndGet();
        }
    }

    void ended(ProcessNode node) {
        if (live.remove(node.pid()) != null) {
            count.decrementAndGet();
        }
    }

    /** Processes alive now, the top-level one included. */
    public int liveProcesses() {
        return count.get();
    }

    public ProcessNode find(int pid) {
        return live.get(pid);
    }

    /** Kills every process still alive and waits (boundedly) for them to end. */
    public void shutdown() {
        for (ProcessNode n : live.values()) {
            if (n != root) {
                n.kill();
            }
        }
        long deadline = System.currentTimeMillis() + SHUTDOWN_GRACE_MS;
        for (ProcessNode n : live.values()) {
            if (n == root) {
                continue;
            }
            long left = deadline - System.currentTimeMillis();
            try {
                if (left <= 0 || !n.awaitEnd(left)) {
                    break;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
    }
}
