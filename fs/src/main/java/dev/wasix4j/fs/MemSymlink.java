package dev.wasix4j.fs;

import dev.wasix4j.abi.FileType;
import java.nio.charset.StandardCharsets;

/** A symlink inode: its target string, never interpreted by the provider. */
final class MemSymlink extends MemNode {
    final String target;
    private final long size;

    MemSymlink(MemoryFileSystem fs, long ino, long now, String target) {
        super(fs, ino, now);
        this.target = target;
        this.size = target.getBytes(StandardCharsets.UTF_8).length;
    }

    @Override
    public FileType type() {
        return FileType.SYMBOLIC_LINK;
    }

    @Override
    long size() {
        return size;
    }
}
