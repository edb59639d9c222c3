package dev.wasix4j.core;

import com.dylibso.chicory.runtime.Memory;
import com.dylibso.chicory.wasm.types.MemoryLimits;

/**
 * Supplies the linear memory of each process and takes it back at the process's end, so a host that
 * runs many short processes (a server: one per request) can reuse memories instead of mapping and
 * unmapping one each time. Without one, every process gets a new memory and unmaps it at its end.
 */
public interface MemoryProvider {

    /** A memory for {@code limits} (already under {@link ProcessOptions#maxMemoryPages()}), zeroed, as new. */
    Memory acquire(MemoryLimits limits);

    /**
     * The process that used {@code memory} has ended. {@code reusable}: no guest thread can touch it
     * any more (false when a thread was abandoned still running: then it must be closed, not reused).
     */
    void release(Memory memory, boolean reusable);
}
