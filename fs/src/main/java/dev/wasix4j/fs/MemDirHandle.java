package dev.wasix4j.fs;

import java.util.List;

/** An open directory of a {@link MemoryFileSystem}; follows the directory through renames. */
final class MemDirHandle extends DirectoryHandle {
    private final MemDir dir;

    MemDirHandle(MemDir dir, boolean canRead) {
        super(canRead);
        this.dir = dir;
    }

    @Override
    public void setTimes(long atim, long mtim, int fstFlags) {
        checkOpen();
        dir.setTimes(atim, mtim, fstFlags);
    }

    @Override
    public FileStat stat() {
        checkOpen();
        return dir.stat();
    }

    @Override
    public List<DirEntry> readdir(long cookie, int maxEntries) {
        checkOpen();
        return dir.list(cookie, maxEntries);
    }

    @Override
    public FileSystemProvider provider() {
        return dir.fs;
    }

    @Override
    public FsNode node() {
        return dir;
    }
}
