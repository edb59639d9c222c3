package dev.wasix4j.fs;

import static dev.wasix4j.fs.FsTestSupport.assertErrno;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.wasix4j.abi.Errno;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class GuestPathsTest {
    @Test
    void decodeStrictUtf8() {
        byte[] ok = "/home/caf\u00e9/\ud83d\ude00".getBytes(StandardCharsets.UTF_8);
        assertEquals("/home/caf\u00e9/\ud83d\ude00", GuestPaths.decode(ok, 0, ok.length));
        assertEquals("home", GuestPaths.decode(ByteBuffer.wrap("/home/".getBytes(StandardCharsets.UTF_8), 1, 4)));
        assertErrno(Errno.EILSEQ, () -> GuestPaths.decode(new byte[] {(byte) 0xed, (byte) 0xa0, (byte) 0x80}, 0, 3));
        assertErrno(Errno.EILSEQ, () -> GuestPaths.decode(new byte[] {'a', (byte) 0x80}, 0, 2));
        assertErrno(Errno.EINVAL, () -> GuestPaths.decode(new byte[] {'a', 0}, 0, 2));
        assertErrno(Errno.ENAMETOOLONG, () -> GuestPaths.decode(new byte[GuestPaths.PATH_MAX], 0, GuestPaths.PATH_MAX));
    }

    @Test
    void validateLimits() {
        GuestPaths.validate("/" + "a".repeat(GuestPaths.NAME_MAX));
        assertErrno(Errno.ENAMETOOLONG, () -> GuestPaths.validate("/" + "a".repeat(GuestPaths.NAME_MAX + 1)));
        // 128 two-byte characters are 256 bytes: too long although only 128 chars
        assertErrno(Errno.ENAMETOOLONG, () -> GuestPaths.validate("/" + "\u00e9".repeat(128)));
        // 20 components of 200 bytes plus one of 95: exactly PATH_MAX - 1 bytes is accepted, one more is not
        String longest = ("/" + "x".repeat(199)).repeat(20) + "/" + "y".repeat(94);
        assertEquals(GuestPaths.PATH_MAX - 1, longest.length());
        GuestPaths.validate(longest);
        assertErrno(Errno.ENAMETOOLONG, () -> GuestPaths.validate(longest + "y"));
        assertErrno(Errno.EILSEQ, () -> GuestPaths.validate("/a\udc00"));
        assertErrno(Errno.EILSEQ, () -> GuestPaths.validate("/a\ud800"));
        assertErrno(Errno.EINVAL, () -> GuestPaths.validate("/a\0"));
    }

    @Test
    void splitJoinNormalize() {
        assertEquals(List.of("a", ".", "b", ".."), GuestPaths.split("//a/./b//../"));
        assertEquals("/x/y", GuestPaths.join("/x", "y"));
        assertEquals("/y", GuestPaths.join("/", "y"));
        assertErrno(Errno.ENOENT, () -> GuestPaths.join("/x", ""));
        assertEquals("/", GuestPaths.normalizeAbsolute("/../.."));
        assertEquals("/a/c", GuestPaths.normalizeAbsolute("/a/./b/../c/"));
    }

    @Test
    void fstFlagsSemantics() {
        long[] t = FstFlags.apply(5, 6, FstFlags.ATIM | FstFlags.MTIM_NOW, 99);
        assertEquals(5, t[0]);
        assertEquals(99, t[1]);
        t = FstFlags.apply(5, 6, 0, 99);
        assertEquals(FstFlags.UNCHANGED, t[0]);
        assertEquals(FstFlags.UNCHANGED, t[1]);
        assertErrno(Errno.EINVAL, () -> FstFlags.apply(0, 0, 0x10, 0));
    }
}
