package dev.wasix4j.core.asyncify;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The stack checkpoints ({@code setjmp}) of one entry call, keyed like wasmer keys them: by a
 * 128-bit hash of a secret and the saved state, which is what the guest's jmp_buf holds. The same
 * state saved twice (setjmp in a loop) is one entry; the least recently used entry goes when
 * {@value #MAX} are held, so a program that sets ever new jmp_bufs cannot grow the host without
 * bound (wasmer keeps them all).
 */
public final class Checkpoints {
    static final int MAX = 4096;

    /** A 128-bit checkpoint id, as the two u64 of __wasi_stack_snapshot_t.hash. */
    public record Id(long b0, long b1) {}

    private final byte[] secret = new byte[16];
    private final Map<Id, UnwoundStack> saved = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Id, UnwoundStack> eldest) {
            return size() > MAX;
        }
    };

    Checkpoints() {
        new SecureRandom().nextBytes(secret);
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

    private Id hash(UnwoundStack stack) {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK always has SHA-256", e);
        }
        sha.update(secret);
        sha.update(stack.data());
        var globals = ByteBuffer.allocate(stack.globals().length * Long.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        for (long g : stack.globals()) {
            globals.putLong(g);
        }
        sha.update(globals.array());
        var d = ByteBuffer.wrap(sha.digest()).order(ByteOrder.LITTLE_ENDIAN);
        return new Id(d.getLong(), d.getLong());
    }
}
