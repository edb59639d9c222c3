package dev.wasix4j.stress.lincheck;

import dev.wasix4j.abi.ErrnoException;
import dev.wasix4j.core.fd.FdResource;
import dev.wasix4j.core.fd.Pipe;
import dev.wasix4j.core.fd.Readiness;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import org.jetbrains.lincheck.datastructures.IntGen;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;
import org.jetbrains.lincheck.datastructures.ThreadIdGen;
import org.junit.jupiter.api.Test;

/**
 * A pipe shared by guest threads (several writers, several readers, either end closed at any time)
 * is a FIFO whose every non-blocking read, write and close takes effect at one instant: bytes come
 * out in the order they went in, none twice, none lost; a small write is never split; an empty
 * pipe is EAGAIN while a writer remains and end-of-file after; writing with no reader is EPIPE.
 */
@Param(name = "n", gen = IntGen.class, conf = "1:3")
public class PipeLincheckTest {
    private final Pipe pipe = new Pipe(new Readiness());
    private final FdResource in = pipe.readEnd();
    private final FdResource out = pipe.writeEnd();

    /** Writes {@code n} bytes that name the writing thread and their place: 0x10*(thread+1) + i. */
    @Operation
    public String write(@Param(gen = ThreadIdGen.class) int thread, @Param(name = "n") int n) throws IOException {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (0x10 * (thread + 1) + i);
        }
        try {
            return "wrote " + out.write(b, 0, n, true);
        } catch (ErrnoException e) {
            return e.errno().name();
        }
    }

    @Operation
    public String read(@Param(name = "n") int n) throws IOException {
        byte[] b = new byte[n];
        try {
            int got = in.read(b, 0, n, true);
            return got == 0 ? "EOF" : Arrays.toString(Arrays.copyOf(b, got));
        } catch (ErrnoException e) {
            return e.errno().name();
        }
    }

    @Operation(runOnce = true)
    public void closeWriteEnd() throws IOException {
        out.close();
    }

    @Operation(runOnce = true)
    public void closeReadEnd() throws IOException {
        in.close();
    }

    @Operation
    public boolean readReady() throws IOException {
        return in.readReady();
    }

    @Test
    void stress() {
        Lincheck.stress().check(getClass());
    }

    @Test
    void modelChecking() {
        var t = getClass();
        Lincheck.modelChecking()
                // two writers at once, then one read of everything: no byte lost, each write whole
                .addCustomScenario(Lincheck.scenario(List.of(), List.of(Lincheck.call(t, "write", 0, 3)),
                        List.of(Lincheck.call(t, "write", 1, 3)), List.of(Lincheck.call(t, "read", 3), Lincheck.call(t, "read", 3))))
                // a read racing the last writer's close: data or EOF, never EAGAIN after the close
                .addCustomScenario(Lincheck.scenario(List.of(Lincheck.call(t, "write", 0, 1)),
                        List.of(Lincheck.call(t, "read", 2), Lincheck.call(t, "read", 2)), List.of(Lincheck.call(t, "closeWriteEnd")),
                        List.of()))
                .check(t);
    }
}
