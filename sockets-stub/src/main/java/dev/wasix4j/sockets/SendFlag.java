package dev.wasix4j.sockets;

import java.util.EnumSet;

/** {@code __wasi_siflags_t} (u16): how sock_send / sock_send_to send. */
public enum SendFlag {
    /**
     * MSG_DONTWAIT: answer {@code EAGAIN} rather than block. The dispatcher also sets it when the
     * descriptor is non-blocking.
     */
    DONT_WAIT(0x1);

    private final int bit;

    SendFlag(int bit) {
        this.bit = bit;
    }

    public int bit() {
        return bit;
    }

    /** The flags set in {@code bits}; unknown bits are ignored (see {@link RecvFlag#of}). */
    public static EnumSet<SendFlag> of(int bits) {
        EnumSet<SendFlag> set = EnumSet.noneOf(SendFlag.class);
        for (SendFlag f : values()) {
            if ((bits & f.bit) != 0) {
                set.add(f);
            }
        }
        return set;
    }
}
