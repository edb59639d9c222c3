package dev.wasix4j.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.wasix4j.core.testing.GuestRun;
import org.junit.jupiter.api.Test;

/**
 * What an embedder's stdio looks like to the guest's libc: isatty() (and so stdout's buffering)
 * follows {@link ProcessOptions.Builder#terminal}; nothing claims a terminal unless told to.
 * (The CLI tells it to for stdout and stderr, as wasmer does: RunCommandTest.)
 */
class StdioTerminalTest {
    @Test
    void streamsAreNotTerminalsUnlessTheEmbedderSaysSo() {
        var r = GuestRun.of("basic/stdio_tty.wasm");
        assertEquals("isatty 0 0 0\n", r.stdout(), r.stderr());
    }

    @Test
    void eachStreamTheEmbedderMarksReadsAsATerminal() {
        var r = GuestRun.of("basic/stdio_tty.wasm", Engine.COMPILED, b -> b.terminal(true, false, true));
        assertEquals("isatty 1 0 1\n", r.stdout(), r.stderr());
    }

    @Test
    void aFullyBufferedStdoutLosesWhatWasNotFlushedBeforeATrap() {
        // the native behaviour of a redirected stdout, and the reason the CLI reports a terminal:
        // musl writes the first output at once (it decides the buffering then), the rest waits
        var r = GuestRun.of("basic/stdio_tty.wasm", "trap");
        assertEquals("isatty 0 0 0\n", r.stdout(), "the line before the trap is lost: " + r.stderr());
    }
}
