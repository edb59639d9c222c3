package dev.wasix4j.core.procs;

import dev.wasix4j.abi.Errno;
import dev.wasix4j.abi.ErrnoException;
import dev.wasix4j.abi.FileType;
import dev.wasix4j.core.Engine;
import dev.wasix4j.core.WasixException;
import dev.wasix4j.core.WasixProgram;
import dev.wasix4j.fs.FileStat;
import dev.wasix4j.fs.GuestPaths;
import dev.wasix4j.fs.OpenFile;
import dev.wasix4j.fs.OpenRequest;
import dev.wasix4j.fs.VirtualFileSystem;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Finds the program a guest names in spawn or exec, and keeps every program compiled once per
 * content: a shell starting {@code cat} a thousand times parses and compiles it once. Programs
 * come from the embedder's {@link ProgramSource} first, then from the guest's filesystem.
 */
public final class Programs {
    /** execvp's search list when PATH is unset, as musl and wasmer use. */
    public static final String DEFAULT_PATH = "/usr/local/bin:/bin:/usr/bin";
    private static final byte[] WASM_MAGIC = {0x00, 0x61, 0x73, 0x6d};
    private static final int READ_CHUNK = 1 << 16;

    private final Engine engine;
    private final ProgramSource source;
    private final Map<String, WasixProgram> byHash = new ConcurrentHashMap<>();
    /** A file seen before, unchanged (same inode, size and mtime): its program without reading or hashing it again. */
    private final Map<FileKey, WasixProgram> byFile = new ConcurrentHashMap<>();
    /** Bytes the embedder handed over before (the same array): their program. */
    private final Map<byte[], WasixProgram> byArray = java.util.Collections.synchronizedMap(new java.util.IdentityHashMap<>());

    private record FileKey(String path, long dev, long ino, long size, long mtim) {}

    public Programs(Engine engine, ProgramSource source) {
        this.engine = engine;
        this.source = source;
    }

    /** Makes {@code program} (the top-level one) reusable by content, so spawning itself compiles nothing. */
    public void remember(WasixProgram program) {
        byHash.putIfAbsent(program.contentHash(), program);
    }

    /** Programs compiled so far (one per distinct content). */
    public int cached() {
        return byHash.size();
    }

    /**
     * The absolute guest path {@code name} stands for: with {@code search} and no "/" in the name,
     * the first entry of {@code pathList} (colon-separated; null means {@link #DEFAULT_PATH}) that
     * holds a regular file of that name; otherwise the name against {@code cwd}.
     *
     * @throws ErrnoException ENOENT when the search finds nothing
     */
    public String locate(VirtualFileSystem vfs, String cwd, String name, boolean search, String pathList) {
        if (name.isEmpty()) {
            throw new ErrnoException(Errno.ENOENT);
        }
        if (!search || name.contains("/")) {
            return GuestPaths.normalizeAbsolute(name.startsWith("/") ? name : GuestPaths.join(cwd, name));
        }
        for (String dir : (pathList == null ? DEFAULT_PATH : pathList).split(":")) {
            // an empty entry is the working directory, as POSIX keeps it
            String base = dir.isEmpty() ? cwd : dir.startsWith("/") ? dir : GuestPaths.join(cwd, dir);
            String candidate = GuestPaths.normalizeAbsolute(GuestPaths.join(base, name));
            if (source.find(candidate).isPresent() || isFile(vfs, candidate)) {
                return candidate;
            }
        }
        throw new ErrnoException(Errno.ENOENT);
    }

    /**
     * The program at {@code path}, compiled once per content.
     *
     * @throws ErrnoException ENOENT (missing), EACCES (a directory), ENOEXEC (not a WebAssembly
     *     command module, or one that does not load)
     */
    public WasixProgram load(VirtualFileSystem vfs, String path) {
        Optional<byte[]> supplied = source.find(path);
        if (supplied.isPresent()) {
            byte[] bytes = supplied.get();
            WasixProgram known = byArray.get(bytes);
            if (known == null) {
                known = byContent(path, bytes);
                byArray.put(bytes, known);
            }
            return known;
        }
        FileStat st = vfs.stat(path, true);
        if (st.filetype() == FileType.DIRECTORY) {
            throw new ErrnoException(Errno.EACCES);
        }
        var key = new FileKey(path, st.dev(), st.ino(), st.size(), st.mtim());
        WasixProgram known = byFile.get(key);
        if (known == null) {
            known = byContent(path, read(vfs, path, st));
            byFile.put(key, known);
        }
        return known;
    }

    private WasixProgram byContent(String path, byte[] bytes) {
        if (bytes.length < WASM_MAGIC.length || !startsWithMagic(bytes)) {
            throw new ErrnoException(Errno.ENOEXEC, path + " is not a WebAssembly module");
        }
        String hash = WasixProgram.fromBytesHash(bytes);
        WasixProgram known = byHash.get(hash);
        if (known != null) {
            return known;
        }
        WasixProgram program;
        try {
            program = WasixProgram.fromBytes(path, bytes, engine);
            program.machineFactory();
        } catch (WasixException e) {
            throw new ErrnoException(Errno.ENOEXEC, e.getMessage());
        }
        if (!program.surface().exportsFunction("_start")) {
            // a reactor or library module cannot be run as a process
            throw new ErrnoException(Errno.ENOEXEC, path + " has no _start: it is not a command module");
        }
        WasixProgram raced = byHash.putIfAbsent(hash, program);
        return raced != null ? raced : program;
    }

    private static boolean isFile(VirtualFileSystem vfs, String path) {
        try {
            FileStat st = vfs.stat(path, true);
            return st.filetype() != FileType.DIRECTORY;
        } catch (ErrnoException e) {
            return false;
        }
    }

    private static byte[] read(VirtualFileSystem vfs, String path, FileStat st) {
        try (OpenFile f = vfs.open(path, OpenRequest.readOnly())) {
            var out = new ByteArrayOutputStream((int) Math.min(Math.max(st.size(), 0), Integer.MAX_VALUE - 8));
            ByteBuffer buf = ByteBuffer.allocate(READ_CHUNK);
            while (true) {
                buf.clear();
                int n = f.read(buf);
                if (n <= 0) {
                    break;
                }
                out.write(buf.array(), 0, n);
            }
            return out.toByteArray();
        } catch (ErrnoException e) {
            throw e;
        } catch (Exception e) {
            throw new ErrnoException(Errno.EIO, "reading " + path + ": " + e);
        }
    }

    private static boolean startsWithMagic(byte[] bytes) {
        for (int i = 0; i < WASM_MAGIC.length; i++) {
            if (bytes[i] != WASM_MAGIC[i]) {
                return false;
            }
        }
        return true;
    }

    /** Splits a newline-joined list as wasix-libc passes argv and environ: \n or \r ends an item, empty items dropped. */
    public static List<String> splitList(String joined) {
        var out = new ArrayList<String>();
        for (String s : joined.split("[\n\r]")) {
            if (!s.isEmpty()) {
                out.add(s);
            }
        }
        return out;
    }
}
