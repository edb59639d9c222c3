package dev.wasix4j.core.syscall;

import com.dylibso.chicory.runtime.Memory;
import dev.wasix4j.abi.Errno;
import dev.wasix4j.abi.ErrnoException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * The guest's linear memory as the dispatcher sees it: every pointer and length is unsigned
 * and checked against the current size first, so a bad pointer answers {@code EFAULT} instead of
 * trapping inside the host or throwing a Java exception.
 */
public final class GuestMemory {
    private final Memory memory;

    public GuestMemory(Memory memory) {
        this.memory = memory;
    }

    public Memory raw() {
        return memory;
    }

    /** Current size in bytes. */
    public long size() {
        return (long) memory.pages() * Memory.PAGE_SIZE;
    }

    /** Throws EFAULT unless [ptr, ptr+len) lies inside memory; both are unsigned 32-bit. */
    public void check(int ptr, long len) {
        long start = Integer.toUnsignedLong(ptr);
        if (len < 0 || start + len > size()) {
            throw new ErrnoException(Errno.EFAULT, "bad guest pointer 0x" + Integer.toHexString(ptr) + " +" + len);
        }
    }

    public byte u8(int ptr) {
        check(ptr, 1);
        return memory.read(ptr);
    }

    public int i32(int ptr) {
        check(ptr, 4);
        return memory.readInt(ptr);
    }

    public long i64(int ptr) {
        check(ptr, 8);
        return memory.readLong(ptr);
    }

    public short i16(int ptr) {
        check(ptr, 2);
        return memory.readShort(ptr);
    }

    public void putU8(int ptr, int value) {
        check(ptr, 1);
        memory.writeByte(ptr, (byte) value);
    }

    public void putI16(int ptr, int value) {
        check(ptr, 2);
        memory.writeShort(ptr, (short) value);
    }

    public void putI32(int ptr, int value) {
        check(ptr, 4);
        memory.writeI32(ptr, value);
    }

    public void putI64(int ptr, long value) {
        check(ptr, 8);
        memory.writeLong(ptr, value);
    }

    public byte[] bytes(int ptr, int len) {
        check(ptr, Integer.toUnsignedLong(len));
        return memory.readBytes(ptr, len);
    }

    public void putBytes(int ptr, byte[] data, int offset, int len) {
        check(ptr, len);
        memory.write(ptr, data, offset, len);
    }

    public void putBytes(int ptr, byte[] data) {
        putBytes(ptr, data, 0, data.length);
    }

    /**
     * [ptr, ptr+len) as a direct ByteBuffer over the guest's memory, for host I/O without a copy
     * (a socket reads straight into the guest's buffer); null when the memory is not one of
     * wasix4j's segment memories. Checked like every access.
     */
    public java.nio.ByteBuffer view(int ptr, int len) {
        check(ptr, Integer.toUnsignedLong(len));
        if (memory instanceof dev.wasix4j.memory.SegmentMemory s) {
            return s.slice(ptr, len).asByteBuffer();
        }
        return null;
    }

    /** Zero-fills [ptr, ptr+len). */
    public void zero(int ptr, int len) {
        check(ptr, len);
        memory.fill((byte) 0, ptr, ptr + len);
    }

    /**
     * A string argument ({@code ptr, len}, no NUL needed). Invalid UTF-8 is {@code EILSEQ}: a path
     * must not silently change into another path by replacement characters.
     */
    public String string(int ptr, int len) {
        byte[] b = bytes(ptr, len);
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(b))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new ErrnoException(Errno.EILSEQ, "path is not valid UTF-8");
        }
    }
}
