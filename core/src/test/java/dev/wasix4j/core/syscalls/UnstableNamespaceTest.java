package dev.wasix4j.core.syscalls;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.wasix4j.core.testing.GuestRun;
import org.junit.jupiter.api.Test;

/** Programs built for wasi_unstable (preview 0) get its whence numbers and struct layouts. */
class UnstableNamespaceTest {
    @Test
    void seekFilestatAndPollUsePreviewZeroLayouts() {
        var r = GuestRun.of("wat/unstable.wasm");
        assertEquals(0, r.exitCode(), "the guest exits with the number of the step that failed");
        assertEquals("unstable ok\n", r.stdout());
    }
}
