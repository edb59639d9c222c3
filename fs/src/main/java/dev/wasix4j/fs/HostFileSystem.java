package dev.wasix4j.fs;

import dev.wasix4j.abi.Errno;
import dev.wasix4j.abi.ErrnoException;
import dev.wasix4j.abi.FileType;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.LongSupplier;

/**
 * A host directory exposed through java.nio.file, sandboxed.
 *
 * <h2>Why nothing escapes</h2>
 * <ul>
 *   <li>The OS never follows a symlink for us: every call passes {@link LinkOption#NOFOLLOW_LINKS} (or is a
 *       call that does not follow its last component: mkdir, rename, link, unlink, readlink, symlink), and
 *       the {@link VirtualFileSystem} resolves symlinks itself, one component at a time through
 *       {@link #lookup} and {@link #readlink}, against the guest's root view.</li>
 *   <li>Nodes only ever hold names checked by {@link GuestPaths#checkName} (no "/", ".", ".."), so the host
 *       path {@code root/rel/name} has no ".." in it.</li>
 *   <li>The OS does walk the intermediate directories of {@code root/rel}. Each operation first checks,
 *       under {@link #namespace}, that {@code root/rel} is still the directory (same dev/ino) it was when
 *       looked up; if not it re-verifies every component is a real directory. The only way a verified
 *       directory component can turn into a symlink is for a symlink entry to be created, and every
 *       operation that creates one (symlink, rename or link of a symlink) holds {@code namespace}
 *       exclusively, while everything else holds it shared for its whole check-then-use window. So no
 *       guest thread can swap a component between the check and the use.</li>
 * </ul>
 * Residual risk (documented in the README): another host process that modifies the mounted directory
 * concurrently is not excluded by that lock; java.nio has no openat/mkdirat family to close that race.
 *
 * <h2>Identity</h2>
 * Inode numbers, device ids, link counts and ctime come from the "unix" attribute view; open handles keep
 * their FileChannel, so an unlinked file stays readable and writable.
 */
public final class HostFileSystem implements FileSystemProvider {
    private static final String UNIX_ATTRIBUTES =
            "unix:mode,ino,dev,nlink,size,lastAccessTime,lastModifiedTime,ctime";
    private static final int S_IFMT = 0170000;
    private static final int S_IFSOCK = 0140000;
    private static final int S_IFLNK = 0120000;
    private static final int S_IFREG = 0100000;
    private static final int S_IFBLK = 0060000;
    private static final int S_IFDIR = 0040000;
    private static final int S_IFCHR = 0020000;
    /** Attempts to open a name that keeps changing type under us (only another process can cause it). */
    private static final int MAX_OPEN_ATTEMPTS = 16;

    private static final LinkOption[] NOFOLLOW = {LinkOption.NOFOLLOW_LINKS};

    /** Identity of a host inode. */
    record HostKey(long dev, long ino) {}

    /** What lstat says about one host path. */
    record HostAttrs(FileType type, HostKey key, long nlink, long size, long atim, long mtim, long ctim) {
        FileStat toStat() {
            return new FileStat(key.dev(), key.ino(), type, nlink, size, atim, mtim, ctim);
        }
    }

    /** A looked-up entry: its parent node, name, path relative to the root, and identity at lookup time. */
    record HostNode(HostNode parent, String name, Path rel, FileType type, HostKey key) implements FsNode {}

    private static final class InodeLock {
        final ReentrantLock lock = new ReentrantLock();
        int refs;
    }

    private final Path root;
    private final boolean readOnly;
    private final LongSupplier clock;
    private final HostNode rootNode;
    private final ReentrantReadWriteLock namespace = new ReentrantReadWriteLock();
    private final ConcurrentHashMap<HostKey, InodeLock> inodeLocks = new ConcurrentHashMap<>();

    /**
     * @param hostDir an existing host directory (symlinks in it are resolved once, here, to its real path)
     * @throws MountException when it is missing, not a directory, or the platform lacks unix attributes
     */
    public HostFileSystem(Path hostDir, boolean readOnly) {
        this(hostDir, readOnly, Clocks::realtimeNanos);
    }

    public HostFileSystem(Path hostDir, boolean readOnly, LongSupplier clock) {
        Path real;
        try {
            real = hostDir.toRealPath();
        } catch (IOException e) {
            throw new MountException("host directory " + hostDir + " does not exist or is not accessible", e);
        }
        if (!Files.isDirectory(real)) {
            throw new MountException("host path " + hostDir + " is not a directory");
        }
        this.root = real;
        this.readOnly = readOnly;
        this.clock = clock;
        HostAttrs rootAttrs;
        try {
            rootAttrs = lstat(real);
        } catch (UnsupportedOperationException e) {
            throw new MountException("this platform's file system has no unix attributes: " + hostDir, e);
        } catch (ErrnoException e) {
            throw new MountException("cannot stat host directory " + hostDir + ": " + e.getMessage(), e);
        }
        this.rootNode = new HostNode(null, "", Path.of(""), FileType.DIRECTORY, rootAttrs.key());
    }

    /** The real host path this provider exposes. */
    public Path hostRoot() {
        return root;
    }

    @Override
    public FsNode root() {
        return rootNode;
    }

    @Override
    public long deviceId() {
        return rootNode.key().dev();
    }

    @Override
    public boolean isReadOnly() {
        return readOnly;
    }

    long now() {
        return clock.getAsLong();
    }

    void checkWritable() {
        if (readOnly) {
            throw new ErrnoException(Errno.EROFS);
        }
    }

    // ---- locking and verification ------------------------------------------------------------------

    @FunctionalInterface
    interface IoAction<T> {
        T run() throws IOException;
    }

    /** Runs a check-then-use window with the namespace lock held shared (or exclusive to create symlinks). */
    <T> T locked(boolean exclusive, IoAction<T> action) {
        Lock l = exclusive ? namespace.writeLock() : namespace.readLock();
        l.lock();
        try {
            return action.run();
        } catch (IOException e) {
            throw HostErrors.map(e);
        } catch (InvalidPathException e) {
            throw HostErrors.map(e);
        } finally {
            l.unlock();
        }
    }

    private HostNode hostNode(FsNode n) {
        if (n instanceof HostNode h && isMine(h)) {
            return h;
        }
        throw new IllegalArgumentException("node of another provider: " + n);
    }

    private boolean isMine(HostNode h) {
        HostNode cur = h;
        while (cur.parent() != null) {
            cur = cur.parent();
        }
        return cur == rootNode;
    }

    private HostNode dirNode(FsNode n) {
        HostNode h = hostNode(n);
        if (h.type() != FileType.DIRECTORY) {
            throw new ErrnoException(Errno.ENOTDIR);
        }
        return h;
    }

    /**
     * The host path of a directory node, checked (caller holds {@link #namespace}) to still lead to a real
     * directory inside the root. Fast path: one lstat showing the same directory inode as at lookup.
     */
    Path checkDir(HostNode dir) throws IOException {
        Path abs = root.resolve(dir.rel());
        if (dir.parent() == null) {
            return abs;
        }
        HostAttrs a = lstatOrNull(abs);
        if (a != null && a.type() == FileType.DIRECTORY && a.key().equals(dir.key())) {
            return abs;
        }
        // Something on the way changed: accept the path only if every component is a real directory now.
        Path cur = root;
        for (Path component : dir.rel()) {
            cur = cur.resolve(component);
            HostAttrs c = lstatOrNull(cur);
            if (c == null || c.type() == FileType.SYMBOLIC_LINK) {
                // A symlink can only appear after the directory was removed: report it as gone.
                throw new ErrnoException(Errno.ENOENT);
            }
            if (c.type() != FileType.DIRECTORY) {
                throw new ErrnoException(Errno.ENOTDIR);
            }
        }
        return abs;
    }

    /** The host path of any node, its parent checked as in {@link #checkDir}. */
    Path nodePath(HostNode n) throws IOException {
        if (n.parent() == null) {
            return root;
        }
        return checkDir(n.parent()).resolve(n.name());
    }

    static HostAttrs lstat(Path p) {
        try {
            return toAttrs(Files.readAttributes(p, UNIX_ATTRIBUTES, NOFOLLOW));
        } catch (IOException e) {
            throw HostErrors.map(e);
        }
    }

    static HostAttrs lstatOrNull(Path p) {
        try {
            return toAttrs(Files.readAttributes(p, UNIX_ATTRIBUTES, NOFOLLOW));
        } catch (IOException e) {
            ErrnoException mapped = HostErrors.map(e);
            if (mapped.errno() == Errno.ENOENT) {
                return null;
            }
            throw mapped;
        }
    }

    private static HostAttrs toAttrs(Map<String, Object> m) {
        int mode = (Integer) m.get("mode");
        FileType type = switch (mode & S_IFMT) {
            case S_IFDIR -> FileType.DIRECTORY;
            case S_IFREG -> FileType.REGULAR_FILE;
            case S_IFLNK -> FileType.SYMBOLIC_LINK;
            case S_IFCHR -> FileType.CHARACTER_DEVICE;
            case S_IFBLK -> FileType.BLOCK_DEVICE;
            case S_IFSOCK -> FileType.SOCKET_STREAM;
            default -> FileType.UNKNOWN;
        };
        return new HostAttrs(
                type,
                new HostKey((Long) m.get("dev"), (Long) m.get("ino")),
                ((Integer) m.get("nlink")).longValue(),
                (Long) m.get("size"),
                nanos((FileTime) m.get("lastAccessTime")),
                nanos((FileTime) m.get("lastModifiedTime")),
                nanos((FileTime) m.get("ctime")));
    }

    private static long nanos(FileTime t) {
        return t.to(TimeUnit.NANOSECONDS);
    }

    private static FileTime fileTime(long nanos) {
        return FileTime.from(nanos, TimeUnit.NANOSECONDS);
    }

    // ---- lookups ---------------------------------------------------------------------------------

    @Override
    public FsNode lookup(FsNode dir, String name) {
        GuestPaths.checkName(name);
        HostNode d = dirNode(dir);
        return locked(false, () -> {
            HostAttrs a = lstat(checkDir(d).resolve(name));
            return child(d, name, a);
        });
    }

    private static HostNode child(HostNode d, String name, HostAttrs a) {
        return new HostNode(d, name, d.rel().resolve(name), a.type(), a.key());
    }

    @Override
    public FileStat stat(FsNode node) {
        HostNode n = hostNode(node);
        return locked(false, () -> lstat(nodePath(n)).toStat());
    }

    /** Current attributes of a node if the path still names the same inode, else null. */
    HostAttrs attrsIfSame(HostNode n) {
        try {
            return locked(false, () -> {
                HostAttrs a = lstatOrNull(nodePath(n));
                return a != null && a.key().equals(n.key()) ? a : null;
            });
        } catch (ErrnoException e) {
            return null;
        }
    }

    @Override
    public String readlink(FsNode node) {
        HostNode n = hostNode(node);
        return locked(false, () -> Files.readSymbolicLink(nodePath(n)).toString());
    }

    @Override
    public String relativePath(FsNode dir) {
        HostNode d = dirNode(dir);
        List<String> names = new ArrayList<>();
        for (Path p : d.rel()) {
            names.add(p.toString());
        }
        return String.join("/", names);
    }

    // ---- open --------------------------------------------------------------------------------------

    @Override
    public OpenResult open(FsNode dir, String name, OpenRequest req) {
        GuestPaths.checkName(name);
        HostNode d = dirNode(dir);
        for (int attempt = 0; attempt < MAX_OPEN_ATTEMPTS; attempt++) {
            OpenResult r = locked(false, () -> openOnce(d, name, req));
            if (r != null) {
                return r;
            }
        }
        throw new ErrnoException(Errno.EAGAIN, "file keeps changing while being opened");
    }

    /** One attempt; null when the name changed type between the check and the open (retry). */
    private OpenResult openOnce(HostNode d, String name, OpenRequest req) throws IOException {
        Path abs = checkDir(d).resolve(name);
        HostAttrs a = lstatOrNull(abs);
        if (a == null) {
            if (!req.create()) {
                throw new ErrnoException(Errno.ENOENT);
            }
            if (req.directory()) {
                throw new ErrnoException(Errno.EINVAL);
            }
            checkWritable();
            FileChannel ch;
            try {
                // java.nio only applies O_CREAT with write access: create read-write, the handle enforces the mode.
                ch = FileChannel.open(abs, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
                        StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
            } catch (IOException e) {
                ErrnoException mapped = HostErrors.map(e);
                if (mapped.errno() == Errno.EEXIST && !req.exclusive()) {
                    return null;
                }
                throw mapped;
            }
            OpenFile created = adopt(d, name, abs, ch, null, req);
            return created == null ? null : new OpenResult.Opened(created);
        }
        if (req.create() && req.exclusive()) {
            throw new ErrnoException(Errno.EEXIST);
        }
        return switch (a.type()) {
            case SYMBOLIC_LINK -> {
                if (!req.followSymlinks()) {
                    throw new ErrnoException(Errno.ELOOP);
                }
                yield new OpenResult.Symlink(Files.readSymbolicLink(abs).toString());
            }
            case DIRECTORY -> new OpenResult.Opened(openDirectory(child(d, name, a), a, req));
            case REGULAR_FILE -> {
                OpenFile f = openRegular(d, name, abs, a, req);
                yield f == null ? null : new OpenResult.Opened(f);
            }
            // Devices, FIFOs and sockets inside a mount are not opened: they could block or reach the host.
            default -> throw new ErrnoException(Errno.ENXIO);
        };
    }

    private OpenFile openDirectory(HostNode n, HostAttrs a, OpenRequest req) {
        if (req.write() || req.truncates() || req.create()) {
            throw new ErrnoException(Errno.EISDIR);
        }
        return new HostDirHandle(this, n, a, req.read());
    }

    private OpenFile openRegular(HostNode d, String name, Path abs, HostAttrs a, OpenRequest req) throws IOException {
        if (req.directory()) {
            throw new ErrnoException(Errno.ENOTDIR);
        }
        if (req.write() || req.truncates()) {
            checkWritable();
        }
        Set<OpenOption> options = new HashSet<>();
        options.add(LinkOption.NOFOLLOW_LINKS);
        if (req.read() || !req.write()) {
            options.add(StandardOpenOption.READ);
        }
        if (req.write()) {
            options.add(StandardOpenOption.WRITE);
        }
        if (req.truncates()) {
            options.add(StandardOpenOption.TRUNCATE_EXISTING);
        }
        FileChannel ch;
        try {
            ch = FileChannel.open(abs, options);
        } catch (IOException e) {
            ErrnoException mapped = HostErrors.map(e);
            if (mapped.errno() == Errno.ELOOP || mapped.errno() == Errno.ENOENT) {
                // Replaced by a symlink or removed since the lstat: look again.
                return null;
            }
            throw mapped;
        }
        return adopt(d, name, abs, ch, a.key(), req);
    }

    /**
     * Wraps a freshly opened channel after checking the path still names the inode we meant to open
     * (expected null: just created, take whatever is there now unless it is not a regular file).
     */
    private OpenFile adopt(HostNode d, String name, Path abs, FileChannel ch, HostKey expected, OpenRequest req)
            throws IOException {
        HostAttrs now = lstatOrNull(abs);
        if (now == null || now.type() != FileType.REGULAR_FILE || (expected != null && !expected.equals(now.key()))) {
            ch.close();
            return null;
        }
        HostNode n = child(d, name, now);
        return new HostFileHandle(this, n, ch, now, acquireInodeLock(n.key()), req.read(), req.write(), req.append());
    }

    @Override
    public OpenFile openNode(FsNode node, OpenRequest req) {
        HostNode n = hostNode(node);
        return locked(false, () -> {
            Path abs = nodePath(n);
            HostAttrs a = lstat(abs);
            return switch (a.type()) {
                case SYMBOLIC_LINK -> throw new ErrnoException(Errno.ELOOP);
                case DIRECTORY -> openDirectory(n.parent() == null ? n : child(n.parent(), n.name(), a), a, req);
                case REGULAR_FILE -> {
                    OpenFile f = openRegular(n.parent(), n.name(), abs, a, req);
                    if (f == null) {
                        throw new ErrnoException(Errno.ENOENT);
                    }
                    yield f;
                }
                default -> throw new ErrnoException(Errno.ENXIO);
            };
        });
    }

    // ---- inode locks for writes ------------------------------------------------------------------

    ReentrantLock acquireInodeLock(HostKey key) {
        return inodeLocks.compute(key, (k, v) -> {
            InodeLock l = v == null ? new InodeLock() : v;
            l.refs++;
            return l;
        }).lock;
    }

    void releaseInodeLock(HostKey key) {
        inodeLocks.computeIfPresent(key, (k, v) -> --v.refs == 0 ? null : v);
    }

    // ---- directory listing -------------------------------------------------------------------------

    /** Names in a directory, "." and ".." excluded. */
    List<String> list(HostNode dir) {
        return locked(false, () -> {
            List<String> names = new ArrayList<>();
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(checkDir(dir))) {
                for (Path p : ds) {
                    names.add(p.getFileName().toString());
                }
            }
            return names;
        });
    }

    /** lstat of {@code name} in {@code dir}, or null if it is gone. */
    HostAttrs entryAttrs(HostNode dir, String name) {
        return locked(false, () -> lstatOrNull(checkDir(dir).resolve(name)));
    }

    // ---- namespace changes -------------------------------------------------------------------------

    @Override
    public void mkdir(FsNode dir, String name) {
        GuestPaths.checkName(name);
        HostNode d = dirNode(dir);
        locked(false, () -> {
            Path abs = checkDir(d).resolve(name);
            if (lstatOrNull(abs) != null) {
                throw new ErrnoException(Errno.EEXIST);
            }
            checkWritable();
            Files.createDirectory(abs);
            return null;
        });
    }

    @Override
    public void rmdir(FsNode dir, String name) {
        GuestPaths.checkName(name);
        HostNode d = dirNode(dir);
        checkWritable();
        locked(false, () -> {
            Path abs = checkDir(d).resolve(name);
            HostAttrs a = lstat(abs);
            if (a.type() != FileType.DIRECTORY) {
                throw new ErrnoException(Errno.ENOTDIR);
            }
            // Files.delete picks rmdir or unlink from its own lstat; it is a directory, so this is rmdir.
            Files.delete(abs);
            return null;
        });
    }

    @Override
    public void unlink(FsNode dir, String name) {
        GuestPaths.checkName(name);
        HostNode d = dirNode(dir);
        checkWritable();
        locked(false, () -> {
            Path abs = checkDir(d).resolve(name);
            HostAttrs a = lstat(abs);
            if (a.type() == FileType.DIRECTORY) {
                throw new ErrnoException(Errno.EISDIR);
            }
            Files.delete(abs);
            return null;
        });
    }

    @Override
    public void rename(FsNode oldDir, String oldName, FsNode newDir, String newName) {
        GuestPaths.checkName(oldName);
        GuestPaths.checkName(newName);
        HostNode from = dirNode(oldDir);
        HostNode to = dirNode(newDir);
        checkWritable();
        // Moving a symlink into place creates a symlink entry: that needs the namespace lock exclusively.
        boolean movesSymlink = locked(false, () -> renameOnce(from, oldName, to, newName, false));
        if (movesSymlink) {
            locked(true, () -> renameOnce(from, oldName, to, newName, true));
        }
    }

    /** Returns true (without renaming) when the source is a symlink and the lock is only shared. */
    private boolean renameOnce(HostNode from, String oldName, HostNode to, String newName, boolean exclusive)
            throws IOException {
        Path src = checkDir(from).resolve(oldName);
        Path dst = checkDir(to).resolve(newName);
        HostAttrs s = lstat(src);
        if (s.type() == FileType.SYMBOLIC_LINK && !exclusive) {
            return true;
        }
        HostAttrs t = lstatOrNull(dst);
        if (t != null && t.key().equals(s.key())) {
            return false;
        }
        if (s.type() == FileType.DIRECTORY) {
            if (t != null && t.type() != FileType.DIRECTORY) {
                throw new ErrnoException(Errno.ENOTDIR);
            }
            if (to.rel().startsWith(from.rel().resolve(oldName))) {
                throw new ErrnoException(Errno.EINVAL);
            }
        } else if (t != null && t.type() == FileType.DIRECTORY) {
            throw new ErrnoException(Errno.EISDIR);
        }
        // ATOMIC_MOVE is rename(2): atomic, replaces the target, never follows symlinks.
        Files.move(src, dst, StandardCopyOption.ATOMIC_MOVE);
        return false;
    }

    @Override
    public void symlink(String target, FsNode dir, String name) {
        GuestPaths.checkName(name);
        HostNode d = dirNode(dir);
        if (target.isEmpty()) {
            throw new ErrnoException(Errno.ENOENT);
        }
        locked(true, () -> {
            Path abs = checkDir(d).resolve(name);
            if (lstatOrNull(abs) != null) {
                throw new ErrnoException(Errno.EEXIST);
            }
            checkWritable();
            Files.createSymbolicLink(abs, Path.of(target));
            return null;
        });
    }

    @Override
    public void link(FsNode targetNode, FsNode dir, String name) {
        GuestPaths.checkName(name);
        HostNode target = hostNode(targetNode);
        HostNode d = dirNode(dir);
        if (target.type() == FileType.DIRECTORY) {
            throw new ErrnoException(Errno.EPERM);
        }
        // A hard link to a symlink is a new symlink entry: exclusive, like symlink().
        locked(target.type() == FileType.SYMBOLIC_LINK, () -> {
            Path src = nodePath(target);
            HostAttrs a = lstatOrNull(src);
            if (a == null || !a.key().equals(target.key())) {
                throw new ErrnoException(Errno.ENOENT);
            }
            if (a.type() == FileType.DIRECTORY) {
                throw new ErrnoException(Errno.EPERM);
            }
            Path dst = checkDir(d).resolve(name);
            if (lstatOrNull(dst) != null) {
                throw new ErrnoException(Errno.EEXIST);
            }
            checkWritable();
            // link(2) on Linux does not follow a symlink source.
            Files.createLink(dst, src);
            return null;
        });
    }

    @Override
    public void setTimes(FsNode node, long atim, long mtim, int fstFlags) {
        HostNode n = hostNode(node);
        long[] times = FstFlags.apply(atim, mtim, fstFlags, now());
        checkWritable();
        locked(false, () -> {
            applyTimes(nodePath(n), times);
            return null;
        });
    }

    static void applyTimes(Path abs, long[] times) throws IOException {
        BasicFileAttributeView view = Files.getFileAttributeView(abs, BasicFileAttributeView.class, NOFOLLOW);
        view.setTimes(
                times[1] == FstFlags.UNCHANGED ? null : fileTime(times[1]),
                times[0] == FstFlags.UNCHANGED ? null : fileTime(times[0]),
                null);
    }

    /** setTimes for an open handle: only if its path still names the same inode (else a no-op). */
    void setTimesIfSame(HostNode n, long atim, long mtim, int fstFlags) {
        long[] times = FstFlags.apply(atim, mtim, fstFlags, now());
        checkWritable();
        locked(false, () -> {
            Path abs = nodePath(n);
            HostAttrs a = lstatOrNull(abs);
            if (a != null && a.key().equals(n.key())) {
                applyTimes(abs, times);
            }
            return null;
        });
    }
}
