package dev.wasix4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wasix4j.core.testing.WasmBuilder;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** What `wasix run` tells about compilation: the code cache under --debug, interpreted functions always. */
@Timeout(120)
class CompileVisibilityTest {
    @TempDir
    Path dir;

    record Result(int code, String out, String err) {}

    static Result wasix(String... args) {
        var out = new ByteArrayOutputStream();
        var err = new ByteArrayOutputStream();
        int code = WasixCli.execute(args, new ByteArrayInputStream(new byte[0]), out, err, false);
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** A module no earlier run has cached: the default cache (target/wasix4j-cache under Maven) misses it first. */
    private String freshModule(int additions) throws IOException {
        int seed = ThreadLocalRandom.current().nextInt(1 << 20);
        Path p = dir.resolve("fresh.wasm");
        Files.write(p, WasmBuilder.summingCommand(seed, additions));
        return p.toString();
    }

    @Test
    void debugSaysWhetherTheCacheHitAndHowLongCompilingTook() throws IOException {
        String module = freshModule(50);
        var first = wasix("run", "--debug", module);
        assertTrue(first.err().matches("(?s)wasix4j: compiled \\d+ KB of wasm to \\d+ KB of classes in \\d+ ms \\(\\d+ KB/s\\); "
                + "code cache miss, stored \\(.*\\.wxc\\)\n"), first.err());

        var second = wasix("run", "--debug", module);
        assertTrue(second.err().matches("(?s)wasix4j: code cache hit: loaded \\d+ KB of classes in \\d+ ms \\(.*\\.wxc\\)\n"),
                second.err());
        assertEquals(first.code(), second.code());

        var bypass = wasix("run", "--debug", "--no-cache", module);
        assertTrue(bypass.err().contains("code cache off"), bypass.err());
        assertEquals(first.code(), bypass.code());
    }

    @Test
    void withoutDebugNothingIsSaidAboutCompiling() throws IOException {
        String module = freshModule(50);
        assertEquals("", wasix("run", module).err());
        assertEquals("", wasix("run", module).err());
    }

    @Test
    void aFunctionTooLargeForAJvmMethodIsSplitSoNothingRunsInterpreted() throws IOException {
        // one function past the JVM's 64 KB method limit: unsplit, Chicory would interpret it and
        // run prints a warning (CompiledCodeCacheTest covers that path with the identity transform)
        String module = freshModule(13_000);
        var interpreted = wasix("run", "--interpreter", module);
        for (int run = 0; run < 2; run++) { // compiled, then from the cache: the same report
            var r = wasix("run", "--debug", module);
            assertTrue(r.err().contains("split func 1: "), r.err());
            assertTrue(!r.err().contains("warning"), r.err());
            assertEquals(interpreted.code(), r.code());
            assertEquals(interpreted.out(), r.out());
        }
    }
}
