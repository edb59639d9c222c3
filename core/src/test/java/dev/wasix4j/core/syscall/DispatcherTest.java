package dev.wasix4j.core.syscall;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wasix4j.abi.Errno;
import dev.wasix4j.abi.ErrnoException;
import dev.wasix4j.core.abi.ImportCatalog;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** How the dispatcher turns a handler's outcome into what the guest sees. */
class DispatcherTest {
    private static final long[] NO_ARGS = {0, 0};

    private static long[] call(Dispatcher d, String module, String name) {
        var spec = ImportCatalog.get().find(module.equals("wasi_unstable") ? "wasi_snapshot_preview1" : module, name);
        return d.bind(module, spec).handle().apply(null, NO_ARGS);
    }

    @Test
    void anUnexpectedProviderFailureIsEioAndLoggedOnceWithTheSyscallName() {
        var log = new ByteArrayOutputStream();
        var d = new Dispatcher();
        d.log(new PrintStream(log, true, StandardCharsets.UTF_8));
        d.implement("fd_close", "test", c -> {
            throw new IllegalStateException("provider bug");
        });
        assertArrayEquals(new long[] {Errno.EIO.code()}, call(d, "wasi_snapshot_preview1", "fd_close"));
        assertArrayEquals(new long[] {Errno.EIO.code()}, call(d, "wasix_32v1", "fd_close"));
        String logged = log.toString(StandardCharsets.UTF_8);
        assertEquals(1, logged.lines().count(), "logged once, not per call: " + logged);
        assertTrue(logged.contains("fd_close") && logged.contains("provider bug"), logged);
    }

    @Test
    void aMissingPathReportedAsNotCapableIsEnoentForWasixCallersOnly() {
        var d = new Dispatcher();
        d.implement("fd_close", "test", c -> {
            throw new ErrnoException(Errno.ENOTCAPABLE);
        });
        assertArrayEquals(new long[] {Errno.ENOTCAPABLE.code()}, call(d, "wasi_snapshot_preview1", "fd_close"));
        assertArrayEquals(new long[] {Errno.ENOENT.code()}, call(d, "wasix_32v1", "fd_close"));
    }

    @Test
    void anImportWithNoHandlerAnswersEnosys() {
        var d = new Dispatcher();
        assertArrayEquals(new long[] {Errno.ENOSYS.code()}, call(d, "wasix_32v1", "fd_close"));
    }

    @Test
    void oneHandlerServesEveryNamespaceThatHasTheName() {
        var d = new Dispatcher();
        int[] calls = {0};
        d.implement("fd_close", "test", c -> {
            calls[0]++;
            return Errno.SUCCESS;
        });
        call(d, "wasi_snapshot_preview1", "fd_close");
        call(d, "wasix_32v1", "fd_close");
        call(d, "wasi_unstable", "fd_close");
        assertEquals(3, calls[0]);
    }
}
