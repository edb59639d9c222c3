package dev.wasix4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.wasix4j.core.Engine;
import dev.wasix4j.core.testing.Guests;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The early load beside picocli: taken only when `run` asks for exactly that load. */
class PrefetchTest {
    @Test
    void guessesTheProgramOfARunCommandLine() {
        assertNotNull(Prefetch.guess(new String[] {"run", "--env", "A=1", "app.wasm", "x.wasm"}));
        assertNotNull(Prefetch.guess(new String[] {"app.wasm"}));
        assertNull(Prefetch.guess(new String[] {"run", "--interpreter", "app.wasm"}), "nothing to compile");
        assertNull(Prefetch.guess(new String[] {"run", "--help"}));
        assertNull(Prefetch.guess(new String[] {"--version"}));
        assertNull(Prefetch.guess(new String[] {"serve", "--listen", "127.0.0.1:8080", "app.wasm"}),
                "serve loads its program itself: a guess would compile it twice and never be taken");
        assertNull(Prefetch.guess(new String[] {"run", "app.wat"}));
    }

    @Test
    void theLoadIsHandedOverOnlyWhenItIsTheOneRunMakes() {
        String hello = Guests.path("basic/hello.wasm").toString();
        Prefetch.start(new String[] {"run", "--no-cache", hello});
        assertNull(Prefetch.take(Path.of(hello), Engine.COMPILED, false), "another cache choice");

        Prefetch.start(new String[] {"run", hello});
        assertNull(Prefetch.take(Path.of("other.wasm"), Engine.COMPILED, false), "another file");

        Prefetch.start(new String[] {"run", hello});
        var prog = Prefetch.take(Path.of(hello), Engine.COMPILED, false);
        assertNotNull(prog);
        assertEquals(hello, prog.name());
        assertNull(Prefetch.take(Path.of(hello), Engine.COMPILED, false), "taken once");
    }

    @Test
    void aFailedPrefetchIsLeftForRunToReport(@TempDir Path dir) throws IOException {
        Path bad = dir.resolve("bad.wasm");
        Files.writeString(bad, "not wasm");
        Prefetch.start(new String[] {"run", bad.toString()});
        assertNull(Prefetch.take(bad, Engine.COMPILED, false));
        assertEquals("wasix4j: " + bad + " is not a WebAssembly module (no \\0asm header)\n",
                CompileVisibilityTest.wasix("run", bad.toString()).err());

        Prefetch.start(new String[] {"run", "/nonexistent/missing.wasm"});
        assertNull(Prefetch.take(Path.of("/nonexistent/missing.wasm"), Engine.COMPILED, false));
        var r = CompileVisibilityTest.wasix("run", "/nonexistent/missing.wasm");
        assertEquals("wasix4j: cannot read /nonexistent/missing.wasm: no such file\n", r.err());
    }

    @Test
    void aPrefetchedProgramRunsAsUsual() {
        String hello = Guests.path("basic/hello.wasm").toString();
        Prefetch.start(new String[] {"run", hello});
        var r = CompileVisibilityTest.wasix("run", hello);
        assertEquals("Hello, world from wasix4j!\n", r.out());
        assertEquals(0, r.code());
        assertSame(null, Prefetch.take(Path.of(hello), Engine.COMPILED, false), "run took it");
    }
}
