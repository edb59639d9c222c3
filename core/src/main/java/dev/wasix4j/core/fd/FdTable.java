package dev.wasix4j.core.fd;

import dev.wasix4j.abi.Errno;
import dev.wasix4j.abi.ErrnoException;
import java.io.IOException;
import java.util.NavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The process's descriptor table, shared by every guest thread and both import namespaces.
 *
 * <p>Lookups are lock-free (the hot path of every read and write). Changes that pick or replace a
 * number take one short lock, so "lowest free number" and renumbering stay linearizable; no
 * resource I/O ever happens under it.
 */
public final class FdTable {
    /** Like RLIMIT_NOFILE: past it, opens answer EMFILE. */
    public static final int DEFAULT_MAX_FDS = 1 << 16;

    private final NavigableMap<Integer, FdEntry> entries = new ConcurrentSkipListMap<>();
    private final ReentrantLock allocation = new ReentrantLock();
    private final int maxFds;

    public FdTable() {
        this(DEFAULT_MAX_FDS);
    }

    public FdTable(int maxFds) {
        this.maxFds = maxFds;
    }

    /** The entry, or EBADF. */
    public FdEntry get(int fd) {
        FdEntry e = entries.get(fd);
        if (e == null) {
            throw new ErrnoException(Errno.EBADF);
        }
        return e;
    }

    public FdEntry find(int fd) {
        return entries.get(fd);
    }

    /** Places a new description at the lowest free number ≥ {@code min}. */
    public int insert(OpenDescription d, boolean cloexec, int min) {
        return place(new FdEntry(d, cloexec), min);
    }

    public int insert(OpenDescription d) {
        return insert(d, false, 0);
    }

    /** Places a description at exactly {@code fd} (set-up of stdio and preopens). */
    public void install(int fd, OpenDescription d) {
        entries.put(fd, new FdEntry(d, false));
    }

    /** {@code dup}/{@code F_DUPFD}: a second number for the same description. */
    public int dup(int fd, int min, boolean cloexec) {
        allocation.lock();
        try {
            FdEntry e = get(fd);
            int slot = lowestFree(min);
            e.description().retain();
            entries.put(slot, new FdEntry(e.description(), cloexec));
            return slot;
        } finally {
            allocation.unlock();
        }
    }

    /**
     * {@code fd_renumber(from, to)} as wasix-libc's dup2 needs it: {@code to} becomes a copy of
     * {@code from} (close-on-exec cleared) and {@code from} stays open, as wasmer does.
     */
    public void renumber(int from, int to) throws IOException {
        FdEntry old;
        allocation.lock();
        try {
            FdEntry e = get(from);
            if (from == to) {
                return;
            }
            if (to < 0 || to >= maxFds) {
                throw new ErrnoException(Errno.EBADF);
            }
            e.description().retain();
            old = entries.put(to, new FdEntry(e.description(), false));
        } finally {
            allocation.unlock();
        }
        if (old != null) {
            old.description().release();
        }
    }

    public void setCloexec(int fd, boolean cloexec) {
        allocation.lock();
        try {
            FdEntry e = get(fd);
            entries.put(fd, new FdEntry(e.description(), cloexec));
        } finally {
            allocation.unlock();
        }
    }

    /**
     * Removes the number; the description closes when no other number refers to it. The removal
     * takes the allocation lock like dup, dup2 and F_SETFD: without it a dup racing this close
     * could copy a description the close had just released, leaving a number on a closed file
     * (found by stress-tests' FdTableLincheckTest). The resource itself closes outside the lock.
     */
    public void close(int fd) throws IOException {
        FdEntry e;
        allocation.lock();
        try {
            e = entries.remove(fd);
        } finally {
            allocation.unlock();
        }
        if (e == null) {
            throw new ErrnoException(Errno.EBADF);
        }
        e.description().release();
    }

    /** Closes every descriptor (process end). Errors are ignored: nobody is left to report to. */
    public void closeAll() {
        for (Integer fd : entries.keySet()) {
            try {
                close(fd);
            } catch (IOException | RuntimeException ignored) {
                // the process is gone; a failing close has no one to tell
            }
        }
    }

    private int place(FdEntry entry, int min) {
        allocation.lock();
        try {
            return placeLocked(entry, min);
        } finally {
            allocation.unlock();
        }
    }

    private int placeLocked(FdEntry entry, int min) {
        int fd = lowestFree(min);
        entries.put(fd, entry);
        return fd;
    }

    private int lowestFree(int min) {
        int fd = Math.max(min, 0);
        for (var k : entries.tailMap(fd, true).keySet()) {
            if (k != fd) {
                break;
            }
            fd++;
        }
        if (fd >= maxFds) {
            throw new ErrnoException(Errno.EMFILE);
        }
        return fd;
    }

    /**
     * Copies every descriptor of {@code parent} into this (empty) table, sharing the open file
     * descriptions (offsets, flags) as fork and spawn do. With {@code dropCloexec}, close-on-exec
     * descriptors are left out, as exec closes them.
     */
    public void inherit(FdTable parent, boolean dropCloexec) {
        parent.allocation.lock();
        try {
            for (var e : parent.entries.entrySet()) {
                if (dropCloexec && e.getValue().cloexec()) {
                    continue;
                }
                e.getValue().description().retain();
                entries.put(e.getKey(), e.getValue());
            }
        } finally {
            parent.allocation.unlock();
        }
    }

    /** Closes every close-on-exec descriptor (the exec step of posix_spawn). */
    public void closeOnExec() {
        for (var e : entries.entrySet()) {
            if (e.getValue().cloexec()) {
                try {
                    close(e.getKey());
                } catch (IOException | RuntimeException ignored) {
                    // closing on exec reports nothing, as on Linux
                }
            }
        }
    }

    /** Places {@code d} at exactly {@code fd}, closing what was there (posix_spawn's open action). */
    public void replace(int fd, OpenDescription d, boolean cloexec) throws IOException {
        if (fd < 0 || fd >= maxFds) {
            throw new ErrnoException(Errno.EBADF);
        }
        FdEntry old;
        allocation.lock();
        try {
            old = entries.put(fd, new FdEntry(d, cloexec));
        } finally {
            allocation.unlock();
        }
        if (old != null) {
            old.description().release();
        }
    }
}
