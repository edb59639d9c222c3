package dev.wasix4j.memory;

import com.dylibso.chicory.wasm.types.MemoryLimits;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * The public-API access path (see {@link SegmentMemory}): segment var handles on the reservation, after the
 * memory's own bounds check. Correct everywhere; in large compiled functions slower than {@link ScopedSegmentMemory}
 * because each access is more IR than C2's inlining budget allows for.
 */
final class PortableSegmentMemory extends SegmentMemory {

    private static final ByteOrder WASM_ORDER = ByteOrder.LITTLE_ENDIAN;

    // Plain accesses: wasm allows any alignment.
    private static final VarHandle I8 = ValueLayout.JAVA_BYTE.varHandle();
    private static final VarHandle I16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(WASM_ORDER).varHandle();
    private static final VarHandle I32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(WASM_ORDER).varHandle();
    private static final VarHandle I64 = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(WASM_ORDER).varHandle();
    private static final VarHandle F32 = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(WASM_ORDER).varHandle();
    private static final VarHandle F64 = ValueLayout.JAVA_DOUBLE_UNALIGNED.withOrder(WASM_ORDER).varHandle();
    // Atomic accesses: aligned layouts support the volatile and read-modify-write modes.
    private static final VarHandle A16 = ValueLayout.JAVA_SHORT.withOrder(WASM_ORDER).varHandle();
    private static final VarHandle A32 = ValueLayout.JAVA_INT.withOrder(WASM_ORDER).varHandle();
    private static final VarHandle A64 = ValueLayout.JAVA_LONG.withOrder(WASM_ORDER).varHandle();

    PortableSegmentMemory(MemoryLimits limits, int yieldInterval) {
        super(limits, yieldInterval);
    }

    // Plain loads and stores: the compiled guest's hot path. Kept tiny so C2 inlines them everywhere.

    @Override
    public byte read(int addr) {
        try {
            return (byte) I8.get(reserved, offset(addr, Byte.BYTES));
        } catch (IllegalStateException e) {
            throw closedTrap(addr, Byte.BYTES);
        }
    }

    @Override
    public short readShort(int addr) {
        try {
            return (short) I16.get(reserved, offset(addr, Short.BYTES));
        } catch (IllegalStateException e) {
            throw closedTrap(addr, Short.BYTES);
        }
    }

    @Override
    public int readInt(int addr) {
        try {
            return (int) I32.get(reserved, offset(addr, Integer.BYTES));
        } catch (IllegalStateException e) {
            throw closedTrap(addr, Integer.BYTES);
        }
    }

    @Override
    public long readLong(int addr) {
        try {
            return (long) I64.get(reserved, offset(addr, Long.BYTES));
        } catch (IllegalStateException e) {
            throw closedTrap(addr, Long.BYTES);
        }
    }

    @Override
    public float readFloat(int addr) {
        try {
            return (float) F32.get(reserved, offset(addr, Float.BYTES));
        } catch (IllegalStateException e) {
            throw closedTrap(addr, Float.BYTES);
        }
    }

    @Override
    public double readDouble(int addr) {
        try {
            return (double) F64.get(reserved, offset(addr, Double.BYTES));
        } catch (IllegalStateException e) {
            throw closedTrap(addr, Double.BYTES);
        }
    }

    @Override
    public void writeByte(int addr, byte data) {
        try {
            I8.set(reserved, offset(addr, Byte.BYTES), data);
        } catch (IllegalStateException e) {
            throw closedTrap(addr, Byte.BYTES);
        }
    }

    @Override
    public void writeShort(int addr, short data) {
        try {
            I16.set(reserved, offset(addr, Short.BYTES), data);
        } catch (IllegalStateException e) {
            throw closedTrap(addr, Short.BYTES);
        }
    }

    @Override
    public void writeI32(int addr, int data) {
        try {
            I32.set(reserved, offset(addr, Integer.BYTES), data);
        } catch (IllegalStateException e) {
            throw closedTrap(addr, Integer.BYTES);
        }
    }

    @Override
    public void writeLong(int addr, long data) {
        try {
            I64.set(reserved, offset(addr, Long.BYTES), data);
        } catch (IllegalStateException e) {
            throw closedTrap(addr, Long.BYTES);
        }
    }

    @Override
    public void writeF32(int addr, float data) {
        try {
            F32.set(reserved, offset(addr, Float.BYTES), data);
        } catch (IllegalStateException e) {
            throw closedTrap(addr, Float.BYTES);
        }
    }

    @Override
    public void writeF64(int addr, double data) {
        try {
            F64.set(reserved, offset(addr, Double.BYTES), data);
        } catch (IllegalStateException e) {
            throw closedTrap(addr, Double.BYTES);
        }
    }

    // Atomics: loads pass the yield point (a spin-wait is a loop of them), stores make progress and do not.

    @Override
    public byte atomicReadByte(int addr) {
        yieldPoint();
        try {
            return (byte) I8.getVolatile(reserved, atomicOffset(addr, Byte.BYTES));
        } catch (IllegalStateException e) {
            throw closedTrap(addr, Byte.BYTES);
        }
    }

    @Override
    public short atomicReadShort(int addr) {
        yieldPoint();
        try {
            return (short) A16.getVolatile(reserved, atomicOffset(addr, Short.BYTES));
        } catch (IllegalStateException e) {
            throw closedTrap(addr, Short.BYTES);
        }
    }

    @Override
    public int atomicReadInt(int addr) {
        yieldPoint();
        try {
            return (int) A32.getVolatile(reserved, atomicOffset(addr, Integer.BYTES));
        } catch (IllegalStateException e) {
            throw closedTrap(addr, Integer.BYTES);
        }
    }

    @Override
    public long atomicReadLong(int addr) {
        yieldPoint();
        try {
            return (long) A64.getVolatile(reserved, atomicOffset(addr, Long.BYTES));
        } catch (IllegalStateException e) {
            throw closedTrap(addr, Long.BYTES);
        }
    }

    @Override
    public void atomicWriteByte(int addr, byte value) {
        try {
            I8.setVolatile(reserved, atomicOffset(addr, Byte.BYTES), value);
        } catch (IllegalStateException e) {
            throw closedTrap(addr, Byte.BYTES);
        }
    }

    @Override
    public void atomicWriteShort(int addr, short value) {
        try {
            A16.setVolatile(reserved, atomicOffset(addr, Short.BYTES), value);
        } catch (IllegalStateException e) {
            throw closedTrap(addr, Short.BYTES);
        }
    }

    @Override
    public void atomicWriteInt(int addr, int value) {
        try {
            A32.setVolatile(reserved, atomicOffset(addr, Integer.BYTES), value);
        } catch (IllegalStateException e) {
            throw closedTrap(addr, Integer.BYTES);
        }
    }

    @Override
    public void atomicWriteLong(int addr, long value) {
        try {
            A64.setVolatile(reserved, atomicOffset(addr, Long.BYTES), value);
        } catch (IllegalStateException e) {
            throw closedTrap(addr, Long.BYTES);
        }
    }

    // Read-modify-write: only an operation that left memory unchanged passes the yield point.

    @Override
    public int atomicAddInt(int addr, int delta) {
        int old;
        try {
            old = (int) A32.getAndAdd(reserved, atomicOffset(addr, Integer.BYTES), delta);
        } catch (IllegalStateException e) {
            throw closedTrap(addr, Integer.BYTES);
        }
        return spinIf(delta == 0, old);
    }

    @Override
    public int atomicAndInt(int addr, int mask) {
        int old;
        try {
            old = (int) A32.getAndBitwiseAnd(reserved, atomicOffset(addr, Integer.BYTES), mask);
        } catch (IllegalStateException e) {
            throw closedTrap(addr, Integer.BYTES);
        }
        return spinIf((old & mask) == old, old);
    }

    @Override
    public int atomicOrInt(int addr, int mask) {
        int old;
        try {
            old = (int) A32.getAndBitwiseOr(reserved, atomicOffset(addr, Integer.BYTES), mask);
        } catch (IllegalStateException e) {
            throw closedTrap(addr, Integer.BYTES);
        }
        return spinIf((old | mask) == old, old);
    }

    @Override
    public int atomicXorInt(int addr, int mask) {
        int old;
        try {
            old = (int) A32.getAndBitwiseXor(reserved, atomicOffset(addr, Integer.BYTES), mask);
        } catch (IllegalStateException e) {
            throw closedTrap(addr, Integer.BYTES);
        }
        return spinIf(mask == 0, old);
    }

    @Override
    public int atomicXchgInt(int addr, int value) {
        int old;
        try {
            old = (int) A32.getAndSet(reserved, atomicOffset(addr, Integer.BYTES), value);
        } catch (IllegalStateException e) {
            throw closedTrap(addr, Integer.BYTES);
        }
        return spinIf(old == value, old);
    }

    @Override
    public long atomicAddLong(int addr, long delta) {
        long old;
        try {
            old = (long) A64.getAndAdd(reserved, atomicOffset(addr, Long.BYTES), delta);
        } catch (IllegalStateException e) {
            throw closedTrap(addr, Long.BYTES);
        }
        return spinIf(delta == 0, old);
    }

    @Override
    public long atomicAndLong(int addr, long mask) {
        long old;
        try {
            old = (long) A64.getAndBitwiseAnd(reserved, atomicOffset(addr, Long.BYTES), mask);
        } catch (IllegalStateException e) {
            throw closedTrap(addr, Long.BYTES);
        }
        return spinIf((old & mask) == old, old);
    }

    @Override
    public long atomicOrLong(int addr, long mask) {
        long old;
        try {
            old = (long) A64.getAndBitwiseOr(reserved, atomicOffset(addr, Long.BYTES), mask);
        } catch (IllegalStateException e) {
            throw closedTrap(addr, Long.BYTES);
        }
        return spinIf((old | mask) == old, old);
    }

    @Override
    public long atomicXorLong(int addr, long mask) {
        long old;
        try {
            old = (long) A64.getAndBitwiseXor(reserved, atomicOffset(addr, Long.BYTES), mask);
        } catch (IllegalStateException e) {
            throw closedTrap(addr, Long.BYTES);
        }
        return spinIf(mask == 0, old);
    }

    @Override
    public long atomicXchgLong(int addr, long value) {
        long old;
        try {
            old = (long) A64.getAndSet(reserved, atomicOffset(addr, Long.BYTES), value);
        } catch (IllegalStateException e) {
            throw closedTrap(addr, Long.BYTES);
        }
        return spinIf(old == value, old);
    }

    @Override
    public int atomicCmpxchgInt(int addr, int expected, int replacement) {
        int old;
        try {
            old = (int) A32.compareAndExchange(reserved, atomicOffset(addr, Integer.BYTES), expected, replacement);
        } catch (IllegalStateException e) {
            throw closedTrap(addr, Integer.BYTES);
        }
        return spinIf(old != expected || expected == replacement, old);
    }

    @Override
    public long atomicCmpxchgLong(int addr, long expected, long replacement) {
        long old;
        try {
            old = (long) A64.compareAndExchange(reserved, atomicOffset(addr, Long.BYTES), expected, replacement);
        } catch (IllegalStateException e) {
            throw closedTrap(addr, Long.BYTES);
        }
        return spinIf(old != expected || expected == replacement, old);
    }

    // Primitives for the base class (sub-word atomics, waits)

    @Override
    int wordVolatile(long offset) {
        return (int) A32.getVolatile(reserved, offset);
    }

    @Override
    boolean wordWeakCas(long offset, int expected, int value) {
        return A32.weakCompareAndSet(reserved, offset, expected, value);
    }

    @Override
    long waitValue64(int addr) {
        long offset = atomicOffset(addr, Long.BYTES);
        try {
            return (long) A64.getVolatile(reserved, offset);
        } catch (IllegalStateException e) {
            throw closedTrap(addr, Long.BYTES);
        }
    }
}
