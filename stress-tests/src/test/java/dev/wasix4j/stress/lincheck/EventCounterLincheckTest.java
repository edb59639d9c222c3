package dev.wasix4j.stress.lincheck;

import org.junit.jupiter.api.Test;

/**
 * An event counter (fd_event, eventfd) written and read by guest threads at once: a read takes the
 * whole sum and leaves 0, a write adds (EAGAIN when the sum would pass 0xfffffffffffffffe), a read
 * of 0 is EAGAIN. Each takes effect at one instant.
 */
public class EventCounterLincheckTest extends EventCounterSpec {
    public EventCounterLincheckTest() {
        super(false);
    }

    @Test
    void stress() {
        Lincheck.stress().check(getClass());
    }

    @Test
    void modelChecking() {
        Lincheck.modelChecking().check(getClass());
    }
}
