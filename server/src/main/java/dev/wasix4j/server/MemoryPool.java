package dev.wasix4j.server;

import com.dylibso.chicory.runtime.Memory;
import com.dylibso.chicory.wasm.types.MemoryLimits;
import dev.wasix4j.core.MemoryProvider;
import dev.wasix4j.memory.GuestMemories;
import dev.wasix4j.memory.MemoryImage;
import dev.wasix4j.memory.SegmentMemory;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Guest memories kept across requests: a request's guest takes a memory of its limits from the pool
 * and gives it back reset ({@link SegmentMemory#reset}: zeroed), so a request costs no mmap, no munmap
 * and no FFM close handshake. The first request's instantiation leaves an image of the memory as
 * instantiation makes it (its data segments in place, {@link MemoryImage}); every later memory is
 * handed out with that image already written, and its instance skips zeroing and data segments.
 * At most {@code capacity} idle memories are kept (a memory reserves address space, and
 * RAM only for pages the guests touched); past that, and for a memory a stray thread may still use,
 * the memory is closed.
 */
final class MemoryPool implements MemoryProvider {
    private final int capacity;
    private final ConcurrentHashMap<String, ConcurrentLinkedDeque<SegmentMemory>> idle = new ConcurrentHashMap<>();
    private final AtomicInteger idleCount = new AtomicInteger();
    private final AtomicInteger created = new AtomicInteger();
    /** The program's memory right after instantiation, by limits (see {@link MemoryImage}). */
    private final ConcurrentHashMap<String, MemoryImage> images = new ConcurrentHashMap<>();

    MemoryPool(int capacity) {
        this.capacity = capacity;
    }

    @Override
    public Memory acquire(MemoryLimits limits) {
        String key = key(GuestMemories.clamp(limits, limits.shared()));
        var queue = idle.get(key);
        SegmentMemory m = queue == null ? null : queue.pollFirst();
        if (m != null) {
            idleCount.decrementAndGet();
        } else {
            created.incrementAndGet();
            Memory fresh = GuestMemories.create(limits, limits.shared());
            if (!(fresh instanceof SegmentMemory s)) {
                return fresh;
            }
            m = s;
        }
        MemoryImage image = images.get(key);
        if (image == null || !m.prepare(image)) {
            m.captureImage(); // the first instance's data segments become the image for the next requests
        }
        return m;
    }

    /** Pool key: MemoryLimits has no value equality of its own. */
    private static String key(MemoryLimits l) {
        return l.initialPages() + "/" + l.maximumPages() + (l.shared() ? "/shared" : "");
    }

    @Override
    public void release(Memory memory, boolean reusable) {
        if (memory instanceof SegmentMemory m) {
            MemoryImage image = m.takeImage();
            if (image != null) {
                images.putIfAbsent(key(new MemoryLimits(m.initialPages(), m.maximumPages(), m.shared())), image);
            }
        }
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

    /** Images taken so far (one per memory shape the program asked for). */
    int images() {
        return images.size();
    }

    int idle() {
        return idleCount.get();
    }
}
