package dev.wasix4j.fs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.wasix4j.abi.Errno;
import dev.wasix4j.abi.ErrnoException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.function.IntConsumer;
import org.junit.jupiter.api.function.Executable;

/** Helpers shared by the fs tests. */
final class FsTestSupport {
    static final OpenRequest CREATE_RW = OpenRequest.readWriteCreate();
    static final OpenRequest READ = OpenRequest.readOnly();
    static final OpenRequest WRITE_TRUNC =
            new OpenRequest(false, true, true, false, true, false, false, true);

    private FsTestSupport() {}

    static void assertErrno(Errno expected, Executable action) {
        ErrnoException e = assertThrows(ErrnoException.class, action);
        assertEquals(expected, e.errno(), () -> "errno (" + e.getMessage() + ")");
    }

    static ByteBuffer bytes(String s) {
        return ByteBuffer.wrap(s.getBytes(StandardCharsets.UTF_8));
    }

    static void writeFile(VirtualFileSystem vfs, String path, String content) {
        try (OpenFile f = vfs.open(path, WRITE_TRUNC)) {
            f.write(bytes(content));
        }
    }

    static String readAll(OpenFile f) {
        ByteBuffer buf = ByteBuffer.allocate((int) f.stat().size() + 16);
        while (f.read(buf) > 0 && buf.hasRemaining()) {
            // keep reading until end of file
        }
        buf.flip();
        return StandardCharsets.UTF_8.decode(buf).toString();
    }

    static String readFile(VirtualFileSystem vfs, String path) {
        try (OpenFile f = vfs.open(path, READ)) {
            return readAll(f);
        }
    }

    /** All entries of a directory, read in batches of {@code batch}. */
    static List<DirEntry> listAll(OpenFile dir, int batch) {
        List<DirEntry> out = new ArrayList<>();
        long cookie = 0;
        while (true) {
            List<DirEntry> chunk = dir.readdir(cookie, batch);
            if (chunk.isEmpty()) {
                return out;
            }
            out.addAll(chunk);
            cookie = chunk.getLast().nextCookie();
        }
    }

    static List<String> names(VirtualFileSystem vfs, String dirPath) {
        try (OpenFile d = vfs.open(dirPath, OpenRequest.directoryRead())) {
            List<String> names = new ArrayList<>();
            for (DirEntry e : listAll(d, 3)) {
                names.add(e.name());
            }
            Collections.sort(names);
            return names;
        }
    }

    /** Runs {@code body(i)} on {@code threads} platform threads released together; rethrows the first failure. */
    static void runConcurrently(int threads, IntConsumer body) throws InterruptedException {
        CountDownLatch start = new CountDownLatch(1);
        List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());
        List<Thread> all = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            int id = i;
            Thread t = new Thread(() -> {
                try {
                    start.await();
                    body.accept(id);
                } catch (Throwable e) {
                    failures.add(e);
                }
            });
            t.start();
            all.add(t);
        }
        start.countDown();
        for (Thread t : all) {
            t.join();
        }
        if (!failures.isEmpty()) {
            AssertionError err = new AssertionError("concurrent body failed", failures.getFirst());
            failures.stream().skip(1).forEach(err::addSuppressed);
            throw err;
        }
    }
}
