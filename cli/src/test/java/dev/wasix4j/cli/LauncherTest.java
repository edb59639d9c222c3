package dev.wasix4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wasix4j.core.testing.Guests;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ./wasix and ./build scripts work from any directory and through symlinks (for example a link
 * in ~/.local/bin): they find scripts/ beside the real file, not beside the link.
 */
@Timeout(120)
class LauncherTest {
    static final Path REPO = Guests.path("basic/hello.wasm").getParent().getParent().getParent();

    record Run(int code, String out) {}

    static Run bash(Path cwd, String... cmd) throws Exception {
        var p = new ProcessBuilder(cmd).directory(cwd.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(100, TimeUnit.SECONDS));
        return new Run(p.exitValue(), out);
    }

    @Test
    void theLauncherWorksThroughAChainOfRelativeSymlinksFromAnotherDirectory(@TempDir Path tmp) throws Exception {
        Path bin = Files.createDirectories(tmp.resolve("home/.local/bin"));
        Path other = Files.createDirectories(tmp.resolve("elsewhere"));
        // bin/wasix -> ../../../elsewhere/wasix-link -> (absolute) REPO/wasix
        Files.createSymbolicLink(other.resolve("wasix-link"), REPO.resolve("wasix"));
        Files.createSymbolicLink(bin.resolve("wasix"), Path.of("../../../elsewhere/wasix-link"));
        // `wasix test --help` reaches scripts/conformance.sh without starting a JVM
        var r = bash(tmp, "bash", bin.resolve("wasix").toString(), "test", "--help");
        assertEquals(0, r.code(), r.out());
        assertTrue(r.out().contains("pass/fail table"), r.out());
    }

    @Test
    void aTestDirectoryWithoutRunShIsRefusedRatherThanCountedAsNothing(@TempDir Path tmp) throws Exception {
        Path t = Files.createDirectories(tmp.resolve("signal"));
        Files.copy(REPO.resolve("guests/basic/hello.wasm"), t.resolve("main.wasm"));
        // the check comes before the launcher builds or starts anything
        var r = bash(tmp, "bash", REPO.resolve("scripts/conformance.sh").toString(), t.toString());
        assertEquals(2, r.code(), r.out());
        assertTrue(r.out().contains("has no run.sh"), r.out());
    }

    @Test
    void theBuildScriptFindsItsJdkThroughASymlink(@TempDir Path tmp) throws Exception {
        Files.createSymbolicLink(tmp.resolve("build"), REPO.resolve("build"));
        var r = bash(tmp, "bash", tmp.resolve("build").toString(), "-v");
        assertEquals(0, r.code(), r.out());
        assertTrue(r.out().contains("Apache Maven"), r.out());
        assertTrue(List.of(r.out().split("\n")).stream().anyMatch(l -> l.startsWith("Java version: 25")), r.out());
    }
}
