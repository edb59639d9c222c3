package dev.wasix4j.fs;

import dev.wasix4j.abi.FileType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * An open host directory. The OS gives java.nio no telldir offsets, so the handle numbers entries
 * itself: each name gets a sequence number the first time a listing sees it, in listing order, and
 * the cookie is that number. Every readdir re-lists the directory: names that vanished are dropped
 * (skipped), new names get higher numbers (they appear after the cursor). Cookies are per handle,
 * as telldir positions are per DIR stream.
 */
final class HostDirHandle extends DirectoryHandle {
    private final HostFileSystem fs;
    private final HostFileSystem.HostNode node;
    private final ReentrantLock cursorLock = new ReentrantLock();
    private final Map<String, Long> seqOf = new HashMap<>();
    private final TreeMap<Long, String> bySeq = new TreeMap<>();
    private long nextSeq = MemDir.FIRST_ENTRY_COOKIE;
    /** Reported (as for files) once the path no longer names this directory. */
    private final HostFileSystem.HostAttrs openedAttrs;

    HostDirHandle(HostFileSystem fs, HostFileSystem.HostNode node, HostFileSystem.HostAttrs openedAttrs,
            boolean canRead) {
        super(canRead);
        this.fs = fs;
        this.node = node;
        this.openedAttrs = openedAttrs;
    }

    @Override
    public void setTimes(long atim, long mtim, int fstFlags) {
        checkOpen();
        fs.setTimes(node, atim, mtim, fstFlags);
    }

    @Override
    public FileStat stat() {
        checkOpen();
        HostFileSystem.HostAttrs now = fs.attrsIfSame(node);
        return (now != null ? now : openedAttrs).toStat();
    }

    @Override
    public List<DirEntry> readdir(long cookie, int maxEntries) {
        checkOpen();
        List<DirEntry> out = new ArrayList<>();
        if (cookie < 0 || maxEntries <= 0) {
            return out;
        }
        if (cookie == 0) {
            out.add(new DirEntry(".", FileType.DIRECTORY, node.key().ino(), MemDir.COOKIE_AFTER_DOT));
        }
        if (cookie <= MemDir.COOKIE_AFTER_DOT && out.size() < maxEntries) {
            HostFileSystem.HostNode up = node.parent() == null ? node : node.parent();
            out.add(new DirEntry("..", FileType.DIRECTORY, up.key().ino(), MemDir.FIRST_ENTRY_COOKIE));
        }
        if (out.size() >= maxEntries) {
            return out;
        }
        List<String> names = fs.list(node);
        cursorLock.lock();
        try {
            renumber(names);
        } finally {
            cursorLock.unlock();
        }
        long from = Math.max(cookie, MemDir.FIRST_ENTRY_COOKIE);
        while (out.size() < maxEntries) {
            List<Map.Entry<Long, String>> window = window(from, maxEntries - out.size());
            if (window.isEmpty()) {
                break;
            }
            for (Map.Entry<Long, String> e : window) {
                HostFileSystem.HostAttrs a = fs.entryAttrs(node, e.getValue());
                // Removed since the listing: skip it, as a live directory would.
                if (a != null) {
                    out.add(new DirEntry(e.getValue(), a.type(), a.key().ino(), e.getKey() + 1));
                }
                from = e.getKey() + 1;
            }
        }
        return out;
    }

    /** Drops vanished names and numbers new ones after every number handed out so far. */
    private void renumber(List<String> names) {
        Set<String> present = new HashSet<>(names);
        seqOf.entrySet().removeIf(e -> {
            if (!present.contains(e.getKey())) {
                bySeq.remove(e.getValue());
                return true;
            }
            return false;
        });
        for (String name : names) {
            if (!seqOf.containsKey(name)) {
                seqOf.put(name, nextSeq);
                bySeq.put(nextSeq, name);
                nextSeq++;
            }
        }
    }

    /** Up to {@code count} (sequence, name) pairs from {@code from} on, copied out of the cursor state. */
    private List<Map.Entry<Long, String>> window(long from, int count) {
        cursorLock.lock();
        try {
            List<Map.Entry<Long, String>> out = new ArrayList<>(count);
            for (Map.Entry<Long, String> e : bySeq.tailMap(from, true).entrySet()) {
                if (out.size() >= count) {
                    break;
                }
                out.add(Map.entry(e.getKey(), e.getValue()));
            }
            return out;
        } finally {
            cursorLock.unlock();
        }
    }

    @Override
    public FileSystemProvider provider() {
        return fs;
    }

    @Override
    public FsNode node() {
        return node;
    }
}
