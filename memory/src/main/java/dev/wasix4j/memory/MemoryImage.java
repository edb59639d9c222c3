package dev.wasix4j.memory;

import com.dylibso.chicory.wasm.types.ActiveDataSegment;
import com.dylibso.chicory.wasm.types.DataSegment;
import com.dylibso.chicory.wasm.types.OpCode;

/**
 * What a module's memory holds right after instantiation: every byte zero but the module's active data
 * segments, each at its offset. A pool of memories keeps one per program and writes it into a memory
 * before the memory's next instance is built ({@link SegmentMemory#prepare}), instead of having the
 * instance zero the memory and write the segments one by one.
 *
 * <p>Why this is the instance's memory exactly: instantiation writes nothing else into a memory it
 * defines (the start function is not run, and nothing of the guest has run yet), and an image is
 * only taken when every segment's offset is a constant, so every instance of the module puts the same
 * bytes at the same places. An image is tied to the segments it was taken from: a memory prepared
 * with it and then initialized with another module's segments is zeroed and initialized as usual.
 */
public final class MemoryImage {
    private final DataSegment[] segments;
    private final int memoryIndex;
    private final int initialPages;
    /** The bytes from {@link #from} on; zero everywhere else. */
    private final int from;
    private final byte[] bytes;

    private MemoryImage(DataSegment[] segments, int memoryIndex, int initialPages, int from, byte[] bytes) {
        this.segments = segments.clone();
        this.memoryIndex = memoryIndex;
        this.initialPages = initialPages;
        this.from = from;
        this.bytes = bytes;
    }

    /**
     * The image of {@code memory}, which the active segments of {@code segments} were just written into
     * when it was all zero; null when a segment's offset is not a constant.
     */
    static MemoryImage capture(SegmentMemory memory, DataSegment[] segments, int memoryIndex) {
        long lo = Long.MAX_VALUE;
        long hi = 0;
        for (DataSegment s : segments) {
            if (s instanceof ActiveDataSegment a && a.index() == memoryIndex) {
                Integer offset = constantOffset(a);
                if (offset == null) {
                    return null;
                }
                long start = Integer.toUnsignedLong(offset);
                lo = Math.min(lo, start);
                hi = Math.max(hi, start + a.data().length);
            }
        }
        if (hi <= lo) {
            return new MemoryImage(segments, memoryIndex, memory.initialPages(), 0, new byte[0]);
        }
        return new MemoryImage(segments, memoryIndex, memory.initialPages(), (int) lo,
                memory.readBytes((int) lo, (int) (hi - lo)));
    }

    /** The offset of a segment placed by a lone {@code i32.const}, else null. */
    private static Integer constantOffset(ActiveDataSegment s) {
        var expr = s.offsetInstructions();
        if (expr.isEmpty() || expr.get(0).opcode() != OpCode.I32_CONST) {
            return null;
        }
        for (int i = 1; i < expr.size(); i++) {
            if (expr.get(i).opcode() != OpCode.END) {
                return null;
            }
        }
        return (int) expr.get(0).operand(0);
    }

    /** True if instantiating with {@code segments} for memory {@code index} writes exactly this image. */
    boolean matches(DataSegment[] segments, int index) {
        if (index != memoryIndex || segments.length != this.segments.length) {
            return false;
        }
        for (int i = 0; i < segments.length; i++) {
            if (segments[i] != this.segments[i]) { // the module's own segment objects, shared by its instances
                return false;
            }
        }
        return true;
    }

    int initialPages() {
        return initialPages;
    }

    int from() {
        return from;
    }

    byte[] bytes() {
        return bytes;
    }

    /** Bytes the image writes into a memory (the span from its first to its last segment byte). */
    public int size() {
        return bytes.length;
    }
}
