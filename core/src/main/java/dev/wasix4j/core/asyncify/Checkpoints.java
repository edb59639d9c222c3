package dev.wasix4j.core.asyncify;

import java.nio.ByteOrder;
import java.security.SecureRandom;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The stack checkpoints ({@code setjmp}) of one entry call, keyed like wasmer keys them: by a
 * 128-bit hash of the saved state under a secret seed, which is what the guest's jmp_buf holds. The same
 * state saved twice (setjmp in a loop) is one entry; the least recently used entry goes when
 * {@value #MAX} are held, so a program that sets ever new jmp_bufs cannot grow the host without
 * bound (wasmer keeps them all).
 */
public final class Checkpoints {
    static final int MAX = 4096;

    /** A 128-bit checkpoint id, as the two u64 of __wasi_stack_snapshot_t.hash. */
    public record Id(long b0, long b1) {}

    private static final java.lang.invoke.VarHandle LONGS =
            java.lang.invoke.MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private final long seed0;
    private final long seed1;
    private final Map<Id, UnwoundStack> saved = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Id, UnwoundStack> eldest) {
            return size() > MAX;
        }
    };

    Checkpoints() {
        var random = new SecureRandom();
        seed0 = random.nextLong();
        seed1 = random.nextLong();
    }

    /** Keeps {@code stack} and returns its id. */
    public Id save(UnwoundStack stack) {
        Id id = hash(stack);
        saved.put(id, stack);
        return id;
    }

    /** The stack saved under {@code id}, or null if this entry call never saved it. */
    public UnwoundStack find(Id id) {
        return saved.get(id);
    }

    public int size() {
        return saved.size();
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
