package dev.wasix4j.fs;

import static dev.wasix4j.fs.FsTestSupport.CREATE_RW;
import static dev.wasix4j.fs.FsTestSupport.READ;
import static dev.wasix4j.fs.FsTestSupport.assertErrno;
import static dev.wasix4j.fs.FsTestSupport.names;
import static dev.wasix4j.fs.FsTestSupport.readFile;
import static dev.wasix4j.fs.FsTestSupport.writeFile;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wasix4j.abi.Errno;
import dev.wasix4j.abi.FileType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Mount table behaviour: defaults, crossing mounts, "..", EXDEV, mount points, handles. */
class VirtualFileSystemTest {
    @TempDir
    Path hostA;

    @TempDir
    Path hostB;

    @Test
    void defaultTreeHasWasmersRootDirectories() {
        VirtualFileSystem vfs = VirtualFileSystem.createDefault();
        assertEquals("/home", vfs.realDirectory("/home"));
        assertEquals("/tmp", vfs.realDirectory("/tmp/"));
        assertEquals(List.of(new MountInfo("/", false)), vfs.mounts());
        // as wasmer's root: /home and /tmp, and the empty /bin, /dev, /etc, /.app and /.private
        assertEquals(List.of(".", "..", ".app", ".private", "bin", "dev", "etc", "home", "tmp"), names(vfs, "/"));
        assertEquals("/", vfs.realDirectory("/.."));
        assertErrno(Errno.ENOENT, () -> vfs.realDirectory("/nope"));
        writeFile(vfs, "/home/f", "f");
        assertErrno(Errno.ENOTDIR, () -> vfs.realDirectory("/home/f"));
    }

    @Test
    void volumeDotMountsAtHome() throws IOException {
        Files.writeString(hostA.resolve("x.txt"), "from host");
        VirtualFileSystem vfs = VirtualFileSystem.create(List.of(MountSpec.parseVolume(hostA + ":.")));
        assertEquals("from host", readFile(vfs, "/home/x.txt"));
        assertTrue(vfs.isMountPoint("/home"));
        assertEquals(List.of(new MountInfo("/", false), new MountInfo("/home", false)), vfs.mounts());
    }

    @Test
    void pathCrossingMountsResolvesInTheRightProvider() throws IOException {
        Files.createDirectories(hostA.resolve("sub"));
        Files.writeString(hostB.resolve("b.txt"), "B");
        VirtualFileSystem vfs = VirtualFileSystem.create(List.of(
                MountSpec.parseVolume(hostA + ":/data"), MountSpec.parseVolume(hostB + ":/data/sub/inner")));
        assertEquals("B", readFile(vfs, "/data/sub/inner/b.txt"));
        assertEquals("B", readFile(vfs, "/data/sub/inner/../inner/b.txt"));
        // the mount point dir "inner" is not created on host A
        assertFalse(Files.exists(hostA.resolve("sub/inner")));
        FileStat a = vfs.stat("/data", true);
        FileStat b = vfs.stat("/data/sub/inner", true);
        FileStat root = vfs.stat("/", true);
        assertNotEquals(root.dev(), a.dev());
        assertEquals(FileType.DIRECTORY, b.filetype());
    }

    @Test
    void missingAncestorsOfAMountGetAPlaceholderNotAHostDirectory() throws IOException {
        Files.writeString(hostB.resolve("b.txt"), "B");
        VirtualFileSystem vfs = VirtualFileSystem.create(List.of(
                MountSpec.parseVolume(hostA + ":/data"), MountSpec.parseVolume(hostB + ":/data/x/y/z")));
        assertEquals("B", readFile(vfs, "/data/x/y/z/b.txt"));
        assertFalse(Files.exists(hostA.resolve("x")));
        assertEquals(List.of("/", "/data", "/data/x/y/z"),
                vfs.mounts().stream().map(MountInfo::guestPath).toList());
    }

    @Test
    void dotDotAtMountRootGoesToParentMountNeverAboveRoot() throws IOException {
        VirtualFileSystem vfs = VirtualFileSystem.create(List.of(MountSpec.parseVolume(hostA + ":/mnt/h")));
        writeFile(vfs, "/mnt/beside.txt", "beside");
        assertEquals("beside", readFile(vfs, "/mnt/h/../beside.txt"));
        assertEquals("/mnt", vfs.realDirectory("/mnt/h/.."));
        assertEquals(vfs.stat("/mnt", true).ino(), vfs.stat("/mnt/h/..", true).ino());
        assertEquals("/", vfs.realDirectory("/mnt/h/../../../../.."));
        // a host symlink with an absolute target means the guest's view
        Files.createSymbolicLink(hostA.resolve("to-tmp"), Path.of("/tmp"));
        writeFile(vfs, "/mnt/h/to-tmp/via-link", "in memory tmp");
        assertEquals("in memory tmp", readFile(vfs, "/tmp/via-link"));
        assertEquals("/tmp", vfs.realDirectory("/mnt/h/to-tmp"));
        // a relative one climbing out of the mount lands in the parent mount
        Files.createSymbolicLink(hostA.resolve("up"), Path.of("../.."));
        assertEquals("/", vfs.realDirectory("/mnt/h/up"));
    }

    @Test
    void renameAcrossMountsMovesFilesAndLinkIsExdev() throws IOException {
        VirtualFileSystem vfs = VirtualFileSystem.create(List.of(MountSpec.parseVolume(hostA + ":/mnt/h")));
        writeFile(vfs, "/tmp/f", "f");
        writeFile(vfs, "/mnt/h/g", "g");
        // as under wasmer (upstream cross-fs-rename): copied, then the source removed
        vfs.rename("/tmp/f", "/mnt/h/moved");
        assertEquals("f", Files.readString(hostA.resolve("moved")));
        assertErrno(Errno.ENOENT, () -> vfs.stat("/tmp/f", false));
        vfs.rename("/mnt/h/moved", "/tmp/f");
        assertFalse(Files.exists(hostA.resolve("moved")));
        assertEquals("f", readFile(vfs, "/tmp/f"));
        // replacing an existing file on the other side, and a symlink is re-created, not followed
        writeFile(vfs, "/tmp/g2", "new g");
        vfs.rename("/tmp/g2", "/mnt/h/g");
        assertEquals("new g", Files.readString(hostA.resolve("g")));
        vfs.symlink("g", "/tmp/link");
        vfs.rename("/tmp/link", "/mnt/h/link");
        assertEquals(Path.of("g"), Files.readSymbolicLink(hostA.resolve("link")));
        // as rename(2): an existing target is replaced whole (a symlink too), and its other hard
        // links keep their data
        Files.createLink(hostA.resolve("g-link"), hostA.resolve("g"));
        writeFile(vfs, "/tmp/g3", "newer g");
        vfs.rename("/tmp/g3", "/mnt/h/g");
        assertEquals("newer g", Files.readString(hostA.resolve("g")));
        assertEquals("new g", Files.readString(hostA.resolve("g-link")));
        writeFile(vfs, "/tmp/over-link", "over");
        vfs.rename("/tmp/over-link", "/mnt/h/link");
        assertFalse(Files.isSymbolicLink(hostA.resolve("link")));
        assertEquals("over", Files.readString(hostA.resolve("link")));
        try (var names = Files.list(hostA)) {
            assertTrue(names.noneMatch(n -> n.getFileName().toString().startsWith(".wasix4j-move")), "no temporary left");
        }
        // a directory is not copied, a directory is not replaced by a file
        vfs.mkdir("/tmp/d");
        assertErrno(Errno.EXDEV, () -> vfs.rename("/tmp/d", "/mnt/h/d"));
        Files.createDirectory(hostA.resolve("dir"));
        assertErrno(Errno.EISDIR, () -> vfs.rename("/tmp/f", "/mnt/h/dir"));
        assertEquals("f", readFile(vfs, "/tmp/f"), "a refused move leaves the source");
        writeFile(vfs, "/mnt/h/g", "g");
        assertErrno(Errno.EXDEV, () -> vfs.link("/tmp/f", "/mnt/h/f", false));
        assertErrno(Errno.EEXIST, () -> vfs.link("/tmp/f", "/mnt/h/g", false));
        // rename inside the same tree still works, including through "..": /tmp and /mnt are one memory tree
        vfs.rename("/mnt/h/../../tmp/f", "/mnt/f");
        assertEquals("f", readFile(vfs, "/mnt/f"));
    }

    @Test
    void mountPointsAreBusy() {
        VirtualFileSystem vfs = VirtualFileSystem.create(List.of(MountSpec.parseVolume(hostA + ":/mnt/h")));
        assertErrno(Errno.EBUSY, () -> vfs.rmdir("/mnt/h"));
        assertErrno(Errno.EBUSY, () -> vfs.rename("/mnt/h", "/mnt/other"));
        assertErrno(Errno.EBUSY, () -> vfs.rename("/mnt", "/elsewhere"));
        assertErrno(Errno.EBUSY, () -> vfs.rename("/tmp", "/mnt/h"));
        vfs.mkdir("/empty");
        assertErrno(Errno.EBUSY, () -> vfs.rename("/empty", "/mnt"));
        assertErrno(Errno.EISDIR, () -> vfs.unlink("/mnt/h"));
        assertErrno(Errno.EEXIST, () -> vfs.mkdir("/mnt/h"));
        assertErrno(Errno.EISDIR, () -> vfs.open("/mnt/h", CREATE_RW));
        assertErrno(Errno.EBUSY, () -> vfs.rmdir("/"));
        assertErrno(Errno.EBUSY, () -> vfs.rename("/", "/x"));
        assertErrno(Errno.EISDIR, () -> vfs.unlink("/"));
        assertErrno(Errno.EEXIST, () -> vfs.mkdir("/"));
    }

    @Test
    void hostRootGetsVirtualHomeAndTmp() throws IOException {
        VirtualFileSystem vfs = VirtualFileSystem.create(List.of(MountSpec.parseVolume(hostA + ":/")));
        writeFile(vfs, "/home/h", "h");
        writeFile(vfs, "/tmp/t", "t");
        writeFile(vfs, "/onhost", "o");
        assertTrue(Files.exists(hostA.resolve("onhost")));
        assertFalse(Files.exists(hostA.resolve("home")));
        assertEquals(List.of("/", "/home", "/tmp"), vfs.mounts().stream().map(MountInfo::guestPath).toList());
    }

    @Test
    void duplicateMountsAreRejected() {
        MountException e = assertThrows(MountException.class, () -> VirtualFileSystem.create(
                List.of(MountSpec.parseVolume(hostA + ":/x"), MountSpec.parseVolume(hostB + ":/x/"))));
        assertTrue(e.getMessage().contains("/x"), e.getMessage());
        VirtualFileSystem vfs = VirtualFileSystem.createDefault();
        MemoryFileSystem fs = new MemoryFileSystem();
        vfs.mount("/m", fs);
        assertThrows(MountException.class, () -> vfs.mount("/m2", fs));
        assertThrows(MountException.class, () -> vfs.mount("/m", new MemoryFileSystem()));
        assertThrows(MountException.class, () -> vfs.mount("/", new MemoryFileSystem()));
        assertThrows(MountException.class, () -> vfs.mount("relative", new MemoryFileSystem()));
    }

    @Test
    void mountOverAFileIsRejected() {
        VirtualFileSystem vfs = VirtualFileSystem.createDefault();
        writeFile(vfs, "/tmp/file", "f");
        assertThrows(MountException.class, () -> vfs.mount("/tmp/file/x", new MemoryFileSystem()));
    }

    @Test
    void handlesOfMountRootsAndPathAt() {
        VirtualFileSystem vfs = VirtualFileSystem.create(List.of(MountSpec.parseVolume(hostA + ":/mnt/h")));
        try (OpenFile root = vfs.open("/", OpenRequest.directoryRead());
                OpenFile h = vfs.open("/mnt/h", OpenRequest.directoryRead())) {
            assertEquals("/", vfs.guestPath(root));
            assertEquals("/mnt/h", vfs.guestPath(h));
            // preopen "/" + an absolute-looking path keeps it relative to the preopen
            assertEquals("//home/x.txt", vfs.pathAt(root, "/home/x.txt"));
            writeFile(vfs, vfs.pathAt(root, "/home/x.txt"), "x");
            assertEquals("x", readFile(vfs, "/home/x.txt"));
            assertErrno(Errno.ENOENT, () -> vfs.pathAt(h, ""));
            try (OpenFile f = vfs.open(h, "made", CREATE_RW)) {
                assertFalse(f.isDirectory());
                assertErrno(Errno.ENOTDIR, () -> vfs.pathAt(f, "x"));
            }
            assertTrue(Files.exists(hostA.resolve("made")));
            try (OpenFile sub = vfs.open(h, "..", READ)) {
                assertEquals("/mnt", vfs.guestPath(sub));
            }
        }
    }

    @Test
    void removedDirectoryHandleHasNoPath() {
        VirtualFileSystem vfs = VirtualFileSystem.createDefault();
        vfs.mkdir("/tmp/gone");
        try (OpenFile d = vfs.open("/tmp/gone", OpenRequest.directoryRead())) {
            vfs.rmdir("/tmp/gone");
            assertErrno(Errno.ENOENT, () -> vfs.guestPath(d));
            assertErrno(Errno.ENOENT, () -> vfs.open(d, "x", CREATE_RW));
            assertEquals(0, d.stat().nlink());
            assertEquals(List.of(".", ".."), FsTestSupport.listAll(d, 10).stream().map(DirEntry::name).toList());
        }
    }

    @Test
    void readOnlyMemoryProvider() {
        VirtualFileSystem vfs = VirtualFileSystem.createDefault();
        vfs.mount("/ro", new MemoryFileSystem(true));
        assertErrno(Errno.EROFS, () -> vfs.mkdir("/ro/d"));
        assertErrno(Errno.EROFS, () -> vfs.open("/ro/f", CREATE_RW));
        assertErrno(Errno.EEXIST, () -> vfs.mkdir("/ro"));
        assertTrue(vfs.mounts().contains(new MountInfo("/ro", true)));
    }

    @Test
    void timestampsMoveOnChanges() {
        long[] now = {1_000};
        MemoryFileSystem fs = new MemoryFileSystem(false, () -> now[0]);
        VirtualFileSystem vfs = new VirtualFileSystem(fs);
        vfs.mkdir("/d");
        now[0] = 2_000;
        writeFile(vfs, "/d/f", "x");
        FileStat dir = vfs.stat("/d", true);
        assertEquals(2_000, dir.mtim());
        assertEquals(1_000, dir.atim());
        now[0] = 3_000;
        vfs.link("/d/f", "/d/g", false);
        assertEquals(3_000, vfs.stat("/d/f", true).ctim());
        assertEquals(2_000, vfs.stat("/d/f", true).mtim());
        now[0] = 4_000;
        vfs.setTimes("/d/f", true, 0, 0, FstFlags.ATIM_NOW);
        assertEquals(4_000, vfs.stat("/d/f", true).atim());
        assertEquals(fs.deviceId(), vfs.stat("/d/f", true).dev());
        assertNotEquals(fs.deviceId(), new MemoryFileSystem().deviceId());
    }
}
