package dev.wasix4j.core.process;

import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.wasm.WasmModule;
import dev.wasix4j.core.asyncify.EntryPoint;
import dev.wasix4j.core.module.ImportSurface;
import dev.wasix4j.core.module.TableWrites;

/**
 * What every guest thread of a program starts from, found once per program and shared by all its processes: whether
 * thread instances can be reused (no code changes tables: a scan of every function body), which start-block layout
 * {@code wasi_thread_start} receives, and the resolved entry itself. Done per thread or per process, these scans ran in
 * the spawn path of every new process and thread, interpreted during a program's first spawns.
 */
public final class ThreadStart {
    /** The export a new thread enters at (wasi-threads). */
    public static final String EXPORT = "wasi_thread_start";
    private static final String WASIX_MODULE = "wasix_32v1";

    private final boolean reuse;
    private final boolean wasixStartBlock;
    private volatile EntryPoint entry;

    private ThreadStart(boolean reuse, boolean wasixStartBlock) {
        this.reuse = reuse;
        this.wasixStartBlock = wasixStartBlock;
    }

    /** @param module the module instances are built from (on a code cache hit, its skeleton: see TableWrites) */
    public static ThreadStart of(WasmModule module, ImportSurface surface) {
        return new ThreadStart(!TableWrites.any(module),
                surface.functions().stream().anyMatch(f -> f.module().equals(WASIX_MODULE)));
    }

    /** True when exited threads' instances can serve later threads (see {@link InstancePool}). */
    public boolean reusesInstances() {
        return reuse;
    }

    /** wasix-libc's thread start block carries the stack size; a wasi-threads one does not. */
    public boolean wasixStartBlock() {
        return wasixStartBlock;
    }

    /** {@code wasi_thread_start}, resolved on the first thread's instance (any instance of the module would do). */
    public EntryPoint entry(Instance instance) {
        EntryPoint e = entry;
        if (e == null) {
            entry = e = EntryPoint.of(instance, EXPORT); // a race resolves it twice, to the same thing
        }
        return e;
    }
}
