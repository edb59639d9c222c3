package dev.wasix4j.core.syscalls;

import dev.wasix4j.abi.Errno;
import dev.wasix4j.abi.ErrnoException;
import dev.wasix4j.core.abi.Layouts.Dirent;
import dev.wasix4j.core.abi.Layouts.Filestat;
import dev.wasix4j.core.abi.Layouts.FilestatUnstable;
import dev.wasix4j.core.abi.Layouts.Prestat;
import dev.wasix4j.core.abi.Wasi;
import dev.wasix4j.core.abi.Wasi.FdFlags;
import dev.wasix4j.core.abi.Wasi.FdFlagsExt;
import dev.wasix4j.core.abi.Wasi.LookupFlags;
import dev.wasix4j.core.abi.Wasi.OFlags;
import dev.wasix4j.core.abi.Wasi.Rights;
import dev.wasix4j.core.fd.Devices;
import dev.wasix4j.core.fd.FdEntry;
import dev.wasix4j.core.fd.FdResource;
import dev.wasix4j.core.fd.FdTable;
import dev.wasix4j.core.fd.FileResource;
import dev.wasix4j.core.fd.OpenDescription;
import dev.wasix4j.core.process.ProcessState;
import dev.wasix4j.core.syscall.Call;
import dev.wasix4j.core.syscall.Dispatcher;
import dev.wasix4j.core.syscall.Namespace;
import dev.wasix4j.core.syscall.GuestMemory;
import dev.wasix4j.core.syscall.Iovecs;
import dev.wasix4j.fs.DirEntry;
import dev.wasix4j.fs.FileStat;
import dev.wasix4j.fs.GuestPaths;
import dev.wasix4j.fs.OpenFile;
import dev.wasix4j.fs.OpenRequest;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The filesystem calls: path_* relative to a directory descriptor, the fd_* calls only files and
 * directories answer, preopens, and the WASIX cwd calls. Paths are joined here and resolved by the
 * filesystem provider; no handler interprets "..", symlinks or mounts itself.
 */
final class PathCalls {
    /** Rights that let a descriptor read (files) or list (directories). */
    private static final long READ_RIGHTS = Rights.FD_READ | Rights.FD_READDIR;
    /** Directory entries fetched per provider call while filling an fd_readdir buffer. */
    private static final int READDIR_BATCH = 128;
    private static final long MAX_U32 = 0xffff_ffffL;

    private PathCalls() {}

    static void register(Dispatcher d, ProcessState p) {
        FdTable fds = p.fds();

        d.implement("fd_prestat_get", "fd 3 is /, then each mounted volume in path order", c -> {
            String name = preopenName(p, c.i32(0));
            GuestMemory m = c.mem();
            int out = c.i32(1);
            m.check(out, Prestat.SIZE);
            m.zero(out, Prestat.SIZE);
            m.putU8(out + Prestat.TAG, Prestat.TAG_DIR);
            m.putI32(out + Prestat.DIR_NAME_LEN, utf8(name).length);
            return Errno.SUCCESS;
        });
        d.implement("fd_prestat_dir_name", "the mount's guest path, no NUL", c -> {
            byte[] name = utf8(preopenName(p, c.i32(0)));
            long len = c.u32(2);
            if (len < name.length) {
                return Errno.ENAMETOOLONG;
            }
            c.mem().putBytes(c.i32(1), name);
            return Errno.SUCCESS;
        });

        d.implement("path_open", "files and directories through the mount table, and /dev/null, zero, random, urandom", c ->
                open(c, p, c.i32(0), c.i32(1), c.i32(2), c.i32(3), c.i32(4), c.i64(5), c.i64(6), c.i32(7), 0, c.i32(8)));
        d.implement("path_open2", "path_open plus fdflagsext (CLOEXEC)", c ->
                open(c, p, c.i32(0), c.i32(1), c.i32(2), c.i32(3), c.i32(4), c.i64(5), c.i64(6), c.i32(7), c.i32(8), c.i32(9)));
        d.implement("path_filestat_get", "stat/lstat by the lookup flag; /dev/null, zero, random, urandom", c -> {
            FileStat st = stat(p, path(c, p, 0, 2), follow(c.i32(1)));
            writeFilestat(c.mem(), c.i32(4), st);
            return Errno.SUCCESS;
        });
        d.implement(Namespace.UNSTABLE, "path_filestat_get", "preview 0's 56-byte filestat", c -> {
            FileStat st = stat(p, path(c, p, 0, 2), follow(c.i32(1)));
            writeFilestatUnstable(c.mem(), c.i32(4), st);
            return Errno.SUCCESS;
        });
        d.implement("path_filestat_set_times", "utimensat, with the NOW flags", c -> {
            p.vfs().setTimes(path(c, p, 0, 2), follow(c.i32(1)), c.i64(4), c.i64(5), c.i32(6) & 0xffff);
            return Errno.SUCCESS;
        });
        d.implement("path_create_directory", "mkdir", c -> {
            p.vfs().mkdir(path(c, p, 0, 1));
            return Errno.SUCCESS;
        });
        d.implement("path_remove_directory", "rmdir", c -> {
            p.vfs().rmdir(path(c, p, 0, 1));
            return Errno.SUCCESS;
        });
        d.implement("path_unlink_file", "unlink", c -> {
            p.vfs().unlink(path(c, p, 0, 1));
            return Errno.SUCCESS;
        });
        d.implement("path_rename", "atomic rename; across mounts EXDEV", c -> {
            p.vfs().rename(path(c, p, 0, 1), path(c, p, 3, 4));
            return Errno.SUCCESS;
        });
        d.implement("path_symlink", "symlink; the target is stored as given", c -> {
            String target = pathString(c, 0);
            p.vfs().symlink(target, path(c, p, 2, 3));
            return Errno.SUCCESS;
        });
        d.implement("path_readlink", "readlink; a short buffer truncates, as POSIX", c -> {
            byte[] target = utf8(p.vfs().readlink(path(c, p, 0, 1)));
            int n = (int) Math.min(target.length, c.u32(4));
            c.mem().check(c.i32(5), 4);
            c.mem().putBytes(c.i32(3), target, 0, n);
            c.mem().putI32(c.i32(5), n);
            return Errno.SUCCESS;
        });
        d.implement("path_link", "hard link; across mounts EXDEV", c -> {
            p.vfs().link(path(c, p, 0, 2), path(c, p, 4, 5), follow(c.i32(1)));
            return Errno.SUCCESS;
        });

        d.implement("fd_filestat_get", "files, directories and streams", c -> {
            writeFilestat(c.mem(), c.i32(1), fds.get(c.i32(0)).resource().stat());
            return Errno.SUCCESS;
        });
        d.implement(Namespace.UNSTABLE, "fd_filestat_get", "preview 0's 56-byte filestat", c -> {
            writeFilestatUnstable(c.mem(), c.i32(1), fds.get(c.i32(0)).resource().stat());
            return Errno.SUCCESS;
        });
        d.implement("fd_filestat_set_size", "ftruncate: shrinks or extends sparsely", c -> {
            file(fds, c.i32(0)).setSize(c.i64(1));
            return Errno.SUCCESS;
        });
        d.implement("fd_filestat_set_times", "futimens, with the NOW flags", c -> {
            file(fds, c.i32(0)).setTimes(c.i64(1), c.i64(2), c.i32(3) & 0xffff);
            return Errno.SUCCESS;
        });
        d.implement("fd_pread", "reads at an offset; the file offset stays", c -> {
            OpenFile f = file(fds, c.i32(0));
            GuestMemory m = c.mem();
            int want = (int) Math.min(Iovecs.total(m, c.i32(1), c.i32(2)), Iovecs.MAX_TRANSFER);
            byte[] buf = new byte[want];
            int n = Math.max(0, f.pread(ByteBuffer.wrap(buf), c.i64(3)));
            Iovecs.scatter(m, c.i32(1), c.i32(2), buf, n);
            m.putI32(c.i32(4), n);
            return Errno.SUCCESS;
        });
        d.implement("fd_pwrite", "writes at an offset; in append mode appends, as Linux", c -> {
            OpenFile f = file(fds, c.i32(0));
            byte[] data = Iovecs.gather(c.mem(), c.i32(1), c.i32(2));
            int n = f.pwrite(ByteBuffer.wrap(data), c.i64(3));
            c.mem().putI32(c.i32(4), n);
            return Errno.SUCCESS;
        });
        d.implement("fd_readdir", "dirents with . and .., stable cookies", c -> readdir(c, fds));
        d.implement("fd_advise", "validated, then a no-op: the host's cache decides", c -> {
            FdEntry e = fds.get(c.i32(0));
            if (!(e.resource() instanceof FileResource)) {
                return Errno.ESPIPE;
            }
            if ((c.i32(3) & 0xff) > Wasi.ADVICE_MAX || c.i64(1) < 0 || c.i64(2) < 0) {
                return Errno.EINVAL;
            }
            return Errno.SUCCESS;
        });
        d.implement("fd_allocate", "extends the file to offset+len if shorter", c -> {
            if (c.i64(1) < 0 || c.i64(2) <= 0) {
                return Errno.EINVAL;
            }
            file(fds, c.i32(0)).allocate(c.i64(1), c.i64(2));
            return Errno.SUCCESS;
        });

        d.implement("getcwd", "the process's cwd (default /home) with its NUL; ERANGE with the needed size when short", c -> {
            byte[] cwd = utf8(p.cwd());
            GuestMemory m = c.mem();
            int lenPtr = c.i32(1);
            long room = Integer.toUnsignedLong(m.i32(lenPtr));
            // the size includes the NUL: libc retries with exactly this size and expects a C string
            int needed = cwd.length + 1;
            m.putI32(lenPtr, needed);
            if (room < needed) {
                return Errno.ERANGE;
            }
            m.putBytes(c.i32(0), cwd);
            m.putU8(c.i32(0) + cwd.length, 0);
            return Errno.SUCCESS;
        });
        d.implement("chdir", "relative to the cwd; missing ENOENT, a file ENOTDIR", c -> {
            String target = pathString(c, 0);
            String path = target.startsWith("/") ? target : GuestPaths.join(p.cwd(), target);
            p.cwd(p.vfs().realDirectory(path));
            return Errno.SUCCESS;
        });
    }

    private static Errno open(Call c, ProcessState p, int dirfd, int lookup, int pathPtr, int pathLen, int oflags,
            long rightsBase, long rightsInheriting, int fdflags, int fdflagsExt, int out) {
        GuestMemory m = c.mem();
        m.check(out, 4);
        String path = resolve(p, dirfd, pathString(m, pathPtr, pathLen));
        long dirInheriting = inheritingRights(p, dirfd);
        OpenDescription description = openDescription(p, path, lookup, oflags, rightsBase & dirInheriting,
                rightsInheriting & dirInheriting, fdflags);
        int fd;
        try {
            fd = p.fds().insert(description, (fdflagsExt & FdFlagsExt.CLOEXEC) != 0, 0);
        } catch (RuntimeException e) {
            closeQuietly(description);
            throw e;
        }
        m.putI32(out, fd);
        return Errno.SUCCESS;
    }

    /**
     * Opens absolute guest path {@code path} (a device or a file of the mount table) as a new open
     * file description; path_open and posix_spawn's open action share it.
     */
    static OpenDescription openDescription(ProcessState p, String path, int lookup, int oflags, long base,
            long inheriting, int fdflags) {
        oflags &= 0xffff;
        fdflags &= 0xffff;
        var req = new OpenRequest(
                (base & READ_RIGHTS) != 0,
                (base & Rights.FD_WRITE) != 0,
                (oflags & OFlags.CREAT) != 0,
                (oflags & OFlags.EXCL) != 0,
                (oflags & OFlags.TRUNC) != 0,
                (oflags & OFlags.DIRECTORY) != 0,
                (fdflags & FdFlags.APPEND) != 0,
                (lookup & LookupFlags.SYMLINK_FOLLOW) != 0);
        FdResource device = Devices.open(GuestPaths.normalizeAbsolute(path));
        if (device != null) {
            return new OpenDescription(device, base & Rights.STREAM, 0, fdflags);
        }
        OpenFile f = p.vfs().open(path, req);
        return new OpenDescription(new FileResource(f), base, inheriting, fdflags);
    }

    private static void closeQuietly(OpenDescription d) {
        try {
            d.resource().close();
        } catch (java.io.IOException | RuntimeException ignored) {
            // already failing with the first error
        }
    }

    private static Errno readdir(Call c, FdTable fds) {
        OpenFile dir = file(fds, c.i32(0));
        GuestMemory m = c.mem();
        int buf = c.i32(1);
        long size = c.u32(2);
        long cookie = c.i64(3);
        m.check(buf, size);
        m.check(c.i32(4), 4);
        long used = 0;
        outer:
        while (used < size) {
            List<DirEntry> batch = dir.readdir(cookie, READDIR_BATCH);
            if (batch.isEmpty()) {
                break;
            }
            for (DirEntry e : batch) {
                byte[] name = utf8(e.name());
                byte[] record = new byte[Dirent.SIZE + name.length];
                var b = ByteBuffer.wrap(record).order(java.nio.ByteOrder.LITTLE_ENDIAN);
                b.putLong(Dirent.NEXT, e.nextCookie());
                b.putLong(Dirent.INO, e.ino());
                b.putInt(Dirent.NAMLEN, name.length);
                b.put(Dirent.TYPE, (byte) e.type().code());
                System.arraycopy(name, 0, record, Dirent.SIZE, name.length);
                // a record that does not fit is cut: a full buffer tells libc to call again
                int n = (int) Math.min(record.length, size - used);
                m.putBytes(buf + (int) used, record, 0, n);
                used += n;
                cookie = e.nextCookie();
                if (used >= size) {
                    break outer;
                }
            }
            if (batch.size() < READDIR_BATCH) {
                break;
            }
        }
        m.putI32(c.i32(4), (int) used);
        return Errno.SUCCESS;
    }

    /** The absolute guest path a (dirfd, string) pair at argument positions names. */
    private static String path(Call c, ProcessState p, int fdArg, int pathArg) {
        return resolve(p, c.i32(fdArg), pathString(c, pathArg));
    }

    /** stat of a device path, or of the filesystem's file. */
    private static FileStat stat(ProcessState p, String path, boolean follow) {
        FileStat device = Devices.stat(GuestPaths.normalizeAbsolute(path));
        return device != null ? device : p.vfs().stat(path, follow);
    }

    /** The path string at argument positions (ptr, len): EILSEQ, EINVAL for a NUL, ENAMETOOLONG. */
    private static String pathString(Call c, int ptrArg) {
        return pathString(c.mem(), c.i32(ptrArg), c.i32(ptrArg + 1));
    }

    private static String pathString(GuestMemory m, int ptr, int len) {
        // refuse before copying: a hostile length must not make the host allocate gigabytes
        if (Integer.toUnsignedLong(len) >= GuestPaths.PATH_MAX) {
            throw new ErrnoException(Errno.ENAMETOOLONG);
        }
        return GuestPaths.decode(m.bytes(ptr, len), 0, len);
    }

    /** Joins {@code rel} onto the directory {@code dirfd} refers to. */
    static String resolve(ProcessState p, int dirfd, String rel) {
        FdEntry e = p.fds().get(dirfd);
        if (e.resource() instanceof FileResource f) {
            return p.vfs().pathAt(f.file(), rel);
        }
        throw new ErrnoException(Errno.ENOTDIR);
    }

    private static long inheritingRights(ProcessState p, int dirfd) {
        return p.fds().get(dirfd).description().rightsInheriting();
    }

    private static String preopenName(ProcessState p, int fd) {
        if (!p.isPreopen(fd)) {
            throw new ErrnoException(Errno.EBADF);
        }
        return p.preopens().get(fd).path();
    }

    /** The file behind {@code fd}; streams answer EINVAL (ftruncate on a pipe) or ESPIPE. */
    private static OpenFile file(FdTable fds, int fd) {
        FdEntry e = fds.get(fd);
        if (e.resource() instanceof FileResource f) {
            return f.file();
        }
        throw new ErrnoException(Errno.EINVAL);
    }

    private static boolean follow(int lookup) {
        return (lookup & LookupFlags.SYMLINK_FOLLOW) != 0;
    }

    static void writeFilestat(GuestMemory m, int at, FileStat st) {
        m.check(at, Filestat.SIZE);
        m.zero(at, Filestat.SIZE);
        m.putI64(at + Filestat.DEV, st.dev());
        m.putI64(at + Filestat.INO, st.ino());
        m.putU8(at + Filestat.FILETYPE, st.filetype().code());
        m.putI64(at + Filestat.NLINK, st.nlink());
        m.putI64(at + Filestat.FILESIZE, st.size());
        m.putI64(at + Filestat.ATIM, st.atim());
        m.putI64(at + Filestat.MTIM, st.mtim());
        m.putI64(at + Filestat.CTIM, st.ctim());
    }

    /** Preview 0's filestat: nlink is a u32, capped as wasmtime does rather than wrapped. */
    static void writeFilestatUnstable(GuestMemory m, int at, FileStat st) {
        m.check(at, FilestatUnstable.SIZE);
        m.zero(at, FilestatUnstable.SIZE);
        m.putI64(at + FilestatUnstable.DEV, st.dev());
        m.putI64(at + FilestatUnstable.INO, st.ino());
        m.putU8(at + FilestatUnstable.FILETYPE, st.filetype().code());
        m.putI32(at + FilestatUnstable.NLINK, (int) Math.min(st.nlink(), MAX_U32));
        m.putI64(at + FilestatUnstable.FILESIZE, st.size());
        m.putI64(at + FilestatUnstable.ATIM, st.atim());
        m.putI64(at + FilestatUnstable.MTIM, st.mtim());
        m.putI64(at + FilestatUnstable.CTIM, st.ctim());
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

}
