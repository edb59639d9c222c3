package dev.wasix4j.fs;

import dev.wasix4j.abi.FileType;

/**
 * A provider's reference to one file, directory or symlink, as found by a lookup.
 * Opaque outside its provider; only the {@link VirtualFileSystem} resolver passes these around.
 */
public interface FsNode {
    /** The type seen when the node was looked up. */
    FileType type();
}
