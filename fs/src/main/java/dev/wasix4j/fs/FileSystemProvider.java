package dev.wasix4j.fs;

/**
 * One mounted tree. Providers know nothing of paths with slashes, mounts or symlink following: the
 * {@link VirtualFileSystem} resolves a guest path component by component with {@link #lookup} and
 * {@link #readlink}, then calls one of the operations below on the parent directory node and a single
 * name. Names are never "", "." or ".." and never contain '/' or NUL (providers re-check).
 *
 * <p>Every operation is atomic with respect to the others on the same provider. Errors are
 * {@link dev.wasix4j.abi.ErrnoException}s with Linux errno choices.
 */
public interface FileSystemProvider {

    /** The root directory of this tree. */
    FsNode root();

    /** st_dev reported for files of this tree. */
    long deviceId();

    /** Mutations fail with EROFS. */
    boolean isReadOnly();

    /** The entry {@code name} of directory {@code dir}, without following a symlink. ENOENT, ENOTDIR. */
    FsNode lookup(FsNode dir, String name);

    FileStat stat(FsNode node);

    /** The target of a symlink; EINVAL for anything else. */
    String readlink(FsNode node);

    /**
     * Opens (and with {@code create}, atomically creates) {@code name} in {@code dir}. Returns
     * {@link OpenResult.Symlink} when the name is a symlink and the request follows symlinks; a symlink
     * without follow is ELOOP; create+exclusive on any existing name (a dangling symlink too) is EEXIST.
     */
    OpenResult open(FsNode dir, String name, OpenRequest req);

    /** Opens a node already resolved (".", "..", a mount root, a path ending in "/"). */
    OpenFile openNode(FsNode node, OpenRequest req);

    void mkdir(FsNode dir, String name);

    void rmdir(FsNode dir, String name);

    void unlink(FsNode dir, String name);

    /** POSIX rename inside this provider (replaces the target atomically). */
    void rename(FsNode oldDir, String oldName, FsNode newDir, String newName);

    void symlink(String target, FsNode dir, String name);

    /** Makes {@code name} in {@code dir} another link to {@code target} (a directory: EPERM). */
    void link(FsNode target, FsNode dir, String name);

    /** path_filestat_set_times on a resolved node (a symlink itself when not following). */
    void setTimes(FsNode node, long atim, long mtim, int fstFlags);

    /**
     * The current path of directory {@code dir} relative to this provider's root, "" for the root,
     * components joined with '/'. ENOENT when the directory was removed.
     */
    String relativePath(FsNode dir);
}
