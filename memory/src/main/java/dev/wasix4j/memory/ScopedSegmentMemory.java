package dev.wasix4j.memory;

import com.dylibso.chicory.wasm.types.MemoryLimits;
import jdk.internal.foreign.AbstractMemorySegmentImpl;
import jdk.internal.foreign.MemorySessionImpl;
import jdk.internal.misc.ScopedMemoryAccess;

/**
 * The fast access path (see {@link SegmentMemory}): {@code ScopedMemoryAccess} on the reservation's address with the
 * segment's session. The session check is the public API's liveness check, and the access runs in a
 * {@code @Scoped} method, so closing the shared arena still does the handshake that turns a racing access into an
 * IllegalStateException; the access costs a few IR nodes, so C2 inlines every access of a large compiled function.
 *
 * <p>Only loaded when {@code java.base} exports {@code jdk.internal.misc} and {@code jdk.internal.foreign} to this
 * code and the platform is little-endian (volatile and atomic accesses are in native order).
 */
final class ScopedSegmentMemory extends SegmentMemory {

    private static final ScopedMemoryAccess SMA = ScopedMemoryAccess.getScopedMemoryAccess();
    /** Plain accesses read and write little-endian whatever the platform (the flag is "big-endian"). */
    private static final boolean LE = false;

    private final MemorySessionImpl session;

    ScopedSegmentMemory(MemoryLimits limits, int yieldInterval) {
        super(limits, yieldInterval);
        this.session = ((AbstractMemorySegmentImpl) reserved).sessionImpl();
    }

    // Plain loads and stores: the compiled guest's hot path. Kept tiny so C2 inlines them everywhere.

    @Override
    public byte read(int addr) {
        try {
            return SMA.getByte(session, null, address(addr, Byte.BYTES));
        } catch (IllegalStateException e) {
            throw closedTrap(addr, Byte.BYTES);
        }
    }

    @Override
    public short readShort(int addr) {
        try {
            return SMA.getShortUnaligned(session, null, address(addr, Short.BYTES), LE);
        } catch (IllegalStateException e) {
            throw closedTrap(addr, Short.BYTES);
        }
    }

    @Override
    public int readInt(int addr) {
        try {
            return SMA.getIntUnaligned(session, null, address(addr, Integer.BYTES), LE);
        } catch (IllegalStateException e) {
            throw closedTrap(addr, Integer.BYTES);
        }
    }

    @Override
    public long readLong(int addr) {
        try {
            return SMA.getLongUnaligned(session, null, address(addr, Long.BYTES), LE);
        } catch (IllegalStateException e) {
            throw closedTrap(addr, Long.BYTES);
        }
    }

    @Override
    public float readFloat(int addr) {
        try {
            return Float.intBitsToFloat(SMA.getIntUnaligned(session, null, address(addr, Float.BYTES), LE));
        } catch (IllegalStateException e) {
            throw closedTrap(addr, Float.BYTES);
        }
    }

    @Override
    public double readDouble(int addr) {
        try {
            return Double.longBitsToDouble(SMA.getLongUnaligned(session, null, address(addr, Double.BYTES), LE));
        } catch (IllegalStateException e) {
            throw closedTrap(addr, Double.BYTES);
        }
    }

    @Override
    public void writeByte(int addr, byte data) {
        try {
            SMA.putByte(session, null, address(addr, Byte.BYTES), data);
        } catch (IllegalStateException e) {
            throw closedTrap(addr, Byte.BYTES);
        }
    }

    @Override
    public void writeShort(int addr, short data) {
        try {
            SMA.putShortUnaligned(session, null, address(addr, Short.BYTES), data, LE);
        } catch (IllegalStateException e) {
            throw closedTrap(addr, Short.BYTES);
        }
    }

    @Override
    public void writeI32(int addr, int data) {
        try {
            SMA.putIntUnaligned(session, null, address(addr, Integer.BYTES), data, LE);
        } catch (IllegalStateException e) {
            throw closedTrap(addr, Integer.BYTES);
        }
    }

    @Override
    public void writeLong(int addr, long data) {
        try {
            SMA.putLongUnaligned(session, null, address(addr, Long.BYTES), data, LE);
        } catch (IllegalStateException e) {
            throw closedTrap(addr, Long.BYTES);
        }
    }

    @Override
    public void writeF32(int addr, float data) {
        try {
            SMA.putIntUnaligned(session, null, address(addr, Float.BYTES), Float.floatToRawIntBits(data), LE);
        } catch (IllegalStateException e) {
            throw closedTrap(addr, Float.BYTES);
        }
    }

    @Override
    public void writeF64(int addr, double data) {
        try {
            SMA.putLongUnaligned(session, null, address(addr, Double.BYTES), Double.doubleToRawLongBits(data), LE);
        } catch (IllegalStateException e) {
            throw closedTrap(addr, Double.BYTES);
        }
    }

    // Atomics: loads pass the yield point (a spin-wait is a loop of them), stores make progress and do not.

    @Override
    public byte atomicReadByte(int addr) {
        yieldPoint();
        try {
            return SMA.getByteVolatile(session, null, atomicAddress(addr, Byte.BYTES));
        } catch (IllegalStateException e) {
            throw closedTrap(addr, Byte.BYTES);
        }
    }

    @Override
    public short atomicReadShort(int addr) {
        yieldPoint();
        try {
            return SMA.getShortVolatile(session, null, atomicAddress(addr, Short.BYTES));
        } catch (IllegalStateException e) {
            throw closedTrap(addr, Short.BYTES);
        }
    }

    @Override
    public int atomicReadInt(int addr) {
        yieldPoint();
        try {
            return SMA.getIntVolatile(session, null, atomicAddress(addr, Integer.BYTES));
        } catch (IllegalStateException e) {
            throw closedTrap(addr, Integer.BYTES);
        }
    }

    @Override
    public long atomicReadLong(int addr) {
        yieldPoint();
        try {
            return SMA.getLongVolatile(session, null, atomicAddress(addr, Long.BYTES));
        } catch (IllegalStateException e) {
            throw closedTrap(addr, Long.BYTES);
        }
    }

    @Override
    public void atomicWriteByte(int addr, byte value) {
        try {
            SMA.putByteVolatile(session, null, atomicAddress(addr, Byte.BYTES), value);
        } catch (IllegalStateException e) {
            throw closedTrap(addr, Byte.BYTES);
        }
    }

    @Override
    public void atomicWriteShort(int addr, short value) {
        try {
            SMA.putShortVolatile(session, null, atomicAddress(addr, Short.BYTES), value);
        } catch (IllegalStateException e) {
            throw closedTrap(addr, Short.BYTES);
        }
    }

    @Override
    public void atomicWriteInt(int addr, int value) {
        try {
            SMA.putIntVolatile(session, null, atomicAddress(addr, Integer.BYTES), value);
        } catch (IllegalStateException e) {
            throw closedTrap(addr, Integer.BYTES);
        }
    }

    @Override
    public void atomicWriteLong(int addr, long value) {
        try {
            SMA.putLongVolatile(session, null, atomicAddress(addr, Long.BYTES), value);
        } catch (IllegalStateException e) {
            throw closedTrap(addr, Long.BYTES);
        }
    }

    // Read-modify-write: only an operation that left memory unchanged passes the yield point.

    @Override
    public int atomicAddInt(int addr, int delta) {
        int old;
        try {
            old = SMA.getAndAddInt(session, null, atomicAddress(addr, Integer.BYTES), delta);
        } catch (IllegalStateException e) {
            throw closedTrap(addr, Integer.BYTES);
        }
        return spinIf(delta == 0, old);
    }

    @Override
    public int atomicAndInt(int addr, int mask) {
        int old;
        try {
            old = SMA.getAndBitwiseAndInt(session, null, atomicAddress(addr, Integer.BYTES), mask);
        } catch (IllegalStateException e) {
            throw closedTrap(addr, Integer.BYTES);
        }
        return spinIf((old & mask) == old, old);
    }

    @Override
    public int atomicOrInt(int addr, int mask) {
        int old;
        try {
            old = SMA.getAndBitwiseOrInt(session, null, atomicAddress(addr, Integer.BYTES), mask);
        } catch (IllegalStateException e) {
            throw closedTrap(addr, Integer.BYTES);
        }
        return spinIf((old | mask) == old, old);
    }

    @Override
    public int atomicXorInt(int addr, int mask) {
        int old;
        try {
            old = SMA.getAndBitwiseXorInt(session, null, atomicAddress(addr, Integer.BYTES), mask);
        } catch (IllegalStateException e) {
            throw closedTrap(addr, Integer.BYTES);
        }
        return spinIf(mask == 0, old);
    }

    @Override
    public int atomicXchgInt(int addr, int value) {
        int old;
        try {
            old = SMA.getAndSetInt(session, null, atomicAddress(addr, Integer.BYTES), value);
        } catch (IllegalStateException e) {
            throw closedTrap(addr, Integer.BYTES);
        }
        return spinIf(old == value, old);
    }

    @Override
    public long atomicAddLong(int addr, long delta) {
        long old;
        try {
            old = SMA.getAndAddLong(session, null, atomicAddress(addr, Long.BYTES), delta);
        } catch (IllegalStateException e) {
            throw closedTrap(addr, Long.BYTES);
        }
        return spinIf(delta == 0, old);
    }

    @Override
    public long atomicAndLong(int addr, long mask) {
        long old;
        try {
            old = SMA.getAndBitwiseAndLong(session, null, atomicAddress(addr, Long.BYTES), mask);
        } catch (IllegalStateException e) {
            throw closedTrap(addr, Long.BYTES);
        }
        return spinIf((old & mask) == old, old);
    }

    @Override
    public long atomicOrLong(int addr, long mask) {
        long old;
        try {
            old = SMA.getAndBitwiseOrLong(session, null, atomicAddress(addr, Long.BYTES), mask);
        } catch (IllegalStateException e) {
            throw closedTrap(addr, Long.BYTES);
        }
        return spinIf((old | mask) == old, old);
    }

    @Override
    public long atomicXorLong(int addr, long mask) {
        long old;
        try {
            old = SMA.getAndBitwiseXorLong(session, null, atomicAddress(addr, Long.BYTES), mask);
        } catch (IllegalStateException e) {
            throw closedTrap(addr, Long.BYTES);
        }
        return spinIf(mask == 0, old);
    }

    @Override
    public long atomicXchgLong(int addr, long value) {
        long old;
        try {
            old = SMA.getAndSetLong(session, null, atomicAddress(addr, Long.BYTES), value);
        } catch (IllegalStateException e) {
            throw closedTrap(addr, Long.BYTES);
        }
        return spinIf(old == value, old);
    }

    @Override
    public int atomicCmpxchgInt(int addr, int expected, int replacement) {
        int old;
        try {
            old = SMA.compareAndExchangeInt(session, null, atomicAddress(addr, Integer.BYTES), expected, replacement);
        } catch (IllegalStateException e) {
            throw closedTrap(addr, Integer.BYTES);
        }
        return spinIf(old != expected || expected == replacement, old);
    }

    @Override
    public long atomicCmpxchgLong(int addr, long expected, long replacement) {
        long old;
        try {
            old = SMA.compareAndExchangeLong(session, null, atomicAddress(addr, Long.BYTES), expected, replacement);
        } catch (IllegalStateException e) {
            throw closedTrap(addr, Long.BYTES);
        }
        return spinIf(old != expected || expected == replacement, old);
    }

    // Primitives for the base class (sub-word atomics, waits)

    @Override
    int wordVolatile(long offset) {
        return SMA.getIntVolatile(session, null, base + offset);
    }

    @Override
    boolean wordWeakCas(long offset, int expected, int value) {
        return SMA.weakCompareAndSetInt(session, null, base + offset, expected, value);
    }

    @Override
    long waitValue64(int addr) {
        long offset = atomicOffset(addr, Long.BYTES);
        try {
            return SMA.getLongVolatile(session, null, base + offset);
        } catch (IllegalStateException e) {
            throw closedTrap(addr, Long.BYTES);
        }
    }
}
