package dev.wasix4j.fs;

/**
 * What a {@code path_open} asks for, in Java terms.
 *
 * @param read            the handle may read (the dispatcher derives it from FD_READ / FD_READDIR rights)
 * @param write           the handle may write (FD_WRITE rights)
 * @param create          oflags CREAT
 * @param exclusive       oflags EXCL (only meaningful with create)
 * @param truncate        oflags TRUNC (applied only when {@code write}: POSIX leaves O_RDONLY|O_TRUNC unspecified)
 * @param directory       oflags DIRECTORY: fail with ENOTDIR unless the result is a directory
 * @param append          fdflags APPEND
 * @param followSymlinks  lookupflags SYMLINK_FOLLOW, for the last component only
 */
public record OpenRequest(
        boolean read,
        boolean write,
        boolean create,
        boolean exclusive,
        boolean truncate,
        boolean directory,
        boolean append,
        boolean followSymlinks) {

    /** Open an existing file or directory for reading, following symlinks. */
    public static OpenRequest readOnly() {
        return new OpenRequest(true, false, false, false, false, false, false, true);
    }

    /** Open a directory for listing. */
    public static OpenRequest directoryRead() {
        return new OpenRequest(true, false, false, false, false, true, false, true);
    }

    /** open(path, O_RDWR|O_CREAT) */
    public static OpenRequest readWriteCreate() {
        return new OpenRequest(true, true, true, false, false, false, false, true);
    }

    public OpenRequest withDirectory(boolean d) {
        return new OpenRequest(read, write, create, exclusive, truncate, d, append, followSymlinks);
    }

    public OpenRequest withExclusive(boolean e) {
        return new OpenRequest(read, write, create, e, truncate, directory, append, followSymlinks);
    }

    public OpenRequest withTruncate(boolean t) {
        return new OpenRequest(read, write, create, exclusive, t, directory, append, followSymlinks);
    }

    public OpenRequest withAppend(boolean a) {
        return new OpenRequest(read, write, create, exclusive, truncate, directory, a, followSymlinks);
    }

    public OpenRequest withFollowSymlinks(boolean f) {
        return new OpenRequest(read, write, create, exclusive, truncate, directory, append, f);
    }

    public OpenRequest withCreate(boolean c) {
        return new OpenRequest(read, write, c, exclusive, truncate, directory, append, followSymlinks);
    }

    /** True when truncation must happen on open. */
    boolean truncates() {
        return truncate && write;
    }
}
