package dev.wasix4j.stress.fuzz;

import java.time.Duration;

/**
 * How long the fuzz tests run. In CI (the default) each test stops at its time budget; the opt-in
 * profile ({@code ./build -pl stress-tests -am test -Pfuzz}) asks for a number of inputs instead and
 * runs until it has tried them all: {@code -Dwasix4j.fuzz.inputs=N} modules and
 * {@code -Dwasix4j.fuzz.calls=N} syscalls. {@code -Dwasix4j.fuzz.seed=S} replays a run (input i is
 * made from {@code seed * 1_000_003 + i}).
 */
final class Fuzz {
    private Fuzz() {}

    static long seed() {
        return Long.getLong("wasix4j.fuzz.seed", 16L);
    }

    /** Stop once {@code budget} has passed, unless a number was asked for with {@code -D<property>=N}. */
    static boolean more(String property, long done, long startNanos, Duration budget) {
        long wanted = Long.getLong(property, 0L);
        if (wanted > 0) {
            return done < wanted;
        }
        return System.nanoTime() - startNanos < budget.toNanos();
    }
}
