package dev.wasix4j.fs;

/** What {@link FileSystemProvider#open} found: an open handle, or a symlink the resolver must follow. */
public sealed interface OpenResult {
    /** The name was opened (or created). */
    record Opened(OpenFile file) implements OpenResult {}

    /** The name is a symlink and the request follows symlinks: continue resolution with its target. */
    record Symlink(String target) implements OpenResult {}
}
