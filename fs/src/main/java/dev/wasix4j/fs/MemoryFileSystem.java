package dev.wasix4j.fs;

import dev.wasix4j.abi.Errno;
import dev.wasix4j.abi.ErrnoException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;

/**
 * An in-memory tree with real inodes: directories, sparse regular files, symlinks, hard links,
 * nanosecond timestamps, distinct inode numbers and its own device id.
 *
 * <p>Locking (see README): each directory's entry table is guarded by its own write lock; lookups are
 * lock-free reads. Operations touching two directories lock them in inode-number order. A rename that
 * moves a directory to another parent first takes {@link #renameLock} (one per tree, like Linux's
 * s_vfs_rename_mutex) so the "not into its own subtree" check sees a stable ancestry. A directory that
 * must be checked empty (rmdir, rename over it) is a child of a locked directory: it is only
 * try-locked, and on failure everything is released and the operation retried, which cannot deadlock.
 * File inode locks come after directory locks.
 */
public final class MemoryFileSystem implements FileSystemProvider {
    /**
     * Device ids of memory trees count up from here: far above any real st_dev (major/minor packed in
     * 32 bits), so they never collide with a host directory's device.
     */
    static final long FIRST_MEMORY_DEVICE = 0x7761_7369_0000_0001L;
    /** Inode number of the root; later inodes count up. */
    static final long ROOT_INO = 1;

    private static final AtomicLong NEXT_DEVICE = new AtomicLong(FIRST_MEMORY_DEVICE);

    private final long dev;
    private final boolean readOnly;
    private final LongSupplier clock;
    private final AtomicLong nextIno = new AtomicLong(ROOT_INO);
    private final ReentrantLock renameLock = new ReentrantLock();
    private final MemDir root;

    public MemoryFileSystem() {
        this(false);
    }

    public MemoryFileSystem(boolean readOnly) {
        this(readOnly, Clocks::realtimeNanos);
    }

    /** @param clock nanoseconds since the epoch, for timestamps */
    public MemoryFileSystem(boolean readOnly, LongSupplier clock) {
        this.dev = NEXT_DEVICE.getAndIncrement();
        this.readOnly = readOnly;
        this.clock = clock;
        this.root = new MemDir(this, nextIno.getAndIncrement(), clock.getAsLong(), null, "");
    }

    long now() {
        return clock.getAsLong();
    }

    void checkWritable() {
        if (readOnly) {
            throw new ErrnoException(Errno.EROFS);
        }
    }

    private long newIno() {
        return nextIno.getAndIncrement();
    }

    @Override
    public FsNode root() {
        return root;
    }

    @Override
    public long deviceId() {
        return dev;
    }

    @Override
    public boolean isReadOnly() {
        return readOnly;
    }

    private MemNode node(FsNode n) {
        if (n instanceof MemNode m && m.fs == this) {
            return m;
        }
        throw new IllegalArgumentException("node of another provider: " + n);
    }

    private MemDir dir(FsNode n) {
        if (node(n) instanceof MemDir d) {
            return d;
        }
        throw new ErrnoException(Errno.ENOTDIR);
    }

    @Override
    public FsNode lookup(FsNode dirNode, String name) {
        GuestPaths.checkName(name);
        MemDir.Entry e = dir(dirNode).byName.get(name);
        if (e == null) {
            throw new ErrnoException(Errno.ENOENT);
        }
        return e.node();
    }

    @Override
    public FileStat stat(FsNode n) {
        return node(n).stat();
    }

    @Override
    public String readlink(FsNode n) {
        if (node(n) instanceof MemSymlink s) {
            return s.target;
        }
        throw new ErrnoException(Errno.EINVAL);
    }

    @Override
    public OpenResult open(FsNode dirNode, String name, OpenRequest req) {
        GuestPaths.checkName(name);
        MemDir d = dir(dirNode);
        MemDir.Entry e = d.byName.get(name);
        if (e == null) {
            if (!req.create()) {
                throw new ErrnoException(Errno.ENOENT);
            }
            if (req.directory()) {
                // O_CREAT|O_DIRECTORY: EINVAL on current Linux.
                throw new ErrnoException(Errno.EINVAL);
            }
            d.lock.writeLock().lock();
            try {
                if (d.removed) {
                    throw new ErrnoException(Errno.ENOENT);
                }
                e = d.byName.get(name);
                if (e == null) {
                    checkWritable();
                    long now = now();
                    MemFile f = new MemFile(this, newIno(), now);
                    f.addLink(now, true);
                    d.insert(name, f, now);
                    return new OpenResult.Opened(new MemFileHandle(f, req.read(), req.write(), req.append()));
                }
            } finally {
                d.lock.writeLock().unlock();
            }
        }
        if (req.create() && req.exclusive()) {
            throw new ErrnoException(Errno.EEXIST);
        }
        if (e.node() instanceof MemSymlink s) {
            if (req.followSymlinks()) {
                return new OpenResult.Symlink(s.target);
            }
            throw new ErrnoException(Errno.ELOOP);
        }
        return new OpenResult.Opened(openNode(e.node(), req));
    }

    @Override
    public OpenFile openNode(FsNode n, OpenRequest req) {
        return switch (node(n)) {
            case MemSymlink s -> throw new ErrnoException(Errno.ELOOP);
            case MemDir d -> {
                if (req.write() || req.truncates() || req.create()) {
                    throw new ErrnoException(Errno.EISDIR);
                }
                yield new MemDirHandle(d, req.read());
            }
            case MemFile f -> {
                if (req.directory()) {
                    throw new ErrnoException(Errno.ENOTDIR);
                }
                if (req.write()) {
                    checkWritable();
                }
                if (req.truncates()) {
                    f.truncate(0);
                }
                yield new MemFileHandle(f, req.read(), req.write(), req.append());
            }
        };
    }

    @Override
    public void mkdir(FsNode dirNode, String name) {
        GuestPaths.checkName(name);
        MemDir d = dir(dirNode);
        d.lock.writeLock().lock();
        try {
            if (d.removed) {
                throw new ErrnoException(Errno.ENOENT);
            }
            if (d.byName.containsKey(name)) {
                throw new ErrnoException(Errno.EEXIST);
            }
            checkWritable();
            long now = now();
            d.insert(name, new MemDir(this, newIno(), now, d, name), now);
        } finally {
            d.lock.writeLock().unlock();
        }
    }

    @Override
    public void symlink(String target, FsNode dirNode, String name) {
        GuestPaths.checkName(name);
        MemDir d = dir(dirNode);
        d.lock.writeLock().lock();
        try {
            if (d.removed) {
                throw new ErrnoException(Errno.ENOENT);
            }
            if (d.byName.containsKey(name)) {
                throw new ErrnoException(Errno.EEXIST);
            }
            checkWritable();
            long now = now();
            MemSymlink s = new MemSymlink(this, newIno(), now, target);
            s.addLink(now, true);
            d.insert(name, s, now);
        } finally {
            d.lock.writeLock().unlock();
        }
    }

    @Override
    public void link(FsNode targetNode, FsNode dirNode, String name) {
        GuestPaths.checkName(name);
        MemNode target = node(targetNode);
        MemDir d = dir(dirNode);
        if (target instanceof MemDir) {
            throw new ErrnoException(Errno.EPERM);
        }
        d.lock.writeLock().lock();
        try {
            if (d.removed) {
                throw new ErrnoException(Errno.ENOENT);
            }
            if (d.byName.containsKey(name)) {
                throw new ErrnoException(Errno.EEXIST);
            }
            checkWritable();
            long now = now();
            target.addLink(now, false);
            d.insert(name, target, now);
        } finally {
            d.lock.writeLock().unlock();
        }
    }

    @Override
    public void unlink(FsNode dirNode, String name) {
        GuestPaths.checkName(name);
        MemDir d = dir(dirNode);
        checkWritable();
        d.lock.writeLock().lock();
        try {
            MemDir.Entry e = d.byName.get(name);
            if (e == null) {
                throw new ErrnoException(Errno.ENOENT);
            }
            if (e.node() instanceof MemDir) {
                throw new ErrnoException(Errno.EISDIR);
            }
            long now = now();
            d.remove(name, now);
            e.node().dropLink(now);
        } finally {
            d.lock.writeLock().unlock();
        }
    }

    @Override
    public void rmdir(FsNode dirNode, String name) {
        GuestPaths.checkName(name);
        MemDir d = dir(dirNode);
        checkWritable();
        while (true) {
            d.lock.writeLock().lock();
            try {
                MemDir.Entry e = d.byName.get(name);
                if (e == null) {
                    throw new ErrnoException(Errno.ENOENT);
                }
                if (!(e.node() instanceof MemDir victim)) {
                    throw new ErrnoException(Errno.ENOTDIR);
                }
                if (victim.lock.writeLock().tryLock()) {
                    try {
                        if (!victim.isEmpty()) {
                            throw new ErrnoException(Errno.ENOTEMPTY);
                        }
                        long now = now();
                        d.remove(name, now);
                        victim.markRemoved(now);
                        return;
                    } finally {
                        victim.lock.writeLock().unlock();
                    }
                }
            } finally {
                d.lock.writeLock().unlock();
            }
            // The victim is busy (possibly locked by someone waiting for d): back off and retry.
            Thread.yield();
        }
    }

    @Override
    public void rename(FsNode oldDirNode, String oldName, FsNode newDirNode, String newName) {
        GuestPaths.checkName(oldName);
        GuestPaths.checkName(newName);
        MemDir from = dir(oldDirNode);
        MemDir to = dir(newDirNode);
        checkWritable();
        boolean crossDir = from != to;
        boolean needRenameLock = false;
        while (true) {
            MemDir.Entry peek = from.byName.get(oldName);
            needRenameLock |= crossDir && peek != null && peek.node() instanceof MemDir;
            if (needRenameLock) {
                renameLock.lock();
            }
            try {
                RenameStep step = renameLocked(from, oldName, to, newName, crossDir, needRenameLock);
                if (step == RenameStep.DONE) {
                    return;
                }
                if (step == RenameStep.NEEDS_RENAME_LOCK) {
                    needRenameLock = true;
                }
            } finally {
                if (needRenameLock && renameLock.isHeldByCurrentThread()) {
                    renameLock.unlock();
                }
            }
            Thread.yield();
        }
    }

    private enum RenameStep {
        DONE,
        RETRY,
        NEEDS_RENAME_LOCK
    }

    private RenameStep renameLocked(
            MemDir from, String oldName, MemDir to, String newName, boolean crossDir, boolean haveRenameLock) {
        Deque<Lock> held = new ArrayDeque<>();
        try {
            lockInOrder(from, to, held);
            if (from.removed || to.removed) {
                throw new ErrnoException(Errno.ENOENT);
            }
            MemDir.Entry src = from.byName.get(oldName);
            if (src == null) {
                throw new ErrnoException(Errno.ENOENT);
            }
            MemNode moving = src.node();
            boolean movingDir = moving instanceof MemDir;
            if (movingDir && crossDir && !haveRenameLock) {
                return RenameStep.NEEDS_RENAME_LOCK;
            }
            MemDir.Entry dst = to.byName.get(newName);
            if (dst != null && dst.node() == moving) {
                // Both names are links to the same inode: POSIX says do nothing.
                return RenameStep.DONE;
            }
            if (movingDir) {
                if (crossDir && isSelfOrAncestor((MemDir) moving, to)) {
                    throw new ErrnoException(Errno.EINVAL);
                }
                if (dst != null) {
                    if (!(dst.node() instanceof MemDir victim)) {
                        throw new ErrnoException(Errno.ENOTDIR);
                    }
                    if (!victim.lock.writeLock().tryLock()) {
                        return RenameStep.RETRY;
                    }
                    held.push(victim.lock.writeLock());
                    if (!victim.isEmpty()) {
                        throw new ErrnoException(Errno.ENOTEMPTY);
                    }
                }
            } else if (dst != null && dst.node() instanceof MemDir) {
                throw new ErrnoException(Errno.EISDIR);
            }
            long now = now();
            from.remove(oldName, now);
            MemDir.Entry replaced = to.put(newName, moving, now);
            if (replaced != null) {
                if (replaced.node() instanceof MemDir victim) {
                    victim.markRemoved(now);
                } else {
                    replaced.node().dropLink(now);
                }
            }
            moving.ctim = now;
            return RenameStep.DONE;
        } finally {
            while (!held.isEmpty()) {
                held.pop().unlock();
            }
        }
    }

    /** True when {@code candidate} is {@code dir} or below it; the caller holds the rename lock. */
    private static boolean isSelfOrAncestor(MemDir dir, MemDir candidate) {
        MemDir cur = candidate;
        while (true) {
            if (cur == dir) {
                return true;
            }
            MemDir up = cur.parent;
            if (up == cur) {
                return false;
            }
            cur = up;
        }
    }

    private static void lockInOrder(MemDir a, MemDir b, Deque<Lock> held) {
        MemDir first = a.ino <= b.ino ? a : b;
        MemDir second = first == a ? b : a;
        first.lock.writeLock().lock();
        held.push(first.lock.writeLock());
        if (second != first) {
            second.lock.writeLock().lock();
            held.push(second.lock.writeLock());
        }
    }

    @Override
    public void setTimes(FsNode n, long atim, long mtim, int fstFlags) {
        node(n).setTimes(atim, mtim, fstFlags);
    }

    @Override
    public String relativePath(FsNode dirNode) {
        MemDir d = dir(dirNode);
        Deque<String> names = new ArrayDeque<>();
        MemDir cur = d;
        while (cur != root) {
            if (cur.removed) {
                throw new ErrnoException(Errno.ENOENT);
            }
            names.push(cur.name);
            MemDir up = cur.parent;
            if (up == cur) {
                // Detached from this tree's root: it was removed.
                throw new ErrnoException(Errno.ENOENT);
            }
            cur = up;
        }
        return String.join("/", names);
    }
}
