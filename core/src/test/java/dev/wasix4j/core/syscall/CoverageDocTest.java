package dev.wasix4j.core.syscall;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.wasix4j.abi.Errno;
import dev.wasix4j.core.abi.ImportCatalog;
import dev.wasix4j.core.abi.ImportSpec;
import dev.wasix4j.core.abi.Wasi;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * docs/syscalls.md is what the code says, byte for byte: registering, stubbing or re-noting a
 * syscall without regenerating the file fails here, with the command that regenerates it.
 */
class CoverageDocTest {
    private static final String HOW_TO_FIX =
            "regenerate it from the repository root with: " + CoverageReport.REGENERATE;

    @Test
    void docMatchesTheCode() throws IOException {
        Path doc = repositoryRoot().resolve(CoverageReport.DOC);
        assertTrue(Files.isRegularFile(doc), CoverageReport.DOC + " is missing; " + HOW_TO_FIX);
        byte[] expected = CoverageReport.render().getBytes(StandardCharsets.UTF_8);
        byte[] actual = Files.readAllBytes(doc);
        if (!java.util.Arrays.equals(expected, actual)) {
            fail(CoverageReport.DOC + " is stale (" + firstDifference(new String(expected, StandardCharsets.UTF_8),
                    new String(actual, StandardCharsets.UTF_8)) + "); " + HOW_TO_FIX);
        }
    }

    /** The check has teeth: each kind of registration change shows in the rendered file. */
    @Test
    void renderingFollowsEveryRegistrationChange() {
        var catalog = ImportCatalog.get();
        String baseline = CoverageReport.render(CoverageReport.processDispatcher(), catalog);
        assertEquals(baseline, CoverageReport.render(CoverageReport.processDispatcher(), catalog), "deterministic");

        var renoted = CoverageReport.processDispatcher();
        renoted.implement("args_get", "a different note", call -> Errno.SUCCESS);
        assertNotEquals(baseline, CoverageReport.render(renoted, catalog), "re-noting shows");

        var stubbed = CoverageReport.processDispatcher();
        stubbed.stub("args_get", Errno.EPERM, "refused");
        assertNotEquals(baseline, CoverageReport.render(stubbed, catalog), "stubbing shows");

        var registered = CoverageReport.processDispatcher();
        String missing = firstNotProvided(registered);
        registered.implement(missing, "newly served", call -> Errno.SUCCESS);
        assertNotEquals(baseline, CoverageReport.render(registered, catalog), "registering " + missing + " shows");
    }

    @Test
    void everyCatalogImportHasARow() {
        String doc = CoverageReport.render();
        for (ImportSpec spec : ImportCatalog.get().all()) {
            assertTrue(doc.contains("| `" + spec.name() + "` | "), spec.qualifiedName() + " has a row");
        }
        // preview1 added sock_accept; wasi_unstable's table must not list it
        String unstable = doc.substring(doc.indexOf("## `" + Wasi.UNSTABLE + "`"), doc.indexOf("## `" + Wasi.WASIX + "`"));
        assertFalse(unstable.contains("| `sock_accept` |"), "wasi_unstable has no sock_accept");
    }

    /** An import the code does not serve yet, so registering it changes the report. */
    private static String firstNotProvided(Dispatcher d) {
        Coverage none = new Dispatcher().lookup(Wasi.WASIX, "").coverage();
        for (ImportSpec spec : ImportCatalog.get().module(Wasi.WASIX)) {
            if (d.lookup(Wasi.WASIX, spec.name()).coverage().equals(none)) {
                return spec.name();
            }
        }
        // everything is served: re-registering any name with a new note is still a change
        return "fd_write";
    }

    private static String firstDifference(String expected, String actual) {
        String[] e = expected.split("\n", -1);
        String[] a = actual.split("\n", -1);
        for (int i = 0; i < Math.max(e.length, a.length); i++) {
            String el = i < e.length ? e[i] : "<end of file>";
            String al = i < a.length ? a[i] : "<end of file>";
            if (!el.equals(al)) {
                return "first difference at line " + (i + 1) + ": the code says\n  " + el + "\nbut the file has\n  " + al + "\n";
            }
        }
        return "line endings or trailing bytes differ";
    }

    private static Path repositoryRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null) {
            if (Files.isDirectory(dir.resolve("docs")) && Files.isDirectory(dir.resolve("core"))) {
                return dir;
            }
            dir = dir.getParent();
        }
        throw new IllegalStateException("cannot find the repository root (a folder with docs/ and core/)");
    }
}
