package dev.wasix4j.server;

import com.dylibso.chicory.runtime.Memory;
import com.dylibso.chicory.wasm.types.MemoryLimits;
import dev.wasix4j.core.MemoryProvider;
import dev.wasix4j.memory.GuestMemories;
import dev.wasix4j.memory.SegmentMemory;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Guest memories kept across requests: a request's guest takes a memory of its limits from the pool
 * and gives it back reset ({@link SegmentMemory#reset}: the touched bytes zeroed, the data segments
 * applied again by the next instance), so a request costs no mmap, no munmap and no FFM close
 * handshake. At most {@code capacity} idle memories are kept (a memory reserves address space, and
 * RAM only for pages the guests touched); past that, and for a memory a stray thread may still use,
 * the memory is closed.
 */
final class MemoryPool implements MemoryProvider {
    private final int capacity;
    private final ConcurrentHashMap<String, ConcurrentLinkedDeque<SegmentMemory>> idle = new ConcurrentHashMap<>();
    private final AtomicInteger idleCount = new AtomicInteger();
    private final AtomicInteger created = new AtomicInteger();

    MemoryPool(int capacity) {
        this.capacity = capacity;
    }

    @Override
    public Memory acquire(MemoryLimits limits) {
        var queue = idle.get(key(GuestMemories.clamp(limits, limits.shared())));
        if (queue != null) {
            SegmentMemory m = queue.pollFirst();
            if (m != null) {
                idleCount.decrementAndGet();
                return m;
            }
        }
        created.incrementAndGet();
        return GuestMemories.create(limits, limits.shared());
    }

    /** Pool key: MemoryLimits has no value equality of its own. */
    private static String key(MemoryLimits l) {
        return l.initialPages() + "/" + l.maximumPages() + (l.shared() ? "/shared" : "");
    }

    @Override
    public void release(Memory memory, boolean reusable) {
        if (reusable && memory instanceof SegmentMemory m && !m.isClosed() && idleCount.get() < capacity) {
            m.reset();
            var key = key(new MemoryLimits(m.initialPages(), m.maximumPages(), m.shared()));
            idle.computeIfAbsent(key, k -> new ConcurrentLinkedDeque<>()).addFirst(m);
            idleCount.incrementAndGet();
            return;
        }
        if (memory instanceof AutoCloseable c) {
            try {
                c.close();
            } catch (Exception e) {
                // a memory that cannot be closed is left to its cleaner
            }
        }
    }

    /** Memories mapped so far (the rest of the requests reused one). */
    int created() {
        return created.get();
    }

    int idle() {
        return idleCount.get();
    }
}
