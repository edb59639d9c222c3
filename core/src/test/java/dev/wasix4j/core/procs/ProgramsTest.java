package dev.wasix4j.core.procs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.wasix4j.abi.Errno;
import dev.wasix4j.abi.ErrnoException;
import dev.wasix4j.core.Engine;
import dev.wasix4j.core.testing.Guests;
import dev.wasix4j.fs.OpenRequest;
import dev.wasix4j.fs.VirtualFileSystem;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** How spawn and exec find programs: PATH search, errors, and one compilation per content. */
class ProgramsTest {
    private final VirtualFileSystem vfs = VirtualFileSystem.createDefault();

    private void put(String path, byte[] bytes) {
        try (var f = vfs.open(path, OpenRequest.readWriteCreate())) {
            f.write(ByteBuffer.wrap(bytes));
        }
    }

    private static Errno errno(Runnable r) {
        return assertThrows(ErrnoException.class, r::run).errno();
    }

    @Test
    void theSameContentUnderTwoNamesIsCompiledOnce() throws Exception {
        byte[] wasm = Files.readAllBytes(Guests.path("basic/hello.wasm"));
        put("/bin/hello", wasm);
        put("/tmp/hello-copy", wasm);
        var programs = new Programs(Engine.INTERPRETED, ProgramSource.none());
        var first = programs.load(vfs, "/bin/hello");
        assertSame(first, programs.load(vfs, "/tmp/hello-copy"));
        assertEquals(1, programs.cached());
    }

    @Test
    void pathSearchTakesTheFirstDirectoryHoldingTheNameAndOnlyForBareNames() {
        put("/tmp/tool", new byte[] {0, 'a', 's', 'm'});
        put("/bin/tool", new byte[] {0, 'a', 's', 'm'});
        var programs = new Programs(Engine.INTERPRETED, ProgramSource.none());
        assertEquals("/tmp/tool", programs.locate(vfs, "/home", "tool", true, "/nowhere:/tmp:/bin"));
        assertEquals("/bin/tool", programs.locate(vfs, "/home", "tool", true, null));
        assertEquals("/home/tool", programs.locate(vfs, "/home", "tool", false, "/bin"));
        assertEquals("/bin/tool", programs.locate(vfs, "/home", "../bin/tool", true, "/tmp"));
        assertEquals(Errno.ENOENT, errno(() -> programs.locate(vfs, "/home", "nope", true, "/bin:/tmp")));
    }

    @Test
    void aScriptIsEnoexecAMissingFileEnoentADirectoryEacces() {
        put("/bin/script", "#!/bin/sh\n".getBytes(StandardCharsets.UTF_8));
        put("/bin/broken", new byte[] {0, 'a', 's', 'm', 1, 0, 0, 0, 42});
        var programs = new Programs(Engine.INTERPRETED, ProgramSource.none());
        assertEquals(Errno.ENOEXEC, errno(() -> programs.load(vfs, "/bin/script")));
        assertEquals(Errno.ENOEXEC, errno(() -> programs.load(vfs, "/bin/broken")));
        assertEquals(Errno.ENOENT, errno(() -> programs.load(vfs, "/bin/none")));
        assertEquals(Errno.EACCES, errno(() -> programs.load(vfs, "/tmp")));
    }

    @Test
    void theEmbeddersProgramsComeFirstAndArePathSearchable() throws Exception {
        byte[] wasm = Files.readAllBytes(Guests.path("basic/hello.wasm"));
        var programs = new Programs(Engine.INTERPRETED, p -> p.equals("/usr/bin/hello") ? Optional.of(wasm) : Optional.empty());
        assertEquals("/usr/bin/hello", programs.locate(vfs, "/home", "hello", true, "/bin:/usr/bin"));
        programs.load(vfs, "/usr/bin/hello");
        assertEquals(1, programs.cached());
    }

    @Test
    void aFileReplacedByOtherContentIsLoadedAfresh() throws Exception {
        var programs = new Programs(Engine.INTERPRETED, ProgramSource.none());
        put("/bin/prog", Files.readAllBytes(Guests.path("basic/hello.wasm")));
        var first = programs.load(vfs, "/bin/prog");
        assertSame(first, programs.load(vfs, "/bin/prog"));
        vfs.unlink("/bin/prog");
        put("/bin/prog", Files.readAllBytes(Guests.path("procs/procs.wasm")));
        org.junit.jupiter.api.Assertions.assertNotSame(first, programs.load(vfs, "/bin/prog"));
        assertEquals(2, programs.cached());
    }
}
