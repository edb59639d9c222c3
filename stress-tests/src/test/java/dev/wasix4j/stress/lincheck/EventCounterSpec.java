package dev.wasix4j.stress.lincheck;

import dev.wasix4j.abi.ErrnoException;
import dev.wasix4j.core.fd.EventCounter;
import dev.wasix4j.core.fd.Readiness;
import java.io.IOException;
import org.jetbrains.lincheck.datastructures.IntGen;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;

/**
 * The operations of the event counter checks ({@link EventCounterLincheckTest},
 * {@link EventSemaphoreLincheckTest}): non-blocking writes and reads of an fd_event counter.
 */
@Param(name = "v", gen = IntGen.class, conf = "0:2")
abstract class EventCounterSpec {
    /** Values written: small ones, and one that overflows with almost anything else. */
    static final long[] VALUES = {1, 2, -3L};

    private final EventCounter counter;

    EventCounterSpec(boolean semaphore) {
        counter = new EventCounter(0, semaphore, new Readiness());
    }

    @Operation
    public String write(@Param(name = "v") int which) throws IOException {
        long v = VALUES[which];
        byte[] b = new byte[Long.BYTES];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) (v >>> (8 * i));
        }
        try {
            counter.write(b, 0, b.length, true);
            return "ok";
        } catch (ErrnoException e) {
            return e.errno().name();
        }
    }

    @Operation
    public String read() throws IOException {
        byte[] b = new byte[Long.BYTES];
        try {
            counter.read(b, 0, b.length, true);
        } catch (ErrnoException e) {
            return e.errno().name();
        }
        long v = 0;
        for (int i = 0; i < b.length; i++) {
            v |= (b[i] & 0xffL) << (8 * i);
        }
        return Long.toUnsignedString(v);
    }

    @Operation
    public boolean readReady() {
        return counter.readReady();
    }
}
