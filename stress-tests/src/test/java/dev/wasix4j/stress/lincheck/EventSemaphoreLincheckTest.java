package dev.wasix4j.stress.lincheck;

import org.junit.jupiter.api.Test;

/** The event counter in semaphore mode (EFD_SEMAPHORE): each read takes 1 and leaves the rest. */
public class EventSemaphoreLincheckTest extends EventCounterSpec {
    public EventSemaphoreLincheckTest() {
        super(true);
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
