package dev.wasix4j.sockets;

import java.util.EnumSet;

/** {@code __wasi_riflags_t} (u16): how sock_recv / sock_recv_from receive. */
public enum RecvFlag {
    /** MSG_PEEK: leave the data queued. */
    PEEK(0x1),
    /** MSG_WAITALL: block until the buffer is full (streams). */
    WAIT_ALL(0x2),
    /** MSG_TRUNC: report a datagram's real length even when the buffer was shorter. */
    DATA_TRUNCATED(0x4),
    /**
     * MSG_DONTWAIT: answer {@code EAGAIN} rather than block. The dispatcher also sets it when the
     * descriptor is non-blocking, so a provider has one place to look.
     */
    DONT_WAIT(0x8);

    private final int bit;

    RecvFlag(int bit) {
        this.bit = bit;
    }

    public int bit() {
        return bit;
    }

    /**
     * The flags set in {@code bits}. Bits WASIX does not define are ignored, as Linux ignores
     * unknown MSG_ flags: newer wasix-libc versions pass bits (MSG_OOB) older ABIs lack.
     */
    public static EnumSet<RecvFlag> of(int bits) {
        EnumSet<RecvFlag> set = EnumSet.noneOf(RecvFlag.class);
        for (RecvFlag f : values()) {
            if ((bits & f.bit) != 0) {
                set.add(f);
            }
        }
        return set;
    }
}
