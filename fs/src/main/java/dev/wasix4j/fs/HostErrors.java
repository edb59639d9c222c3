package dev.wasix4j.fs;

import dev.wasix4j.abi.Errno;
import dev.wasix4j.abi.ErrnoException;
import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.NotLinkException;
import java.util.Locale;

/**
 * java.nio reports most OS errors as a FileSystemException carrying strerror text; this maps the
 * exception types and those (glibc, English) texts back to errnos. Providers pre-check the common
 * conditions themselves, so this mostly matters for races and unusual host states.
 */
final class HostErrors {
    private HostErrors() {}

    static ErrnoException map(IOException e) {
        Errno errno = switch (e) {
            case NoSuchFileException x -> Errno.ENOENT;
            case FileAlreadyExistsException x -> Errno.EEXIST;
            case DirectoryNotEmptyException x -> Errno.ENOTEMPTY;
            case NotDirectoryException x -> Errno.ENOTDIR;
            case AccessDeniedException x -> Errno.EACCES;
            case NotLinkException x -> Errno.EINVAL;
            case FileSystemLoopException x -> Errno.ELOOP;
            case ClosedChannelException x -> Errno.EBADF;
            case FileSystemException x -> byReason(x.getReason());
            default -> byReason(e.getMessage());
        };
        return new ErrnoException(errno, String.valueOf(e.getMessage()));
    }

    static ErrnoException map(InvalidPathException e) {
        return new ErrnoException(e.getReason().contains("Nul") ? Errno.EINVAL : Errno.EILSEQ, e.getMessage());
    }

    private static Errno byReason(String reason) {
        if (reason == null) {
            return Errno.EIO;
        }
        String r = reason.toLowerCase(Locale.ROOT);
        if (r.contains("too many levels of symbolic links")) {
            return Errno.ELOOP;
        } else if (r.contains("not a directory")) {
            return Errno.ENOTDIR;
        } else if (r.contains("is a directory")) {
            return Errno.EISDIR;
        } else if (r.contains("directory not empty")) {
            return Errno.ENOTEMPTY;
        } else if (r.contains("read-only file system")) {
            return Errno.EROFS;
        } else if (r.contains("cross-device")) {
            return Errno.EXDEV;
        } else if (r.contains("no space left")) {
            return Errno.ENOSPC;
        } else if (r.contains("file name too long")) {
            return Errno.ENAMETOOLONG;
        } else if (r.contains("operation not permitted")) {
            return Errno.EPERM;
        } else if (r.contains("permission denied")) {
            return Errno.EACCES;
        } else if (r.contains("invalid argument")) {
            return Errno.EINVAL;
        } else if (r.contains("device or resource busy")) {
            return Errno.EBUSY;
        } else if (r.contains("file too large")) {
            return Errno.EFBIG;
        } else if (r.contains("disk quota")) {
            return Errno.EDQUOT;
        } else if (r.contains("too many links")) {
            return Errno.EMLINK;
        } else if (r.contains("too many open files")) {
            return Errno.EMFILE;
        } else if (r.contains("file exists")) {
            return Errno.EEXIST;
        } else if (r.contains("no such file")) {
            return Errno.ENOENT;
        }
        return Errno.EIO;
    }
}
