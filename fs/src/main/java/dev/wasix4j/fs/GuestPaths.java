package dev.wasix4j.fs;

import dev.wasix4j.abi.Errno;
import dev.wasix4j.abi.ErrnoException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Guest path strings: decoding from guest bytes, validation, splitting, lexical normalisation. */
public final class GuestPaths {
    /** Linux PATH_MAX: bytes including the terminating NUL, so a path may have PATH_MAX - 1 bytes. */
    public static final int PATH_MAX = 4096;
    /** Linux NAME_MAX: bytes of one component. */
    public static final int NAME_MAX = 255;
    /** Linux MAXSYMLINKS: symlinks followed during one resolution before ELOOP. */
    public static final int MAX_SYMLINK_FOLLOWS = 40;

    private static final char NUL = '\0';
    private static final char SEPARATOR = '/';

    private GuestPaths() {}

    /**
     * Decodes a path the guest passed as (ptr, len) bytes: invalid UTF-8 is EILSEQ, a NUL byte EINVAL,
     * PATH_MAX bytes or more ENAMETOOLONG.
     */
    public static String decode(ByteBuffer bytes) {
        if (bytes.remaining() >= PATH_MAX) {
            throw new ErrnoException(Errno.ENAMETOOLONG);
        }
        for (int i = bytes.position(); i < bytes.limit(); i++) {
            if (bytes.get(i) == 0) {
                throw new ErrnoException(Errno.EINVAL, "NUL byte in path");
            }
        }
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        try {
            CharBuffer chars = decoder.decode(bytes.duplicate());
            return chars.toString();
        } catch (CharacterCodingException e) {
            throw new ErrnoException(Errno.EILSEQ, "path is not valid UTF-8");
        }
    }

    public static String decode(byte[] bytes, int offset, int length) {
        return decode(ByteBuffer.wrap(bytes, offset, length));
    }

    /**
     * Checks a whole path string: NUL is EINVAL, an unpaired surrogate EILSEQ, too many bytes or a too
     * long component ENAMETOOLONG.
     */
    public static void validate(String path) {
        long total = 0;
        long component = 0;
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            int bytes;
            if (c == NUL) {
                throw new ErrnoException(Errno.EINVAL, "NUL byte in path");
            } else if (c == SEPARATOR) {
                component = 0;
                total++;
                continue;
            } else if (c < 0x80) {
                bytes = 1;
            } else if (c < 0x800) {
                bytes = 2;
            } else if (Character.isHighSurrogate(c)) {
                if (i + 1 >= path.length() || !Character.isLowSurrogate(path.charAt(i + 1))) {
                    throw new ErrnoException(Errno.EILSEQ, "unpaired surrogate in path");
                }
                i++;
                bytes = 4;
            } else if (Character.isLowSurrogate(c)) {
                throw new ErrnoException(Errno.EILSEQ, "unpaired surrogate in path");
            } else {
                bytes = 3;
            }
            total += bytes;
            component += bytes;
            if (component > NAME_MAX) {
                throw new ErrnoException(Errno.ENAMETOOLONG);
            }
        }
        if (total >= PATH_MAX) {
            throw new ErrnoException(Errno.ENAMETOOLONG);
        }
    }

    /** Checks one name handed to a provider: never empty, ".", "..", and no '/' or NUL. */
    static void checkName(String name) {
        if (name.isEmpty() || name.equals(".") || name.equals("..") || name.indexOf(SEPARATOR) >= 0) {
            throw new ErrnoException(Errno.EINVAL, "bad name: " + name);
        }
        validate(name);
    }

    /** The components of a path, empty and "." ones included (the resolver decides what they mean). */
    static List<String> split(String path) {
        List<String> parts = new ArrayList<>();
        int start = 0;
        for (int i = 0; i <= path.length(); i++) {
            if (i == path.length() || path.charAt(i) == SEPARATOR) {
                if (i > start) {
                    parts.add(path.substring(start, i));
                }
                start = i + 1;
            }
        }
        return parts;
    }

    /**
     * Joins a directory's absolute guest path and a path relative to it (what a {@code path_*} call on a
     * directory fd names). An absolute-looking {@code rel} stays relative to the directory, as WASI
     * preopens require ("/" preopen + "/home/x" = "/home/x"). An empty {@code rel} is ENOENT, as on Linux.
     */
    public static String join(String dirPath, String rel) {
        if (rel.isEmpty()) {
            throw new ErrnoException(Errno.ENOENT, "empty path");
        }
        return dirPath.endsWith("/") ? dirPath + rel : dirPath + SEPARATOR + rel;
    }

    /**
     * Lexical normalisation of an absolute path: removes "", "." and resolves ".." textually, never above "/".
     * Used for mount points (which contain no symlinks); the resolver does the real work for guest paths.
     */
    public static String normalizeAbsolute(String path) {
        List<String> out = new ArrayList<>();
        for (String c : split(path)) {
            if (c.equals(".")) {
                continue;
            }
            if (c.equals("..")) {
                if (!out.isEmpty()) {
                    out.removeLast();
                }
                continue;
            }
            out.add(c);
        }
        return "/" + String.join("/", out);
    }
}
