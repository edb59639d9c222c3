package dev.wasix4j.core.asyncify;

import java.nio.ByteOrder;
import java.security.SecureRandom;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The stack checkpoints ({@code setjmp}) of one entry call. The guest's jmp_buf holds a 128-bit
 * id, a hash of the saved state under a secret seed, as in wasmer. Checkpoints are kept per jmp_buf
 * address: a setjmp into a buffer replaces what that buffer named before, so a program that calls
 * setjmp a million times on a few buffers keeps a few checkpoints, and a jmp_buf set at start-up
 * stays valid however many others come and go (wasmer keeps every checkpoint ever made). A
 * longjmp checks the id too, and finds a jmp_buf copied elsewhere by its id. At most {@value #MAX}
 * buffers are remembered; past that the least recently used is forgotten.
 */
public final class Checkpoints {
    static final int MAX = 65536;

    /** A 128-bit checkpoint id, as the two u64 of __wasi_stack_snapshot_t.hash. */
    public record Id(long b0, long b1) {}

    private record Saved(Id id, UnwoundStack stack) {}

    private static final java.lang.invoke.VarHandle LONGS =
            java.lang.invoke.MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private final long seed0;
    private final long seed1;
    private final Map<Integer, Saved> byBuffer = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Integer, Saved> eldest) {
            return size() > MAX;
        }
    };

    Checkpoints() {
        var random = new SecureRandom();
        seed0 = random.nextLong();
        seed1 = random.nextLong();
    }

    /** Keeps {@code stack} as what the jmp_buf at {@code buffer} names; returns the id to store there. */
    public Id save(int buffer, UnwoundStack stack) {
        Id id = hash(stack);
        byBuffer.put(buffer, new Saved(id, stack));
        return id;
    }

    /** The stack the jmp_buf at {@code buffer} holding {@code id} names, or null if this entry call never saved it. */
    public UnwoundStack find(int buffer, Id id) {
        Saved s = byBuffer.get(buffer);
        if (s != null && s.id().equals(id)) {
            return s.stack();
        }
        for (Saved other : byBuffer.values()) {   // a jmp_buf copied to another address
            if (other.id().equals(id)) {
                return other.stack();
            }
        }
        return null;
    }

    /** jmp_buf addresses remembered. */
    public int size() {
        return byBuffer.size();
    }

    /**
     * Two 64-bit hashes with independent random seeds, over the saved bytes and globals. Unlike
     * wasmer the hash is not cryptographic: ids only select among this thread's own checkpoints,
     * so a forged jmp_buf can reach nothing the guest could not reach with a real one.
     */
    private Id hash(UnwoundStack stack) {
        long a = seed0;
        long b = seed1;
        byte[] data = stack.data();
        int i = 0;
        for (; i + Long.BYTES <= data.length; i += Long.BYTES) {
            long w = (long) LONGS.get(data, i);
            a = mix(a ^ w);
            b = mix(b + w);
        }
        long tail = data.length;
        for (; i < data.length; i++) {
            tail = (tail << 8) | (data[i] & 0xff);
        }
        a = mix(a ^ tail);
        b = mix(b + tail);
        for (long g : stack.globals()) {
            a = mix(a ^ g);
            b = mix(b + g);
        }
        return new Id(a, b);
    }

    /** SplitMix64's finaliser: every input bit reaches every output bit. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31) + 0x9e3779b97f4a7c15L;
    }
}
