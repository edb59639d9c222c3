package dev.wasix4j.fs;

import static dev.wasix4j.fs.FsTestSupport.CREATE_RW;
import static dev.wasix4j.fs.FsTestSupport.READ;
import static dev.wasix4j.fs.FsTestSupport.WRITE_TRUNC;
import static dev.wasix4j.fs.FsTestSupport.assertErrno;
import static dev.wasix4j.fs.FsTestSupport.bytes;
import static dev.wasix4j.fs.FsTestSupport.listAll;
import static dev.wasix4j.fs.FsTestSupport.names;
import static dev.wasix4j.fs.FsTestSupport.readAll;
import static dev.wasix4j.fs.FsTestSupport.readFile;
import static dev.wasix4j.fs.FsTestSupport.runConcurrently;
import static dev.wasix4j.fs.FsTestSupport.writeFile;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.wasix4j.abi.Errno;
import dev.wasix4j.abi.ErrnoException;
import dev.wasix4j.abi.FileType;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Behaviour every provider must show through the {@link VirtualFileSystem}. Subclasses pick the provider
 * and the guest directory ({@link #base}) the tests work in.
 */
abstract class FileSystemContractTest {
    protected VirtualFileSystem vfs;
    protected String base;

    /** Builds the tree and returns the (existing, empty) guest directory to work in. */
    protected abstract String setUpTree();

    @BeforeEach
    void setUp() {
        base = setUpTree();
    }

    String p(String rel) {
        return base + "/" + rel;
    }

    // ---- create, stat, list, remove ----------------------------------------------------------------

    @Test
    void createWriteStatRead() {
        try (OpenFile f = vfs.open(p("a.txt"), CREATE_RW)) {
            assertEquals(5, f.write(bytes("hello")));
            FileStat st = f.stat();
            assertEquals(FileType.REGULAR_FILE, st.filetype());
            assertEquals(5, st.size());
            assertEquals(1, st.nlink());
        }
        FileStat st = vfs.stat(p("a.txt"), true);
        assertEquals(5, st.size());
        assertTrue(st.mtim() > 0 && st.ctim() > 0 && st.atim() > 0);
        assertEquals("hello", readFile(vfs, p("a.txt")));
        assertEquals(FileType.DIRECTORY, vfs.stat(base, true).filetype());
    }

    @Test
    void readdirListsEntriesWithTypesAndInodes() {
        vfs.mkdir(p("d"));
        writeFile(vfs, p("d/f1"), "1");
        vfs.mkdir(p("d/sub"));
        vfs.symlink("f1", p("d/ln"));
        try (OpenFile d = vfs.open(p("d"), OpenRequest.directoryRead())) {
            List<DirEntry> all = listAll(d, 2);
            Map<String, DirEntry> byName = new HashMap<>();
            for (DirEntry e : all) {
                assertTrue(byName.put(e.name(), e) == null, "duplicate " + e.name());
            }
            assertEquals(Set.of(".", "..", "f1", "sub", "ln"), byName.keySet());
            assertEquals(FileType.DIRECTORY, byName.get(".").type());
            assertEquals(vfs.stat(p("d"), true).ino(), byName.get(".").ino());
            assertEquals(vfs.stat(base, true).ino(), byName.get("..").ino());
            assertEquals(FileType.REGULAR_FILE, byName.get("f1").type());
            assertEquals(vfs.stat(p("d/f1"), true).ino(), byName.get("f1").ino());
            assertEquals(FileType.DIRECTORY, byName.get("sub").type());
            assertEquals(FileType.SYMBOLIC_LINK, byName.get("ln").type());
            assertEquals(vfs.stat(p("d/ln"), false).ino(), byName.get("ln").ino());
            assertTrue(d.readdir(all.getLast().nextCookie(), 10).isEmpty());
        }
    }

    @Test
    void removeFileAndDirectory() {
        vfs.mkdir(p("d"));
        writeFile(vfs, p("d/f"), "x");
        assertErrno(Errno.ENOTEMPTY, () -> vfs.rmdir(p("d")));
        vfs.unlink(p("d/f"));
        assertErrno(Errno.ENOENT, () -> vfs.stat(p("d/f"), true));
        vfs.rmdir(p("d"));
        assertErrno(Errno.ENOENT, () -> vfs.stat(p("d"), true));
        assertEquals(List.of(".", ".."), names(vfs, base));
    }

    @Test
    void dotAndDotDotAndDoubleSlashes() {
        vfs.mkdir(p("a"));
        vfs.mkdir(p("a/b"));
        writeFile(vfs, p("a/b/f"), "dots");
        assertEquals("dots", readFile(vfs, base + "/./a/./b/./f"));
        assertEquals("dots", readFile(vfs, base + "//a///b//f"));
        assertEquals("dots", readFile(vfs, base + "/a/b/../b/f"));
        assertEquals("dots", readFile(vfs, base + "/a/../a/b/../../a/b/f"));
        writeFile(vfs, p("a/b/../top"), "up");
        assertEquals("up", readFile(vfs, p("a/top")));
        assertEquals(vfs.realDirectory(base), vfs.realDirectory(base + "/a/b/../.."));
        assertEquals(vfs.realDirectory(p("a")), vfs.realDirectory(p("a/b/..")));
        assertEquals("/", vfs.realDirectory(base + "/../../../../../../.."));
    }

    @Test
    void distinctInodesForSameNamesInDifferentDirectories() {
        vfs.mkdir(p("x"));
        vfs.mkdir(p("y"));
        writeFile(vfs, p("x/same"), "1");
        writeFile(vfs, p("y/same"), "2");
        FileStat a = vfs.stat(p("x/same"), true);
        FileStat b = vfs.stat(p("y/same"), true);
        assertNotEquals(a.ino(), b.ino());
        assertEquals(a.dev(), b.dev());
        assertNotEquals(vfs.stat(p("x"), true).ino(), vfs.stat(p("y"), true).ino());
    }

    // ---- errnos ----------------------------------------------------------------------------------

    @Test
    void mkdirErrors() {
        assertErrno(Errno.ENOENT, () -> vfs.mkdir(p("missing/child")));
        writeFile(vfs, p("file"), "f");
        assertErrno(Errno.ENOTDIR, () -> vfs.mkdir(p("file/child")));
        vfs.mkdir(p("d"));
        assertErrno(Errno.EEXIST, () -> vfs.mkdir(p("d")));
        assertErrno(Errno.EEXIST, () -> vfs.mkdir(p("file")));
        assertErrno(Errno.EEXIST, () -> vfs.mkdir(p("d/..")));
        vfs.mkdir(p("e/"));
        assertEquals(FileType.DIRECTORY, vfs.stat(p("e"), true).filetype());
        vfs.symlink("nowhere", p("dangling"));
        assertErrno(Errno.EEXIST, () -> vfs.mkdir(p("dangling")));
    }

    @Test
    void openErrors() {
        writeFile(vfs, p("file"), "f");
        vfs.mkdir(p("dir"));
        assertErrno(Errno.ENOTDIR, () -> vfs.open(p("file/child"), READ));
        assertErrno(Errno.ENOTDIR, () -> vfs.open(p("file/child"), CREATE_RW));
        assertErrno(Errno.ENOTDIR, () -> vfs.open(p("file/"), READ));
        assertErrno(Errno.ENOTDIR, () -> vfs.stat(p("file/"), true));
        assertErrno(Errno.ENOTDIR, () -> vfs.stat(p("file/."), true));
        assertErrno(Errno.ENOENT, () -> vfs.open(p("nope"), READ));
        assertErrno(Errno.ENOENT, () -> vfs.open(p("nodir/x"), CREATE_RW));
        assertErrno(Errno.EEXIST, () -> vfs.open(p("file"), CREATE_RW.withExclusive(true)));
        assertErrno(Errno.ENOTDIR, () -> vfs.open(p("file"), OpenRequest.directoryRead()));
        assertErrno(Errno.EISDIR, () -> vfs.open(p("dir"), CREATE_RW));
        assertErrno(Errno.EISDIR, () -> vfs.open(p("dir"), WRITE_TRUNC.withCreate(false)));
        assertErrno(Errno.EISDIR, () -> vfs.open(p("newdir/"), CREATE_RW));
        assertErrno(Errno.ENOENT, () -> vfs.open("", READ));
        vfs.symlink("nowhere", p("dangling"));
        assertErrno(Errno.EEXIST, () -> vfs.open(p("dangling"), CREATE_RW.withExclusive(true)));
        assertErrno(Errno.ENOENT, () -> vfs.stat(p("nowhere"), true));
        try (OpenFile d = vfs.open(p("dir"), READ)) {
            assertTrue(d.isDirectory());
            assertErrno(Errno.EISDIR, () -> d.read(ByteBuffer.allocate(4)));
        }
        try (OpenFile f = vfs.open(p("file"), READ)) {
            assertErrno(Errno.ENOTDIR, () -> f.readdir(0, 10));
            assertErrno(Errno.EBADF, () -> f.write(bytes("no")));
        }
    }

    @Test
    void removeErrors() {
        writeFile(vfs, p("file"), "f");
        vfs.mkdir(p("dir"));
        writeFile(vfs, p("dir/inner"), "i");
        assertErrno(Errno.ENOTDIR, () -> vfs.rmdir(p("file")));
        assertErrno(Errno.EISDIR, () -> vfs.unlink(p("dir")));
        assertErrno(Errno.ENOTEMPTY, () -> vfs.rmdir(p("dir")));
        assertErrno(Errno.ENOENT, () -> vfs.unlink(p("missing")));
        assertErrno(Errno.ENOENT, () -> vfs.rmdir(p("missing")));
        assertErrno(Errno.ENOTDIR, () -> vfs.unlink(p("file/")));
        assertErrno(Errno.EINVAL, () -> vfs.rmdir(p("dir/.")));
        assertErrno(Errno.ENOTEMPTY, () -> vfs.rmdir(p("dir/..")));
    }

    @Test
    void renameErrors() {
        vfs.mkdir(p("d1"));
        vfs.mkdir(p("d2"));
        writeFile(vfs, p("d2/x"), "x");
        vfs.mkdir(p("empty"));
        writeFile(vfs, p("f"), "f");
        assertErrno(Errno.ENOTEMPTY, () -> vfs.rename(p("d1"), p("d2")));
        assertErrno(Errno.EISDIR, () -> vfs.rename(p("f"), p("d1")));
        assertErrno(Errno.ENOTDIR, () -> vfs.rename(p("d1"), p("f")));
        vfs.mkdir(p("d1/sub"));
        assertErrno(Errno.EINVAL, () -> vfs.rename(p("d1"), p("d1/sub/inside")));
        assertErrno(Errno.ENOENT, () -> vfs.rename(p("missing"), p("x")));
        assertErrno(Errno.ENOENT, () -> vfs.rename(p("f"), p("missing/x")));
        assertErrno(Errno.ENOTDIR, () -> vfs.rename(p("f/"), p("g")));
        // dir over an empty dir is allowed
        vfs.rename(p("d1"), p("empty"));
        assertEquals(FileType.DIRECTORY, vfs.stat(p("empty/sub"), true).filetype());
        assertErrno(Errno.ENOENT, () -> vfs.stat(p("d1"), true));
    }

    @Test
    void readlinkOfNonSymlinkIsEinval() {
        writeFile(vfs, p("f"), "f");
        assertErrno(Errno.EINVAL, () -> vfs.readlink(p("f")));
        assertErrno(Errno.EINVAL, () -> vfs.readlink(base));
        assertErrno(Errno.ENOENT, () -> vfs.readlink(p("missing")));
    }

    // ---- rename ------------------------------------------------------------------------------------

    @Test
    void renameAcrossDirectoriesKeepsInodeAndContent() {
        vfs.mkdir(p("src"));
        vfs.mkdir(p("dst"));
        writeFile(vfs, p("src/f"), "moving");
        long ino = vfs.stat(p("src/f"), true).ino();
        vfs.rename(p("src/f"), p("dst/g"));
        assertErrno(Errno.ENOENT, () -> vfs.stat(p("src/f"), true));
        assertEquals(ino, vfs.stat(p("dst/g"), true).ino());
        assertEquals("moving", readFile(vfs, p("dst/g")));
        // replace an existing file atomically
        writeFile(vfs, p("dst/h"), "old");
        vfs.rename(p("dst/g"), p("dst/h"));
        assertEquals("moving", readFile(vfs, p("dst/h")));
        assertEquals(List.of(".", "..", "h"), names(vfs, p("dst")));
        // a directory with contents moves as a whole
        vfs.mkdir(p("src/tree"));
        writeFile(vfs, p("src/tree/leaf"), "leaf");
        vfs.rename(p("src/tree"), p("dst/tree"));
        assertEquals("leaf", readFile(vfs, p("dst/tree/leaf")));
        assertEquals(vfs.stat(p("dst"), true).ino(), vfs.stat(p("dst/tree/.."), true).ino());
        // renaming onto itself is a no-op
        vfs.rename(p("dst/h"), p("dst/h"));
        assertEquals("moving", readFile(vfs, p("dst/h")));
    }

    @Test
    void directoryHandleFollowsRename() {
        vfs.mkdir(p("old"));
        try (OpenFile d = vfs.open(p("old"), OpenRequest.directoryRead())) {
            try (OpenFile f = vfs.open(d, "inside", CREATE_RW)) {
                f.write(bytes("in"));
            }
            assertEquals(p("old"), vfs.guestPath(d));
            assertEquals("in", readFile(vfs, vfs.pathAt(d, "inside")));
        }
    }

    // ---- file data -----------------------------------------------------------------------------

    @Test
    void pwriteExtendsSizeSparsely() {
        try (OpenFile f = vfs.open(p("sparse"), CREATE_RW)) {
            f.pwrite(bytes("end"), 100_000);
            assertEquals(100_003, f.stat().size());
            assertEquals(0, f.position());
            ByteBuffer hole = ByteBuffer.allocate(10);
            assertEquals(10, f.pread(hole, 50_000));
            assertArrayEquals(new byte[10], hole.array());
            ByteBuffer tail = ByteBuffer.allocate(10);
            assertEquals(3, f.pread(tail, 100_000));
            assertEquals("end", new String(tail.array(), 0, 3, StandardCharsets.UTF_8));
            assertEquals(0, f.pread(ByteBuffer.allocate(4), 200_000));
            assertErrno(Errno.EINVAL, () -> f.pwrite(bytes("x"), -1));
        }
        assertEquals(100_003, vfs.stat(p("sparse"), true).size());
    }

    @Test
    void truncateAndExtendReadZeros() {
        try (OpenFile f = vfs.open(p("t"), CREATE_RW)) {
            f.write(bytes("abcdefghij"));
            f.setSize(3);
            assertEquals(3, f.stat().size());
            f.setSize(8);
            ByteBuffer all = ByteBuffer.allocate(8);
            f.pread(all, 0);
            assertArrayEquals(new byte[] {'a', 'b', 'c', 0, 0, 0, 0, 0}, all.array());
            f.allocate(0, 20);
            assertEquals(20, f.stat().size());
            f.allocate(0, 5);
            assertEquals(20, f.stat().size());
            assertErrno(Errno.EINVAL, () -> f.setSize(-1));
        }
        try (OpenFile ro = vfs.open(p("t"), READ)) {
            assertErrno(Errno.EINVAL, () -> ro.setSize(0));
        }
        try (OpenFile t = vfs.open(p("t"), WRITE_TRUNC)) {
            assertEquals(0, t.stat().size());
        }
    }

    @Test
    void seekWhence() {
        try (OpenFile f = vfs.open(p("s"), CREATE_RW)) {
            f.write(bytes("0123456789"));
            assertEquals(10, f.position());
            assertEquals(2, f.seek(2, Whence.SET));
            assertEquals(5, f.seek(3, Whence.CUR));
            ByteBuffer one = ByteBuffer.allocate(1);
            f.read(one);
            assertEquals('5', one.get(0));
            assertEquals(8, f.seek(-2, Whence.END));
            assertEquals(20, f.seek(10, Whence.END));
            assertErrno(Errno.EINVAL, () -> f.seek(-1, Whence.SET));
            assertErrno(Errno.EINVAL, () -> f.seek(-21, Whence.END));
            assertEquals(20, f.position());
        }
    }

    @Test
    void appendModeAndPwriteOnAppend() {
        writeFile(vfs, p("log"), "a");
        try (OpenFile f = vfs.open(p("log"), CREATE_RW.withAppend(true))) {
            f.seek(0, Whence.SET);
            f.write(bytes("b"));
            assertEquals(2, f.position());
            // Linux: pwrite on O_APPEND appends, ignoring the offset.
            f.pwrite(bytes("c"), 0);
            assertTrue(f.isAppend());
            f.setAppend(false);
            f.pwrite(bytes("X"), 0);
        }
        assertEquals("Xbc", readFile(vfs, p("log")));
    }

    @Test
    void largeOffsetsBeyondTwoGiB() {
        long threeGiB = 3L << 30;
        try (OpenFile f = vfs.open(p("big"), CREATE_RW)) {
            f.pwrite(bytes("far"), threeGiB);
            assertEquals(threeGiB + 3, f.stat().size());
            assertEquals(threeGiB + 3, f.seek(0, Whence.END));
            ByteBuffer b = ByteBuffer.allocate(3);
            f.pread(b, threeGiB);
            assertEquals("far", new String(b.array(), StandardCharsets.UTF_8));
            f.setSize(threeGiB - 1);
            assertEquals(threeGiB - 1, vfs.stat(p("big"), true).size());
            f.setSize(0);
        }
    }

    @Test
    void setTimesFlags() {
        writeFile(vfs, p("t"), "t");
        long atim = 1_000_000_123L;
        long mtim = 2_000_000_456L;
        vfs.setTimes(p("t"), true, atim, mtim, FstFlags.ATIM | FstFlags.MTIM);
        FileStat st = vfs.stat(p("t"), true);
        assertEquals(atim, st.atim());
        assertEquals(mtim, st.mtim());
        vfs.setTimes(p("t"), true, 0, 0, FstFlags.MTIM_NOW);
        FileStat now = vfs.stat(p("t"), true);
        assertEquals(atim, now.atim());
        assertTrue(now.mtim() > mtim);
        assertErrno(Errno.EINVAL, () -> vfs.setTimes(p("t"), true, 0, 0, FstFlags.ATIM | FstFlags.ATIM_NOW));
        assertErrno(Errno.EINVAL, () -> vfs.setTimes(p("t"), true, 0, 0, FstFlags.MTIM | FstFlags.MTIM_NOW));
        try (OpenFile f = vfs.open(p("t"), READ)) {
            f.setTimes(5_000_000_000L, 0, FstFlags.ATIM);
            assertEquals(5_000_000_000L, f.stat().atim());
        }
        vfs.symlink("t", p("ln"));
        vfs.setTimes(p("ln"), false, 7_000_000_000L, 7_000_000_000L, FstFlags.ATIM | FstFlags.MTIM);
        assertEquals(7_000_000_000L, vfs.stat(p("ln"), false).mtim());
        assertEquals(now.mtim(), vfs.stat(p("t"), true).mtim());
    }

    // ---- symlinks and hard links ---------------------------------------------------------------

    @Test
    void symlinkOpenReadWriteThrough() {
        vfs.mkdir(p("real"));
        writeFile(vfs, p("real/f"), "data");
        vfs.symlink("real/f", p("rel"));
        vfs.symlink(p("real/f"), p("abs"));
        vfs.symlink("real", p("dirlink"));
        assertEquals("data", readFile(vfs, p("rel")));
        assertEquals("data", readFile(vfs, p("abs")));
        assertEquals("data", readFile(vfs, p("dirlink/f")));
        try (OpenFile f = vfs.open(p("rel"), CREATE_RW.withAppend(true))) {
            f.write(bytes("+more"));
        }
        assertEquals("data+more", readFile(vfs, p("real/f")));
        assertEquals("real/f", vfs.readlink(p("rel")));
        assertEquals(FileType.SYMBOLIC_LINK, vfs.stat(p("rel"), false).filetype());
        assertEquals(FileType.REGULAR_FILE, vfs.stat(p("rel"), true).filetype());
        assertErrno(Errno.ELOOP, () -> vfs.open(p("rel"), READ.withFollowSymlinks(false)));
        assertEquals(vfs.realDirectory(p("real")), vfs.realDirectory(p("dirlink")));
        assertEquals(FileType.DIRECTORY, vfs.stat(p("dirlink/"), false).filetype());
        // O_CREAT through a dangling symlink creates the target
        vfs.symlink("real/created", p("dangling"));
        try (OpenFile f = vfs.open(p("dangling"), CREATE_RW)) {
            f.write(bytes("new"));
        }
        assertEquals("new", readFile(vfs, p("real/created")));
        // unlink removes the link, not the target
        vfs.unlink(p("rel"));
        assertEquals("data+more", readFile(vfs, p("real/f")));
    }

    @Test
    void symlinkLoopsAreEloop() {
        vfs.symlink("b", p("a"));
        vfs.symlink("a", p("b"));
        assertErrno(Errno.ELOOP, () -> vfs.open(p("a"), READ));
        assertErrno(Errno.ELOOP, () -> vfs.stat(p("a/x"), true));
        vfs.symlink("self/x", p("self"));
        assertErrno(Errno.ELOOP, () -> vfs.stat(p("self"), true));
        assertEquals(FileType.SYMBOLIC_LINK, vfs.stat(p("a"), false).filetype());
        // a chain of 40 is fine, 41 is not
        vfs.mkdir(p("chain"));
        writeFile(vfs, p("chain/end"), "end");
        vfs.symlink("end", p("chain/l0"));
        for (int i = 1; i <= GuestPaths.MAX_SYMLINK_FOLLOWS; i++) {
            vfs.symlink("l" + (i - 1), p("chain/l" + i));
        }
        assertEquals("end", readFile(vfs, p("chain/l" + (GuestPaths.MAX_SYMLINK_FOLLOWS - 1))));
        assertErrno(Errno.ELOOP, () -> vfs.open(p("chain/l" + GuestPaths.MAX_SYMLINK_FOLLOWS), READ));
    }

    @Test
    void hardLinksShareInodeAndCountLinks() {
        writeFile(vfs, p("orig"), "shared");
        vfs.mkdir(p("other"));
        vfs.link(p("orig"), p("other/alias"), false);
        FileStat a = vfs.stat(p("orig"), true);
        FileStat b = vfs.stat(p("other/alias"), true);
        assertEquals(a.ino(), b.ino());
        assertEquals(2, a.nlink());
        try (OpenFile f = vfs.open(p("other/alias"), CREATE_RW.withAppend(true))) {
            f.write(bytes("!"));
        }
        assertEquals("shared!", readFile(vfs, p("orig")));
        vfs.unlink(p("orig"));
        assertEquals(1, vfs.stat(p("other/alias"), true).nlink());
        assertErrno(Errno.EEXIST, () -> vfs.link(p("other/alias"), p("other/alias"), false));
        assertErrno(Errno.EPERM, () -> vfs.link(p("other"), p("dirlink"), false));
        assertErrno(Errno.ENOENT, () -> vfs.link(p("missing"), p("x"), false));
        // link to a symlink without following links the symlink itself
        vfs.symlink("other/alias", p("sl"));
        vfs.link(p("sl"), p("sl2"), false);
        assertEquals(FileType.SYMBOLIC_LINK, vfs.stat(p("sl2"), false).filetype());
        vfs.link(p("sl"), p("followed"), true);
        assertEquals(vfs.stat(p("other/alias"), true).ino(), vfs.stat(p("followed"), false).ino());
    }

    @Test
    void directoryLinkCounts() {
        vfs.mkdir(p("d"));
        assertEquals(2, vfs.stat(p("d"), true).nlink());
        vfs.mkdir(p("d/a"));
        vfs.mkdir(p("d/b"));
        assertEquals(4, vfs.stat(p("d"), true).nlink());
    }

    @Test
    void unlinkedButOpenFileStaysUsable() {
        OpenFile f = vfs.open(p("ghost"), CREATE_RW);
        try {
            f.write(bytes("boo"));
            vfs.unlink(p("ghost"));
            assertErrno(Errno.ENOENT, () -> vfs.stat(p("ghost"), true));
            f.write(bytes("!"));
            f.seek(0, Whence.SET);
            assertEquals("boo!", readAll(f));
            assertEquals(4, f.stat().size());
            // a new file with that name is a different inode
            writeFile(vfs, p("ghost"), "new");
            assertNotEquals(vfs.stat(p("ghost"), true).ino(), f.stat().ino());
        } finally {
            f.close();
        }
        assertErrno(Errno.EBADF, () -> f.read(ByteBuffer.allocate(1)));
        f.close();
    }

    // ---- readdir stability ---------------------------------------------------------------------

    @Test
    void readdirCookiesSurviveChanges() {
        vfs.mkdir(p("d"));
        for (int i = 0; i < 6; i++) {
            writeFile(vfs, p("d/f" + i), "");
        }
        try (OpenFile d = vfs.open(p("d"), OpenRequest.directoryRead())) {
            List<DirEntry> first = d.readdir(0, 4); // ".", "..", and two files
            assertEquals(4, first.size());
            Set<String> seen = new HashSet<>();
            first.forEach(e -> seen.add(e.name()));
            String seenFile = first.get(2).name();
            String unseenVictim = null;
            for (int i = 0; i < 6; i++) {
                if (!seen.contains("f" + i)) {
                    unseenVictim = "f" + i;
                    break;
                }
            }
            vfs.unlink(p("d/" + unseenVictim));
            vfs.unlink(p("d/" + seenFile));
            writeFile(vfs, p("d/added"), "");
            List<DirEntry> rest = listFrom(d, first.getLast().nextCookie());
            Set<String> restNames = new HashSet<>();
            for (DirEntry e : rest) {
                assertTrue(restNames.add(e.name()), "duplicate " + e.name());
                assertFalse(seen.contains(e.name()), "repeated " + e.name());
            }
            assertFalse(restNames.contains(unseenVictim));
            assertTrue(restNames.contains("added"));
            assertEquals(6 - 2 - 1 + 1, restNames.size());
        }
    }

    private static List<DirEntry> listFrom(OpenFile d, long cookie) {
        List<DirEntry> out = new ArrayList<>();
        long c = cookie;
        while (true) {
            List<DirEntry> chunk = d.readdir(c, 2);
            if (chunk.isEmpty()) {
                return out;
            }
            out.addAll(chunk);
            c = chunk.getLast().nextCookie();
        }
    }

    @Test
    void readdirCookiesStableUnderConcurrentAddRemove() throws Exception {
        vfs.mkdir(p("busy"));
        int stable = 20;
        for (int i = 0; i < stable; i++) {
            writeFile(vfs, p("busy/keep" + i), "");
        }
        AtomicBoolean stop = new AtomicBoolean();
        Thread churn = new Thread(() -> {
            int n = 0;
            while (!stop.get()) {
                String name = p("busy/tmp" + (n++ % 7));
                try {
                    writeFile(vfs, name, "");
                    vfs.unlink(name);
                } catch (ErrnoException ignored) {
                    // another round raced with us: fine
                }
            }
        });
        churn.start();
        try {
            for (int pass = 0; pass < 30; pass++) {
                try (OpenFile d = vfs.open(p("busy"), OpenRequest.directoryRead())) {
                    List<DirEntry> all = listAll(d, 3);
                    Map<String, Integer> count = new HashMap<>();
                    for (DirEntry e : all) {
                        count.merge(e.name(), 1, Integer::sum);
                    }
                    for (int i = 0; i < stable; i++) {
                        assertEquals(1, count.getOrDefault("keep" + i, 0), "keep" + i + " in pass " + pass);
                    }
                    count.forEach((name, c) -> assertEquals(1, c, "duplicate " + name));
                }
            }
        } finally {
            stop.set(true);
            churn.join();
        }
    }

    // ---- concurrency ---------------------------------------------------------------------------

    @Test
    void concurrentAppendsNeverInterleave() throws Exception {
        int threads = 4;
        int perThread = 200;
        int record = 64;
        vfs.open(p("appendlog"), CREATE_RW).close();
        runConcurrently(threads, id -> {
            byte[] rec = new byte[record];
            java.util.Arrays.fill(rec, (byte) ('A' + id));
            rec[record - 1] = '\n';
            try (OpenFile f = vfs.open(p("appendlog"), CREATE_RW.withAppend(true).withCreate(false))) {
                for (int i = 0; i < perThread; i++) {
                    f.write(ByteBuffer.wrap(rec));
                }
            }
        });
        try (OpenFile f = vfs.open(p("appendlog"), READ)) {
            long size = f.stat().size();
            assertEquals((long) threads * perThread * record, size);
            ByteBuffer all = ByteBuffer.allocate((int) size);
            f.pread(all, 0);
            byte[] data = all.array();
            int[] perWriter = new int[threads];
            for (int r = 0; r < size / record; r++) {
                byte first = data[r * record];
                for (int j = 0; j < record - 1; j++) {
                    if (data[r * record + j] != first) {
                        fail("record " + r + " interleaved");
                    }
                }
                perWriter[first - 'A']++;
            }
            for (int c : perWriter) {
                assertEquals(perThread, c);
            }
        }
    }

    @Test
    void exclusiveCreateAdmitsExactlyOneCreator() throws Exception {
        int threads = 4;
        int rounds = 50;
        for (int round = 0; round < rounds; round++) {
            String name = p("excl" + round);
            AtomicInteger winners = new AtomicInteger();
            runConcurrently(threads, id -> {
                try (OpenFile f = vfs.open(name, CREATE_RW.withExclusive(true))) {
                    winners.incrementAndGet();
                    f.write(bytes("w" + id));
                } catch (ErrnoException e) {
                    assertEquals(Errno.EEXIST, e.errno());
                }
            });
            assertEquals(1, winners.get(), "round " + round);
        }
    }

    @Test
    void renameReplacesAtomically() throws Exception {
        String target = p("current");
        writeFile(vfs, target, "version-0000");
        int writers = 2;
        int versions = 150;
        AtomicBoolean done = new AtomicBoolean();
        AtomicInteger reads = new AtomicInteger();
        Thread reader = new Thread(() -> {
            while (!done.get()) {
                String s = readFile(vfs, target);
                if (!s.matches("version-\\d{4}")) {
                    throw new AssertionError("torn or missing content: '" + s + "'");
                }
                reads.incrementAndGet();
            }
        });
        List<Throwable> readerFailure = new ArrayList<>();
        reader.setUncaughtExceptionHandler((t, e) -> readerFailure.add(e));
        reader.start();
        try {
            runConcurrently(writers, id -> {
                for (int v = 1; v <= versions; v++) {
                    String tmp = p("tmp-" + id + "-" + v);
                    writeFile(vfs, tmp, String.format("version-%04d", v));
                    vfs.rename(tmp, target);
                }
            });
        } finally {
            done.set(true);
            reader.join();
        }
        assertTrue(readerFailure.isEmpty(), () -> String.valueOf(readerFailure));
        assertTrue(reads.get() > 0);
        assertEquals(List.of(".", "..", "current"), names(vfs, base));
    }

    @Test
    void concurrentDirectoryRenamesKeepTreeConsistent() throws Exception {
        // Two directories swapped into each other's subtree from two threads: no deadlock, no cycle.
        vfs.mkdir(p("a"));
        vfs.mkdir(p("b"));
        runConcurrently(2, id -> {
            for (int i = 0; i < 200; i++) {
                try {
                    if (id == 0) {
                        vfs.rename(p("a"), p("b/a"));
                        vfs.rename(p("b/a"), p("a"));
                    } else {
                        vfs.rename(p("b"), p("a/b"));
                        vfs.rename(p("a/b"), p("b"));
                    }
                } catch (ErrnoException e) {
                    if (e.errno() != Errno.ENOENT && e.errno() != Errno.EINVAL) {
                        throw e;
                    }
                }
            }
        });
        // Whatever the interleaving, both directories are still reachable from base.
        Set<String> reachable = new HashSet<>();
        collectDirs(base, reachable);
        assertTrue(reachable.stream().anyMatch(s -> s.endsWith("/a")));
        assertTrue(reachable.stream().anyMatch(s -> s.endsWith("/b")));
    }

    private void collectDirs(String dir, Set<String> out) {
        for (String n : names(vfs, dir)) {
            if (n.equals(".") || n.equals("..")) {
                continue;
            }
            String child = dir + "/" + n;
            if (vfs.stat(child, false).filetype() == FileType.DIRECTORY) {
                assertTrue(out.add(child));
                collectDirs(child, out);
            }
        }
    }
}
