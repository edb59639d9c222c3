package dev.wasix4j.core.syscalls;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.wasix4j.core.testing.GuestRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Descriptor calls as a C program makes them: pipes, event counters, dup/dup2/renumber,
 * close-on-exec, poll, tty, clock_time_set, process identity. The guest checks each answer and
 * prints a FAIL line naming the check that went wrong.
 */
@Timeout(30)
class DescriptorCallsTest {
    @Test
    void descriptorCallsBehaveAsPosixProgramsExpect() {
        var r = GuestRun.of("wasix/fd_ops.wasm");
        assertEquals("""
                pipe ok
                event ok
                dup ok
                renumber ok
                tty cols=80 rows=24 stdin=0 stdout=0 echo=1
                fd ops ok
                """, r.stdout(), r.stderr());
        assertEquals(0, r.exitCode());
    }

    @Test
    void pollSeesStdinDataAndItsEndAtOnce() {
        var r = GuestRun.of("wasix/poll_stdin.wasm", dev.wasix4j.core.Engine.COMPILED,
                b -> b.stdin(new java.io.ByteArrayInputStream("hello\nworld\n".getBytes(java.nio.charset.StandardCharsets.UTF_8))));
        assertEquals("stdin eof after 12 bytes\n", r.stdout(), r.stderr());
        assertEquals(0, r.exitCode());
    }

    @Test
    void devNullZeroAndUrandomExistWhateverIsMounted() {
        var r = GuestRun.of("wasix/devices.wasm");
        assertEquals("devices ok\n", r.stdout(), r.stderr());
    }
}
