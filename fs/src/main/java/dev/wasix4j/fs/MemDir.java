package dev.wasix4j.fs;

import dev.wasix4j.abi.FileType;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * A directory inode. Entries are kept twice: by name for lookups (lock-free reads) and by insertion
 * sequence for readdir. The sequence number is the readdir cookie, so cookies stay valid whatever is
 * added or removed: listing continues at the first sequence at or after the cookie.
 * All mutations hold {@code lock.writeLock()}.
 */
final class MemDir extends MemNode {
    /** Cookie after ".": the next entry is "..". */
    static final long COOKIE_AFTER_DOT = 1;
    /** Cookie after "..": the first real entry has this sequence number. */
    static final long FIRST_ENTRY_COOKIE = 2;
    /** st_size of a directory; a fixed block like ext4 rather than a number programs might rely on. */
    static final long DIRECTORY_SIZE = 4096;
    /** "." and the entry in the parent. */
    private static final long BASE_DIRECTORY_LINKS = 2;

    record Entry(String name, MemNode node, long seq) {}

    final ConcurrentHashMap<String, Entry> byName = new ConcurrentHashMap<>();
    final ConcurrentSkipListMap<Long, Entry> bySeq = new ConcurrentSkipListMap<>();
    private long nextSeq = FIRST_ENTRY_COOKIE;

    /** Parent and own name: changed by rename under the parents' locks (and the rename lock across dirs). */
    volatile MemDir parent;
    volatile String name;
    /** rmdir'ed (or replaced by rename): no entry may be added any more. Written under own write lock. */
    volatile boolean removed;
    /** Subdirectory count, for nlink. Written under own write lock. */
    private volatile int subdirs;

    MemDir(MemoryFileSystem fs, long ino, long now, MemDir parent, String name) {
        super(fs, ino, now);
        this.parent = parent == null ? this : parent;
        this.name = name;
    }

    @Override
    public FileType type() {
        return FileType.DIRECTORY;
    }

    @Override
    long size() {
        return DIRECTORY_SIZE;
    }

    @Override
    long nlink() {
        return removed ? 0 : BASE_DIRECTORY_LINKS + subdirs;
    }

    boolean isEmpty() {
        return byName.isEmpty();
    }

    /** Adds an entry; caller holds the write lock and checked the name is free. */
    void insert(String entryName, MemNode node, long now) {
        put(entryName, node, now);
    }

    /**
     * Binds {@code entryName} to {@code node}, replacing any previous entry in one map write so that a
     * concurrent lock-free lookup sees the old or the new inode, never neither (rename's atomicity).
     * Caller holds the write lock. Returns the replaced entry, or null.
     */
    Entry put(String entryName, MemNode node, long now) {
        Entry e = new Entry(entryName, node, nextSeq++);
        bySeq.put(e.seq(), e);
        Entry old = byName.put(entryName, e);
        if (old != null) {
            bySeq.remove(old.seq());
            if (old.node() instanceof MemDir) {
                subdirs--;
            }
        }
        if (node instanceof MemDir d) {
            d.parent = this;
            d.name = entryName;
            subdirs++;
        }
        touchModified(now);
        return old;
    }

    /** Removes an entry; caller holds the write lock. */
    Entry remove(String entryName, long now) {
        Entry e = byName.remove(entryName);
        if (e != null) {
            bySeq.remove(e.seq());
            if (e.node() instanceof MemDir) {
                subdirs--;
            }
            touchModified(now);
        }
        return e;
    }

    /** Marks this (empty) directory dead; caller holds its write lock. */
    void markRemoved(long now) {
        removed = true;
        ctim = now;
    }

    List<DirEntry> list(long cookie, int maxEntries) {
        List<DirEntry> out = new ArrayList<>();
        // Cookies are unsigned in the ABI: a "negative" one is past every entry.
        if (cookie < 0 || maxEntries <= 0) {
            return out;
        }
        if (cookie == 0) {
            out.add(new DirEntry(".", FileType.DIRECTORY, ino, COOKIE_AFTER_DOT));
        }
        if (cookie <= COOKIE_AFTER_DOT && out.size() < maxEntries) {
            out.add(new DirEntry("..", FileType.DIRECTORY, parent.ino, FIRST_ENTRY_COOKIE));
        }
        for (Entry e : bySeq.tailMap(Math.max(cookie, FIRST_ENTRY_COOKIE), true).values()) {
            if (out.size() >= maxEntries) {
                break;
            }
            out.add(new DirEntry(e.name(), e.node().type(), e.node().ino, e.seq() + 1));
        }
        return out;
    }
}
