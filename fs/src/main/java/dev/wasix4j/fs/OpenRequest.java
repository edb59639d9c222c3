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

    /** wasi lookupflags SYMLINK_FOLLOW. */
    public static final int LOOKUP_SYMLINK_FOLLOW = 0x1;
    /** wasi oflags bits. */
    public static final int O_CREAT = 0x1;
    public static final int O_DIRECTORY = 0x2;
    public static final int O_EXCL = 0x4;
    public static final int O_TRUNC = 0x8;
    /** wasi fdflags APPEND. */
    public static final int FDFLAG_APPEND = 0x1;

    /** Builds a request from the raw wasi flag words; read/write come from the rights the dispatcher granted. */
    public static OpenRequest fromWasi(int lookupFlags, int oflags, int fdflags, boolean read, boolean write) {
        return new OpenRequest(
                read,
                write,
                (oflags & O_CREAT) != 0,
                (oflags & O_EXCL) != 0,
                (oflags & O_TRUNC) != 0,
                (oflags & O_DIRECTORY) != 0,
                (fdflags & FDFLAG_APPEND) != 0,
                (lookupFlags & LOOKUP_SYMLINK_FOLLOW) != 0);
    }

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
