package dev.wasix4j.fs;

import java.time.Instant;

/** Wall-clock time in the unit the ABI uses for file times. */
final class Clocks {
    static final long NANOS_PER_SECOND = 1_000_000_000L;

    private Clocks() {}

    /** Nanoseconds since the Unix epoch, as precise as the platform clock allows. */
    static long realtimeNanos() {
        Instant now = Instant.now();
        return now.getEpochSecond() * NANOS_PER_SECOND + now.getNano();
    }
}
