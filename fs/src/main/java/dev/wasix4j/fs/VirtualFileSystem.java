package dev.wasix4j.fs;

import dev.wasix4j.abi.Errno;
import dev.wasix4j.abi.ErrnoException;
import dev.wasix4j.abi.FileType;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The guest's file tree: a mount table of {@link FileSystemProvider}s and the one place guest paths are
 * resolved. This is the facade the syscall dispatcher calls, with absolute guest paths (the dispatcher
 * joins a directory fd's path and the relative path with {@link #pathAt} or {@link GuestPaths#join}
 * and passes the raw string: "//", ".", "..", symlinks are handled here).
 *
 * <h2>Resolution</h2>
 * Component by component, keeping the chain of directories walked (so ".." is the physical parent, as
 * on Linux): empty and "." components are skipped, ".." pops one level but never above "/" and crosses
 * back out of a mount, a name that is a mount point enters that mount's root, and a symlink is expanded
 * in place (intermediate ones always, the last one per the caller's follow flag, and always when the
 * path ends in "/"); an absolute target restarts at the guest root, so a host symlink to "/etc" means
 * the guest's /etc. More than {@value GuestPaths#MAX_SYMLINK_FOLLOWS} symlinks is ELOOP; a component
 * that is not a directory is ENOTDIR; a trailing "/" requires a directory.
 *
 * <p>Thread-safe; mounts are normally all made before the guest starts.
 */
public final class VirtualFileSystem {
    private static final String ROOT = "/";
    private static final String DEFAULT_TMP = "/tmp";
    /** The other empty directories wasmer's root holds (programs create files in /bin and /etc). */
    private static final List<String> WASMER_ROOT_DIRS = List.of("/.app", "/.private", "/bin", "/dev", "/etc");
    /** Bytes copied per step when a rename moves a file between mounts. */
    private static final int COPY_CHUNK = 64 * 1024;

    private record Mount(String guestPath, FileSystemProvider fs, boolean placeholder) {}

    /** A step of a walk: the physical path, its provider and node, and the directory it was reached from. */
    private record Frame(Frame parent, String path, FileSystemProvider fs, FsNode node) {
        FileType type() {
            return node.type();
        }

        String childPath(String name) {
            return path.equals(ROOT) ? ROOT + name : path + "/" + name;
        }
    }

    /** Where a create/remove/rename points: a directory and a name in it ({@code name} null for "/"). */
    private record Target(Frame dir, String name, boolean trailingSlash) {
        boolean isDotOrRoot() {
            return name == null || name.equals(".") || name.equals("..");
        }
    }

    private static final class LinkBudget {
        private int followed;

        void follow() {
            if (++followed > GuestPaths.MAX_SYMLINK_FOLLOWS) {
                throw new ErrnoException(Errno.ELOOP);
            }
        }
    }

    private final ReentrantLock mountLock = new ReentrantLock();
    private volatile Map<String, Mount> mounts;
    private volatile Map<FileSystemProvider, String> mountPaths;

    /** A tree with {@code root} at "/" and nothing else mounted. */
    public VirtualFileSystem(FileSystemProvider root) {
        Map<String, Mount> m = new HashMap<>();
        m.put(ROOT, new Mount(ROOT, root, false));
        Map<FileSystemProvider, String> p = new IdentityHashMap<>();
        p.put(root, ROOT);
        this.mounts = m;
        this.mountPaths = p;
    }

    /** The default guest tree: an in-memory root with /home and /tmp (and wasmer's /bin, /dev, /etc, /.app, /.private). */
    public static VirtualFileSystem createDefault() {
        return create(List.of());
    }

    /**
     * The default tree plus host directories. Mounts are made shallowest first; a mount at "/" replaces
     * the in-memory root. /home and /tmp always exist (an in-memory directory is mounted if the tree
     * lacks them). A bad spec is a {@link MountException}.
     */
    public static VirtualFileSystem create(List<MountSpec> specs) {
        MemoryFileSystem memoryRoot = new MemoryFileSystem();
        VirtualFileSystem vfs = new VirtualFileSystem(memoryRoot);
        vfs.mkdir(MountSpec.HOME);
        vfs.mkdir(DEFAULT_TMP);
        for (String dir : WASMER_ROOT_DIRS) {
            vfs.mkdir(dir);
        }
        List<MountSpec> ordered = new ArrayList<>(specs);
        ordered.sort(Comparator.comparingInt(s -> GuestPaths.split(s.guestPath()).size()));
        Map<String, MountSpec> seen = new HashMap<>();
        for (MountSpec s : ordered) {
            MountSpec previous = seen.put(s.guestPath(), s);
            if (previous != null) {
                throw new MountException("two mounts on guest path " + s.guestPath() + ": "
                        + previous.hostDir() + " and " + s.hostDir());
            }
            vfs.mountInternal(s.guestPath(), new HostFileSystem(s.hostDir(), s.readOnly()), false, true);
        }
        for (String required : List.of(MountSpec.HOME, DEFAULT_TMP)) {
            if (!vfs.isDirectory(required)) {
                vfs.mount(required, new MemoryFileSystem());
            }
        }
        return vfs;
    }

    private boolean isDirectory(String path) {
        try {
            return stat(path, true).filetype() == FileType.DIRECTORY;
        } catch (ErrnoException e) {
            return false;
        }
    }

    // ---- mount table -----------------------------------------------------------------------------

    /**
     * Places {@code fs} at {@code guestPath}. At "/" it replaces the root (only once: a second explicit
     * root mount is an error). Missing mount-point directories are created when their parent is an
     * in-memory tree; under a host directory nothing is written to the host, and the mount point is
     * reachable without a directory entry (missing ancestors get an in-memory placeholder mount).
     */
    public void mount(String guestPath, FileSystemProvider fs) {
        mountInternal(guestPath, fs, false, false);
    }

    private void mountInternal(String guestPath, FileSystemProvider fs, boolean placeholder, boolean replaceRoot) {
        if (!guestPath.startsWith(ROOT)) {
            throw new MountException("mount point must be an absolute guest path: " + guestPath);
        }
        String path = GuestPaths.normalizeAbsolute(guestPath);
        mountLock.lock();
        try {
            if (mountPaths.containsKey(fs)) {
                throw new MountException("provider already mounted at " + mountPaths.get(fs));
            }
            boolean atRoot = path.equals(ROOT);
            if (atRoot && !replaceRoot) {
                throw new MountException("cannot mount over / after the tree was built");
            }
            if (!atRoot) {
                if (mounts.containsKey(path)) {
                    throw new MountException("guest path " + path + " is already a mount point");
                }
                // May itself publish placeholder mounts, so the maps are copied only afterwards.
                prepareMountPoint(path);
            }
            Map<String, Mount> m = new HashMap<>(mounts);
            Map<FileSystemProvider, String> p = new IdentityHashMap<>(mountPaths);
            if (atRoot) {
                p.remove(m.get(ROOT).fs());
            }
            m.put(path, new Mount(path, fs, placeholder));
            p.put(fs, path);
            mounts = m;
            mountPaths = p;
        } finally {
            mountLock.unlock();
        }
    }

    /** Creates the directories leading to a mount point where that writes only to memory. */
    private void prepareMountPoint(String path) {
        List<String> parts = GuestPaths.split(path);
        Frame cur = rootFrame();
        for (int i = 0; i < parts.size(); i++) {
            String name = parts.get(i);
            boolean last = i == parts.size() - 1;
            String childPath = cur.childPath(name);
            Mount existing = mounts.get(childPath);
            if (existing != null) {
                cur = new Frame(cur, childPath, existing.fs(), existing.fs().root());
                continue;
            }
            FsNode node;
            try {
                node = cur.fs().lookup(cur.node(), name);
            } catch (ErrnoException e) {
                if (e.errno() != Errno.ENOENT) {
                    throw new MountException("cannot mount at " + path + ": " + e.errno());
                }
                if (cur.fs() instanceof MemoryFileSystem && !cur.fs().isReadOnly()) {
                    cur.fs().mkdir(cur.node(), name);
                    node = cur.fs().lookup(cur.node(), name);
                } else if (last) {
                    // Reachable through the mount table without an entry; the host stays untouched.
                    return;
                } else {
                    MemoryFileSystem placeholder = new MemoryFileSystem();
                    Map<String, Mount> m = new HashMap<>(mounts);
                    m.put(childPath, new Mount(childPath, placeholder, true));
                    Map<FileSystemProvider, String> p = new IdentityHashMap<>(mountPaths);
                    p.put(placeholder, childPath);
                    mounts = m;
                    mountPaths = p;
                    cur = new Frame(cur, childPath, placeholder, placeholder.root());
                    continue;
                }
            }
            if (node.type() == FileType.SYMBOLIC_LINK) {
                throw new MountException("cannot mount at " + path + ": " + childPath + " is a symlink");
            }
            if (node.type() != FileType.DIRECTORY) {
                throw new MountException("cannot mount at " + path + ": " + childPath + " is not a directory");
            }
            cur = new Frame(cur, childPath, cur.fs(), node);
        }
    }

    /** The mounts, "/" first then by path, for preopens (internal placeholders excluded). */
    public List<MountInfo> mounts() {
        List<MountInfo> out = new ArrayList<>();
        for (Mount m : mounts.values()) {
            if (!m.placeholder()) {
                out.add(new MountInfo(m.guestPath(), m.fs().isReadOnly()));
            }
        }
        out.sort(Comparator.comparing(MountInfo::guestPath));
        return out;
    }

    /** True when a mount (not a placeholder) sits exactly at {@code guestPath}. */
    public boolean isMountPoint(String guestPath) {
        Mount m = mounts.get(GuestPaths.normalizeAbsolute(guestPath));
        return m != null && !m.placeholder();
    }

    private Frame rootFrame() {
        Mount root = mounts.get(ROOT);
        return new Frame(null, ROOT, root.fs(), root.fs().root());
    }

    // ---- resolution ------------------------------------------------------------------------------

    private static boolean endsWithSlash(String path) {
        return path.endsWith("/");
    }

    private static void requireDir(Frame f) {
        if (f.type() != FileType.DIRECTORY) {
            throw new ErrnoException(Errno.ENOTDIR);
        }
    }

    private Frame child(Frame dir, String name) {
        String childPath = dir.childPath(name);
        Mount m = mounts.get(childPath);
        if (m != null) {
            return new Frame(dir, childPath, m.fs(), m.fs().root());
        }
        return new Frame(dir, childPath, dir.fs(), dir.fs().lookup(dir.node(), name));
    }

    private Mount mountAt(Target t) {
        return t.isDotOrRoot() ? null : mounts.get(t.dir().childPath(t.name()));
    }

    /** Walks {@code path} from {@code start} (or from the root when it is absolute). */
    private Frame walk(Frame start, String path, boolean followLast, LinkBudget budget) {
        Deque<String> pending = new ArrayDeque<>(GuestPaths.split(path));
        boolean mustBeDir = endsWithSlash(path);
        Frame cur = path.startsWith(ROOT) ? rootFrame() : start;
        while (!pending.isEmpty()) {
            String c = pending.pollFirst();
            requireDir(cur);
            if (c.equals(".")) {
                continue;
            }
            if (c.equals("..")) {
                cur = cur.parent() == null ? cur : cur.parent();
                continue;
            }
            boolean last = pending.isEmpty();
            Frame next = child(cur, c);
            if (next.type() == FileType.SYMBOLIC_LINK && (!last || followLast || mustBeDir)) {
                budget.follow();
                String target = next.fs().readlink(next.node());
                if (target.isEmpty()) {
                    throw new ErrnoException(Errno.ENOENT);
                }
                List<String> parts = GuestPaths.split(target);
                for (int i = parts.size() - 1; i >= 0; i--) {
                    pending.addFirst(parts.get(i));
                }
                if (last && endsWithSlash(target)) {
                    mustBeDir = true;
                }
                if (target.startsWith(ROOT)) {
                    cur = rootFrame();
                }
                continue;
            }
            cur = next;
        }
        if (mustBeDir) {
            requireDir(cur);
        }
        return cur;
    }

    private Frame resolve(String path, boolean followLast) {
        checkPath(path);
        return walk(rootFrame(), path, followLast, new LinkBudget());
    }

    private static void checkPath(String path) {
        GuestPaths.validate(path);
        if (path.isEmpty()) {
            throw new ErrnoException(Errno.ENOENT);
        }
    }

    /** Resolves everything but the last component (symlinks in between followed). */
    private Target resolveParent(Frame start, String path, LinkBudget budget) {
        checkPath(path);
        boolean trailing = endsWithSlash(path);
        List<String> parts = GuestPaths.split(path);
        Frame base = path.startsWith(ROOT) ? rootFrame() : start;
        if (parts.isEmpty()) {
            return new Target(base, null, trailing);
        }
        String last = parts.getLast();
        Frame dir = parts.size() == 1
                ? base
                : walk(base, String.join("/", parts.subList(0, parts.size() - 1)), true, budget);
        requireDir(dir);
        return new Target(dir, last, trailing);
    }

    private Target resolveParent(String path) {
        return resolveParent(rootFrame(), path, new LinkBudget());
    }

    private boolean exists(Target t) {
        if (t.isDotOrRoot() || mountAt(t) != null) {
            return true;
        }
        try {
            t.dir().fs().lookup(t.dir().node(), t.name());
            return true;
        } catch (ErrnoException e) {
            if (e.errno() == Errno.ENOENT) {
                return false;
            }
            throw e;
        }
    }

    // ---- the facade ------------------------------------------------------------------------------

    /**
     * Opens (or creates) a file or directory. Linux rules: O_CREAT on a path ending in "/" or naming a
     * directory is EISDIR, O_CREAT|O_EXCL on any existing name (a dangling symlink too) EEXIST, O_DIRECTORY
     * on a non-directory ENOTDIR, opening a directory for writing EISDIR, a symlink as last component
     * without follow ELOOP; O_CREAT through a dangling symlink creates its target.
     */
    public OpenFile open(String path, OpenRequest req) {
        return openFrom(rootFrame(), path, req);
    }

    /**
     * Opens {@code rel} relative to an open directory, at the directory's current location (an in-memory
     * directory renamed after it was opened is followed to its new place; a host one keeps the path it
     * was opened at).
     */
    public OpenFile open(OpenFile dir, String rel, OpenRequest req) {
        return open(pathAt(dir, rel), req);
    }

    private OpenFile openFrom(Frame start, String path, OpenRequest req) {
        LinkBudget budget = new LinkBudget();
        Frame base = start;
        String p = path;
        while (true) {
            Target t = resolveParent(base, p, budget);
            if (t.trailingSlash() && req.create()) {
                throw new ErrnoException(Errno.EISDIR);
            }
            if (t.isDotOrRoot() || t.trailingSlash()) {
                Frame f = t.name() == null ? t.dir() : walk(t.dir(), t.name() + (t.trailingSlash() ? "/" : ""), true, budget);
                if (req.create() && f.type() == FileType.DIRECTORY) {
                    throw new ErrnoException(req.exclusive() ? Errno.EEXIST : Errno.EISDIR);
                }
                return f.fs().openNode(f.node(), req.withDirectory(req.directory() || t.trailingSlash()));
            }
            Mount m = mountAt(t);
            if (m != null) {
                if (req.create()) {
                    throw new ErrnoException(req.exclusive() ? Errno.EEXIST : Errno.EISDIR);
                }
                return m.fs().openNode(m.fs().root(), req);
            }
            OpenResult r = t.dir().fs().open(t.dir().node(), t.name(), req);
            switch (r) {
                case OpenResult.Opened o -> {
                    return o.file();
                }
                case OpenResult.Symlink s -> {
                    budget.follow();
                    if (s.target().isEmpty()) {
                        throw new ErrnoException(Errno.ENOENT);
                    }
                    base = t.dir();
                    p = s.target();
                }
            }
        }
    }

    /** path_filestat_get. */
    public FileStat stat(String path, boolean followSymlinks) {
        Frame f = resolve(path, followSymlinks);
        return f.fs().stat(f.node());
    }

    /** path_create_directory: missing parent ENOENT, parent a file ENOTDIR, existing name EEXIST. */
    public void mkdir(String path) {
        Target t = resolveParent(path);
        if (t.isDotOrRoot() || mountAt(t) != null) {
            throw new ErrnoException(Errno.EEXIST);
        }
        t.dir().fs().mkdir(t.dir().node(), t.name());
    }

    /** path_remove_directory: a file ENOTDIR, non-empty ENOTEMPTY, a mount point EBUSY. */
    public void rmdir(String path) {
        Target t = resolveParent(path);
        if (t.name() == null || mountAt(t) != null) {
            throw new ErrnoException(Errno.EBUSY);
        }
        if (t.name().equals(".")) {
            throw new ErrnoException(Errno.EINVAL);
        }
        if (t.name().equals("..")) {
            throw new ErrnoException(Errno.ENOTEMPTY);
        }
        t.dir().fs().rmdir(t.dir().node(), t.name());
    }

    /** path_unlink_file: a directory EISDIR; "file/" ENOTDIR. */
    public void unlink(String path) {
        Target t = resolveParent(path);
        if (t.isDotOrRoot() || mountAt(t) != null) {
            throw new ErrnoException(Errno.EISDIR);
        }
        if (t.trailingSlash()) {
            // Linux: "name/" must be a directory (ENOTDIR otherwise), and unlinking a directory is EISDIR.
            walk(t.dir(), t.name() + "/", true, new LinkBudget());
            throw new ErrnoException(Errno.EISDIR);
        }
        t.dir().fs().unlink(t.dir().node(), t.name());
    }

    /**
     * path_rename: atomic replace; across mounts a copy and delete (see {@link #moveAcrossMounts}); a mount point (or a directory holding one) EBUSY;
     * dir over non-empty dir ENOTEMPTY, file over dir EISDIR, dir over file ENOTDIR, dir into itself EINVAL.
     */
    public void rename(String oldPath, String newPath) {
        Target from = resolveParent(oldPath);
        Target to = resolveParent(newPath);
        if (from.isDotOrRoot() || to.isDotOrRoot() || mountAt(from) != null || mountAt(to) != null) {
            throw new ErrnoException(Errno.EBUSY);
        }
        if (from.dir().fs() != to.dir().fs()) {
            moveAcrossMounts(from, to);
            return;
        }
        // Mounts hang on guest paths: moving or replacing a directory with a mount below it would orphan it.
        String movedPath = from.dir().childPath(from.name());
        String replacedPath = to.dir().childPath(to.name());
        for (String mp : mounts.keySet()) {
            if (mp.startsWith(movedPath + "/") || mp.startsWith(replacedPath + "/")) {
                throw new ErrnoException(Errno.EBUSY);
            }
        }
        if (from.trailingSlash() || to.trailingSlash()) {
            FsNode src = from.dir().fs().lookup(from.dir().node(), from.name());
            if (src.type() != FileType.DIRECTORY) {
                throw new ErrnoException(Errno.ENOTDIR);
            }
        }
        from.dir().fs().rename(from.dir().node(), from.name(), to.dir().node(), to.name());
    }

    /**
     * A rename between two mounts, as wasmer does it: a regular file is copied (data, then times) and
     * the source removed; a symlink is re-created. Unlike a rename within one tree it is not atomic:
     * another thread may see both names, or the target half written, while it runs. A directory is
     * EXDEV (a program then copies it itself, as mv(1) does). The same checks as a plain rename
     * come first: a trailing slash on a file ENOTDIR, replacing a directory EISDIR.
     */
    private void moveAcrossMounts(Target from, Target to) {
        FileSystemProvider src = from.dir().fs();
        FileSystemProvider dst = to.dir().fs();
        FsNode node = src.lookup(from.dir().node(), from.name());
        if (node.type() == FileType.DIRECTORY) {
            throw new ErrnoException(Errno.EXDEV);
        }
        if (from.trailingSlash() || to.trailingSlash()) {
            throw new ErrnoException(Errno.ENOTDIR);
        }
        if (src.isReadOnly() || dst.isReadOnly()) {
            throw new ErrnoException(Errno.EROFS);
        }
        FsNode existing = null;
        try {
            existing = dst.lookup(to.dir().node(), to.name());
        } catch (ErrnoException e) {
            if (e.errno() != Errno.ENOENT) {
                throw e;
            }
        }
        if (existing != null && existing.type() == FileType.DIRECTORY) {
            throw new ErrnoException(Errno.EISDIR);
        }
        if (node.type() == FileType.SYMBOLIC_LINK) {
            String target = src.readlink(node);
            if (existing != null) {
                dst.unlink(to.dir().node(), to.name());
            }
            dst.symlink(target, to.dir().node(), to.name());
        } else if (node.type() == FileType.REGULAR_FILE) {
            // copied under a temporary name, then renamed over the target as rename(2) does: an
            // existing target (a symlink too) is replaced whole, never truncated and half-rewritten
            // if the copy fails, and its other hard links keep their data
            String temp = ".wasix4j-move-" + Long.toHexString(System.nanoTime()) + "-" + to.name();
            boolean done = false;
            try {
                copyFile(src, node, dst, to.dir().node(), temp);
                dst.rename(to.dir().node(), temp, to.dir().node(), to.name());
                done = true;
            } finally {
                if (!done) {
                    try {
                        dst.unlink(to.dir().node(), temp);
                    } catch (ErrnoException ignored) {
                        // nothing was created
                    }
                }
            }
        } else {
            // a FIFO, socket or device file has no data to carry over
            throw new ErrnoException(Errno.EXDEV);
        }
        src.unlink(from.dir().node(), from.name());
    }

    /** Copies a regular file's bytes and times from one provider to a new file {@code name} of another. */
    private static void copyFile(FileSystemProvider src, FsNode node, FileSystemProvider dst, FsNode dir, String name) {
        FileStat stat = src.stat(node);
        OpenFile in = src.openNode(node, OpenRequest.readOnly());
        try {
            OpenResult r = dst.open(dir, name, OpenRequest.readWriteCreate().withTruncate(true).withFollowSymlinks(false));
            if (!(r instanceof OpenResult.Opened opened)) {
                throw new ErrnoException(Errno.ELOOP);
            }
            OpenFile out = opened.file();
            try {
                var buf = java.nio.ByteBuffer.allocate(COPY_CHUNK);
                long offset = 0;
                int n;
                while ((n = in.pread(buf.clear(), offset)) > 0) {
                    buf.flip();
                    while (buf.hasRemaining()) {
                        offset += out.pwrite(buf, offset);
                    }
                }
                out.setTimes(stat.atim(), stat.mtim(), FstFlags.ATIM | FstFlags.MTIM);
            } finally {
                out.close();
            }
        } finally {
            in.close();
        }
    }

    /** path_symlink: creates {@code linkPath} pointing at {@code target} (stored verbatim, interpreted at use). */
    public void symlink(String target, String linkPath) {
        GuestPaths.validate(target);
        if (target.isEmpty()) {
            throw new ErrnoException(Errno.ENOENT);
        }
        Target t = resolveParent(linkPath);
        if (exists(t)) {
            throw new ErrnoException(Errno.EEXIST);
        }
        if (t.trailingSlash()) {
            throw new ErrnoException(Errno.ENOENT);
        }
        t.dir().fs().symlink(target, t.dir().node(), t.name());
    }

    /** path_readlink: not a symlink EINVAL. */
    public String readlink(String path) {
        Frame f = resolve(path, false);
        return f.fs().readlink(f.node());
    }

    /** path_link: new name for an existing non-directory; existing name EEXIST, across mounts EXDEV, a directory EPERM. */
    public void link(String oldPath, String newPath, boolean followOld) {
        Frame src = resolve(oldPath, followOld);
        Target t = resolveParent(newPath);
        if (exists(t)) {
            throw new ErrnoException(Errno.EEXIST);
        }
        if (src.fs() != t.dir().fs()) {
            throw new ErrnoException(Errno.EXDEV);
        }
        if (src.type() == FileType.DIRECTORY) {
            throw new ErrnoException(Errno.EPERM);
        }
        if (t.trailingSlash()) {
            throw new ErrnoException(Errno.ENOENT);
        }
        t.dir().fs().link(src.node(), t.dir().node(), t.name());
    }

    /** path_filestat_set_times with {@link FstFlags}. */
    public void setTimes(String path, boolean followSymlinks, long atim, long mtim, int fstFlags) {
        Frame f = resolve(path, followSymlinks);
        f.fs().setTimes(f.node(), atim, mtim, fstFlags);
    }

    /**
     * For chdir / getcwd: the canonical absolute guest path (no symlinks, ".", "..") of a directory.
     * Missing ENOENT, not a directory ENOTDIR.
     */
    public String realDirectory(String path) {
        Frame f = resolve(path, true);
        requireDir(f);
        return f.path();
    }

    /** The current absolute guest path of an open directory (ENOENT if it was removed). */
    public String guestPath(OpenFile dir) {
        String mountPath = mountPaths.get(dir.provider());
        if (mountPath == null) {
            throw new ErrnoException(Errno.ENOENT, "provider is not mounted");
        }
        String rel = dir.provider().relativePath(dir.node());
        if (rel.isEmpty()) {
            return mountPath;
        }
        return mountPath.equals(ROOT) ? ROOT + rel : mountPath + "/" + rel;
    }

    /** The path a {@code path_*} call on directory {@code dir} with relative path {@code rel} names. */
    public String pathAt(OpenFile dir, String rel) {
        if (!dir.isDirectory()) {
            throw new ErrnoException(Errno.ENOTDIR);
        }
        return GuestPaths.join(guestPath(dir), rel);
    }
}
