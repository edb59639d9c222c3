package dev.wasix4j.core.syscalls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wasix4j.core.Engine;
import dev.wasix4j.core.testing.GuestRun;
import dev.wasix4j.fs.MountSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A C program's file operations (guests/fs/fs_ops.c) on both providers: the in-memory tree and a
 * host directory mounted into the guest. The guest checks every answer itself and prints a FAIL
 * line naming the expectation that broke.
 */
@Timeout(60)
class FileSystemGuestTest {

    @Test
    void inMemoryTmp() {
        var r = GuestRun.of("fs/fs_ops.wasm", "/tmp");
        assertEquals("fs ok\n", r.stdout(), r.stderr());
        assertEquals(0, r.exitCode());
    }

    @Test
    void inMemoryHomeTheDefaultCwd() {
        var r = GuestRun.of("fs/fs_ops.wasm", "/home");
        assertEquals("fs ok\n", r.stdout(), r.stderr());
    }

    @Test
    void hostDirectoryMountedAtItsOwnPath(@TempDir Path host) throws Exception {
        var r = GuestRun.of("fs/fs_ops.wasm", Engine.COMPILED,
                b -> b.mount(MountSpec.parseVolume(host + ":/work")), "/work");
        assertEquals("fs ok\n", r.stdout(), r.stderr());
        assertEquals("via link\n", Files.readString(host.resolve("a.txt")), "the guest's writes reach the host");
        assertTrue(Files.isSymbolicLink(host.resolve("link")), "a guest symlink is a host symlink");
        assertEquals("rel", Files.readString(host.resolve("d1/rel.txt")));
    }

    @Test
    void hostDirectoryMountedOverHome(@TempDir Path host) {
        var r = GuestRun.of("fs/fs_ops.wasm", Engine.COMPILED,
                b -> b.mount(MountSpec.parseVolume(host + ":/home")), "/home");
        assertEquals("fs ok\n", r.stdout(), r.stderr());
        assertTrue(Files.isDirectory(host.resolve("d1")));
    }

    @Test
    void impossiblePathsAreErrnosNotCrashes() {
        var r = GuestRun.of("wat/bad_paths.wasm");
        assertEquals(0, r.exitCode(), "NUL is EINVAL, bad UTF-8 EILSEQ, >= PATH_MAX ENAMETOOLONG, a bad pointer EFAULT;"
                + " the exit code names the step that failed");
        assertEquals("", r.stderr());
    }
}
