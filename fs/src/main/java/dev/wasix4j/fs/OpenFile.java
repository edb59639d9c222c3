package dev.wasix4j.fs;

import dev.wasix4j.abi.FileType;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * An open file description (what one or more guest fds refer to): a regular file or a directory.
 *
 * <p>All methods are thread-safe. Data methods fill / drain the buffer from its position to its limit
 * and advance the buffer's position. Errors are {@link dev.wasix4j.abi.ErrnoException}s:
 * EBADF after {@link #close()} or when the access mode forbids the call, EISDIR for data calls on a
 * directory, ENOTDIR for {@link #readdir} on a file.
 *
 * <p>Semantics chosen:
 * <ul>
 *   <li>{@link #read} / {@link #pread} return 0 at end of file.</li>
 *   <li>{@link #pwrite} on a handle in append mode appends at end of file and ignores the offset, as Linux does.</li>
 *   <li>A write in append mode is atomic: concurrent appends (through any handles of the same file) never interleave.</li>
 *   <li>{@link #write} / {@link #read} and the offset update are atomic per handle.</li>
 * </ul>
 */
public interface OpenFile extends AutoCloseable {

    /** REGULAR_FILE or DIRECTORY. */
    FileType fileType();

    default boolean isDirectory() {
        return fileType() == FileType.DIRECTORY;
    }

    boolean canRead();

    boolean canWrite();

    /** Reads at the current offset and advances it. */
    int read(ByteBuffer dst);

    /** Writes at the current offset (or at end of file in append mode) and advances it. */
    int write(ByteBuffer src);

    /** Reads at {@code offset} without touching the current offset. Negative offset: EINVAL. */
    int pread(ByteBuffer dst, long offset);

    /** Writes at {@code offset} without touching the current offset (append mode: appends). Negative: EINVAL. */
    int pwrite(ByteBuffer src, long offset);

    /** Moves the offset; a resulting negative offset is EINVAL. Returns the new offset. */
    long seek(long offset, Whence whence);

    /** The current offset (fd_tell). */
    long position();

    /** Truncates or extends (with zeros, sparse). Needs write access: EINVAL otherwise (as ftruncate). */
    void setSize(long size);

    /** fd_filestat_set_times with {@link FstFlags} semantics. */
    void setTimes(long atim, long mtim, int fstFlags);

    void sync();

    void datasync();

    /** fd_allocate: makes the file at least {@code offset + length} bytes long. */
    void allocate(long offset, long length);

    FileStat stat();

    /**
     * Directory entries starting at {@code cookie} (0 = the beginning), at most {@code maxEntries} of them.
     * The listing starts with "." and "..". Cookies stay valid while entries are added or removed:
     * a removed entry is skipped, an entry added after the cursor shows up later in the listing.
     */
    List<DirEntry> readdir(long cookie, int maxEntries);

    /** fdflags APPEND as currently set. */
    boolean isAppend();

    /** fd_fdstat_set_flags for APPEND. */
    void setAppend(boolean append);

    /** The provider that owns this file. */
    FileSystemProvider provider();

    /** The node this handle was opened on (used to compute a directory handle's current guest path). */
    FsNode node();

    /** Releases the handle; idempotent. An unlinked file's data lives until its last handle is closed. */
    @Override
    void close();
}
