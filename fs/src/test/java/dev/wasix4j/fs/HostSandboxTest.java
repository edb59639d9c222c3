package dev.wasix4j.fs;

import static dev.wasix4j.fs.FsTestSupport.CREATE_RW;
import static dev.wasix4j.fs.FsTestSupport.READ;
import static dev.wasix4j.fs.FsTestSupport.WRITE_TRUNC;
import static dev.wasix4j.fs.FsTestSupport.assertErrno;
import static dev.wasix4j.fs.FsTestSupport.bytes;
import static dev.wasix4j.fs.FsTestSupport.readFile;
import static dev.wasix4j.fs.FsTestSupport.writeFile;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wasix4j.abi.Errno;
import dev.wasix4j.abi.ErrnoException;
import dev.wasix4j.abi.FileType;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Escape attempts against a host directory mounted as the guest's root. Every test asserts an errno (or
 * that the effect stayed inside the sandbox) and, after each test, that nothing outside the sandbox
 * changed: {@code outer} holds sentinel files next to the sandbox directory.
 */
class HostSandboxTest {
    private static final String SECRET = "TOP SECRET";
    /** The race runs until the attacker completed this many swaps and the victim succeeded this often... */
    private static final int MIN_ATTACKS = 300;
    private static final int MIN_VICTIM_SUCCESSES = 300;
    /** ...or gives up (and fails) after this many victim attempts. */
    private static final int MAX_VICTIM_ATTEMPTS = 2_000_000;
    /**
     * Before each swap the attacker keeps the honest state for a random time up to this (busy-wait):
     * short phases make swaps land in the middle of victim operations, long ones let the victim finish.
     * Pacing only; nothing asserts on time.
     */
    private static final long MAX_HONEST_PHASE_NANOS = 200_000;

    @TempDir
    Path outer;

    Path sandbox;
    VirtualFileSystem vfs;
    Map<String, String> outsideBefore;

    @BeforeEach
    void setUp() throws IOException {
        sandbox = Files.createDirectory(outer.resolve("sandbox"));
        Files.writeString(outer.resolve("secret.txt"), SECRET);
        Files.createDirectory(outer.resolve("outside"));
        Files.writeString(outer.resolve("outside/inner.txt"), "inner");
        // Pre-existing host symlinks inside the sandbox pointing out of it.
        Files.createSymbolicLink(sandbox.resolve("etc-link"), Path.of("/etc"));
        Files.createSymbolicLink(sandbox.resolve("outer-abs"), outer);
        Files.createSymbolicLink(sandbox.resolve("secret-abs"), outer.resolve("secret.txt"));
        Files.createSymbolicLink(sandbox.resolve("up"), Path.of(".."));
        Files.createSymbolicLink(sandbox.resolve("upup"), Path.of("../../.."));
        Files.createSymbolicLink(sandbox.resolve("chain1"), Path.of("chain2"));
        Files.createSymbolicLink(sandbox.resolve("chain2"), Path.of("../.."));
        Files.createSymbolicLink(sandbox.resolve("dangling-out"), outer.resolve("created-by-guest.txt"));
        vfs = VirtualFileSystem.create(List.of(MountSpec.parseVolume(sandbox + ":/")));
        outsideBefore = snapshotOutside();
    }

    @AfterEach
    void outsideUntouched() throws IOException {
        assertEquals(outsideBefore, snapshotOutside(), "the host tree outside the sandbox changed");
        assertEquals(SECRET, Files.readString(outer.resolve("secret.txt")));
    }

    /** Every path under {@code outer} except the sandbox: type, size, mtime and a content hash. */
    private Map<String, String> snapshotOutside() throws IOException {
        Map<String, String> snap = new TreeMap<>();
        try (Stream<Path> all = Files.walk(outer)) {
            for (Path p : (Iterable<Path>) all::iterator) {
                if (p.startsWith(sandbox)) {
                    continue;
                }
                BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                String content = a.isRegularFile() ? hash(Files.readAllBytes(p)) : "";
                snap.put(outer.relativize(p).toString(),
                        (a.isDirectory() ? "d" : a.isSymbolicLink() ? "l" : "f") + " " + a.size() + " "
                                + a.lastModifiedTime().toMillis() + " " + content);
            }
        }
        return snap;
    }

    private static String hash(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    // ---- ".." chains ---------------------------------------------------------------------------

    @Test
    void dotDotChainFromRoot() {
        assertErrno(Errno.ENOENT, () -> vfs.open("/../../../../secret.txt", READ));
    }

    @Test
    void dotDotChainJoinedToPreopen() {
        assertErrno(Errno.ENOENT, () -> vfs.open(GuestPaths.join("/", "../../secret.txt"), READ));
    }

    @Test
    void dotDotFromSubdirectory() {
        vfs.mkdir("/a");
        vfs.mkdir("/a/b");
        assertErrno(Errno.ENOENT, () -> vfs.open("/a/b/../../../../secret.txt", READ));
        assertEquals("/", vfs.realDirectory("/a/b/../../../.."));
    }

    @Test
    void dotDotMixedWithDotsAndSlashes() {
        assertErrno(Errno.ENOENT, () -> vfs.open("/.//..//./../outside/inner.txt", READ));
    }

    @Test
    void createViaDotDotStaysInside() throws IOException {
        writeFile(vfs, "/../../escape.txt", "inside");
        assertTrue(Files.exists(sandbox.resolve("escape.txt")));
        assertFalse(Files.exists(outer.resolve("escape.txt")));
    }

    @Test
    void mkdirViaDotDotStaysInside() {
        vfs.mkdir("/../../escdir");
        assertTrue(Files.isDirectory(sandbox.resolve("escdir")));
        assertFalse(Files.exists(outer.resolve("escdir")));
    }

    @Test
    void hostAbsolutePathIsJustAGuestPath() {
        assertErrno(Errno.ENOENT, () -> vfs.open(outer.resolve("secret.txt").toString(), READ));
        assertErrno(Errno.ENOENT, () -> vfs.stat(outer.toString(), true));
    }

    // ---- host symlinks pointing out ------------------------------------------------------------

    @Test
    void symlinkToEtcMeansGuestEtc() {
        assertErrno(Errno.ENOENT, () -> vfs.open("/etc-link/passwd", READ));
        assertErrno(Errno.ENOENT, () -> vfs.stat("/etc-link/passwd", true));
        assertErrno(Errno.ENOENT, () -> vfs.realDirectory("/etc-link"));
        assertEquals("/etc", vfs.readlink("/etc-link"));
    }

    @Test
    void absoluteSymlinkToOuterDirectory() {
        assertErrno(Errno.ENOENT, () -> vfs.open("/outer-abs/secret.txt", READ));
        assertErrno(Errno.ENOENT, () -> vfs.open("/outer-abs", OpenRequest.directoryRead()));
    }

    @Test
    void relativeSymlinkUpFromRoot() {
        assertErrno(Errno.ENOENT, () -> vfs.open("/up/secret.txt", READ));
        assertEquals("/", vfs.realDirectory("/up"));
    }

    @Test
    void relativeSymlinkManyLevelsUp() {
        assertErrno(Errno.ENOENT, () -> vfs.open("/upup/secret.txt", READ));
        assertErrno(Errno.ENOENT, () -> vfs.open("/upup/outside/inner.txt", READ));
        assertEquals("/", vfs.realDirectory("/upup"));
    }

    @Test
    void chainedSymlinksUp() {
        assertErrno(Errno.ENOENT, () -> vfs.open("/chain1/secret.txt", READ));
        assertEquals("/", vfs.realDirectory("/chain1/.."));
    }

    @Test
    void symlinkToOuterFileRead() {
        assertErrno(Errno.ENOENT, () -> vfs.open("/secret-abs", READ));
    }

    @Test
    void symlinkToOuterFileWriteTruncate() {
        assertErrno(Errno.ENOENT, () -> vfs.open("/secret-abs", WRITE_TRUNC));
    }

    @Test
    void createThroughDanglingSymlinkPointingOut() {
        assertErrno(Errno.ENOENT, () -> vfs.open("/dangling-out", CREATE_RW));
        assertFalse(Files.exists(outer.resolve("created-by-guest.txt")));
    }

    @Test
    void symlinkThenDotDotFromInsideLink() throws IOException {
        vfs.mkdir("/a");
        vfs.symlink("/", "/a/toroot");
        assertErrno(Errno.ENOENT, () -> vfs.open("/a/toroot/../secret.txt", READ));
        assertErrno(Errno.ENOENT, () -> vfs.open("/a/toroot/../../outside/inner.txt", READ));
    }

    // ---- guest-created symlinks ----------------------------------------------------------------

    @Test
    void guestSymlinkUpIsConfined() {
        vfs.symlink("../../../..", "/gup");
        assertErrno(Errno.ENOENT, () -> vfs.open("/gup/secret.txt", READ));
        assertEquals("/", vfs.realDirectory("/gup"));
    }

    @Test
    void guestSymlinkToHostAbsolutePath() {
        vfs.symlink(outer.toString(), "/gabs");
        assertErrno(Errno.ENOENT, () -> vfs.mkdir("/gabs/x"));
        assertErrno(Errno.ENOENT, () -> vfs.open("/gabs/secret.txt", WRITE_TRUNC));
        assertFalse(Files.exists(outer.resolve("x")));
    }

    @Test
    void mkdirThroughSymlinkOutside() {
        assertErrno(Errno.ENOENT, () -> vfs.mkdir("/outer-abs/newdir"));
        assertFalse(Files.exists(outer.resolve("newdir")));
    }

    @Test
    void symlinkTargetWithNulIsRejected() {
        assertErrno(Errno.EINVAL, () -> vfs.symlink("/etc\0/passwd", "/nul"));
    }

    @Test
    void symlinkLoopIsEloop() {
        vfs.symlink("/loop", "/loop");
        assertErrno(Errno.ELOOP, () -> vfs.open("/loop", READ));
        assertErrno(Errno.ELOOP, () -> vfs.open("/loop/x", CREATE_RW));
    }

    // ---- rename, link, unlink, rmdir, times ----------------------------------------------------

    @Test
    void renameOutViaDotDotStaysInside() {
        writeFile(vfs, "/f", "f");
        vfs.rename("/f", "/../../moved");
        assertTrue(Files.exists(sandbox.resolve("moved")));
        assertFalse(Files.exists(outer.resolve("moved")));
    }

    @Test
    void renameIntoSymlinkedOuterDirectory() {
        writeFile(vfs, "/f", "f");
        assertErrno(Errno.ENOENT, () -> vfs.rename("/f", "/outer-abs/f"));
        assertErrno(Errno.ENOENT, () -> vfs.rename("/outer-abs/secret.txt", "/stolen"));
    }

    @Test
    void renameAcrossMountMovesTheFileOutOfTheSandbox() {
        writeFile(vfs, "/f", "f");
        vfs.rename("/f", "/tmp/f");
        assertFalse(Files.exists(sandbox.resolve("f")));
        assertEquals("f", readFile(vfs, "/tmp/f"));
    }

    @Test
    void hardLinkToOutsideFileFollowing() {
        assertErrno(Errno.ENOENT, () -> vfs.link("/secret-abs", "/hl", true));
        assertErrno(Errno.ENOENT, () -> vfs.link("/outer-abs/secret.txt", "/hl", false));
    }

    @Test
    void hardLinkOfOutwardSymlinkIsStillConfined() throws IOException {
        vfs.link("/secret-abs", "/hl2", false);
        assertTrue(Files.isSymbolicLink(sandbox.resolve("hl2")));
        assertErrno(Errno.ENOENT, () -> vfs.open("/hl2", WRITE_TRUNC));
    }

    @Test
    void hardLinkAcrossMountIsExdev() {
        writeFile(vfs, "/tmp/x", "x");
        assertErrno(Errno.EXDEV, () -> vfs.link("/tmp/x", "/y", false));
    }

    @Test
    void unlinkViaDotDotOrSymlink() {
        assertErrno(Errno.ENOENT, () -> vfs.unlink("/../secret.txt"));
        assertErrno(Errno.ENOENT, () -> vfs.unlink("/outer-abs/secret.txt"));
        assertErrno(Errno.ENOENT, () -> vfs.unlink("/up/secret.txt"));
    }

    @Test
    void rmdirOutside() {
        assertErrno(Errno.ENOENT, () -> vfs.rmdir("/outer-abs/outside"));
        assertErrno(Errno.ENOENT, () -> vfs.rmdir("/../outside"));
        assertErrno(Errno.EBUSY, () -> vfs.rmdir("/"));
    }

    @Test
    void setTimesThroughOutwardSymlink() {
        assertErrno(Errno.ENOENT, () -> vfs.setTimes("/secret-abs", true, 0, 0, FstFlags.ATIM | FstFlags.MTIM));
        // Without following it touches the link itself, which is inside.
        vfs.setTimes("/secret-abs", false, 0, 0, FstFlags.MTIM);
        assertEquals(0, vfs.stat("/secret-abs", false).mtim());
    }

    @Test
    void readdirOfRootListsOnlySandbox() {
        List<String> names = FsTestSupport.names(vfs, "/..");
        assertTrue(names.contains("outer-abs"));
        assertFalse(names.contains("secret.txt"));
        assertFalse(names.contains("sandbox"));
    }

    // ---- malformed paths -----------------------------------------------------------------------

    @Test
    void nulByteInPath() {
        assertErrno(Errno.EINVAL, () -> vfs.open("/a\0/../../secret.txt", READ));
        assertErrno(Errno.EINVAL, () -> GuestPaths.decode(new byte[] {'/', 'a', 0, 'b'}, 0, 4));
    }

    @Test
    void invalidUtf8Path() {
        assertErrno(Errno.EILSEQ, () -> GuestPaths.decode(new byte[] {'/', (byte) 0xff, (byte) 0xfe}, 0, 3));
        assertErrno(Errno.EILSEQ, () -> GuestPaths.decode(new byte[] {'/', (byte) 0xc0, (byte) 0xaf}, 0, 3));
        assertErrno(Errno.EILSEQ, () -> vfs.open("/\ud800../secret.txt", CREATE_RW));
    }

    @Test
    void veryLongPaths() {
        assertErrno(Errno.ENAMETOOLONG, () -> vfs.open("/" + "a/".repeat(3000), READ));
        assertErrno(Errno.ENAMETOOLONG, () -> vfs.open("/" + "../".repeat(2000) + "secret.txt", READ));
        assertErrno(Errno.ENAMETOOLONG, () -> vfs.open("/" + "x".repeat(GuestPaths.NAME_MAX + 1), CREATE_RW));
        assertErrno(Errno.ENAMETOOLONG,
                () -> GuestPaths.decode(ByteBuffer.wrap(new byte[GuestPaths.PATH_MAX])));
        writeFile(vfs, "/" + "y".repeat(GuestPaths.NAME_MAX), "ok");
    }

    // ---- mount points ----------------------------------------------------------------------------

    @Test
    void defaultMountPointsDoNotTouchTheHost() {
        assertFalse(Files.exists(sandbox.resolve("home")));
        assertFalse(Files.exists(sandbox.resolve("tmp")));
        writeFile(vfs, "/home/x", "in memory");
        assertEquals("in memory", readFile(vfs, "/home/x"));
        assertFalse(Files.exists(sandbox.resolve("home")));
        assertErrno(Errno.EBUSY, () -> vfs.rename("/home", "/h2"));
    }

    @Test
    void readOnlyMountRefusesWrites(@TempDir Path ro) throws IOException {
        Files.writeString(ro.resolve("file"), "keep");
        VirtualFileSystem roVfs = VirtualFileSystem.create(List.of(MountSpec.parseVolume(ro + ":/ro").withReadOnly(true)));
        assertErrno(Errno.EROFS, () -> roVfs.open("/ro/file", WRITE_TRUNC));
        assertErrno(Errno.EROFS, () -> roVfs.open("/ro/new", CREATE_RW));
        assertErrno(Errno.EROFS, () -> roVfs.mkdir("/ro/d"));
        assertErrno(Errno.EEXIST, () -> roVfs.mkdir("/ro/file"));
        assertErrno(Errno.EROFS, () -> roVfs.unlink("/ro/file"));
        assertErrno(Errno.EROFS, () -> roVfs.rename("/ro/file", "/ro/f2"));
        assertErrno(Errno.EROFS, () -> roVfs.symlink("x", "/ro/l"));
        assertErrno(Errno.EROFS, () -> roVfs.setTimes("/ro/file", true, 0, 0, FstFlags.MTIM));
        assertEquals("keep", readFile(roVfs, "/ro/file"));
        assertEquals("keep", Files.readString(ro.resolve("file")));
        assertTrue(roVfs.mounts().contains(new MountInfo("/ro", true)));
    }

    // ---- races: guest threads swapping symlinks in a loop ----------------------------------------

    /**
     * Runs {@code attack} in a loop on one thread while {@code victim} runs on this one, until both sides
     * made real progress (complete swaps and successful victim operations).
     */
    private void race(Runnable attack, Runnable victim) throws InterruptedException {
        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger attacks = new AtomicInteger();
        Throwable[] attackerFailure = new Throwable[1];
        Thread attacker = new Thread(() -> {
            while (!stop.get()) {
                long until = System.nanoTime() + ThreadLocalRandom.current().nextLong(MAX_HONEST_PHASE_NANOS);
                while (System.nanoTime() < until) {
                    Thread.onSpinWait();
                }
                try {
                    attack.run();
                    attacks.incrementAndGet();
                } catch (ErrnoException expected) {
                    // the victim thread raced with us
                } catch (Throwable t) {
                    attackerFailure[0] = t;
                    return;
                }
            }
        });
        int victimSuccesses = 0;
        int attempts = 0;
        Map<String, Integer> victimErrors = new TreeMap<>();
        attacker.start();
        try {
            while ((attacks.get() < MIN_ATTACKS || victimSuccesses < MIN_VICTIM_SUCCESSES)
                    && attempts < MAX_VICTIM_ATTEMPTS && attackerFailure[0] == null) {
                attempts++;
                try {
                    victim.run();
                    victimSuccesses++;
                } catch (ErrnoException expected) {
                    // ENOENT/ENOTDIR/ELOOP while the attacker's symlink is in place
                    victimErrors.merge(expected.errno().name(), 1, Integer::sum);
                }
            }
        } finally {
            stop.set(true);
            attacker.join();
        }
        if (attackerFailure[0] != null) {
            throw new AssertionError(attackerFailure[0]);
        }
        assertTrue(attacks.get() >= MIN_ATTACKS && victimSuccesses >= MIN_VICTIM_SUCCESSES,
                "no progress: attacks=" + attacks + " victim successes=" + victimSuccesses + " errors=" + victimErrors);
    }

    /** One step of a victim sequence; an errno is an acceptable outcome of the race. */
    private static void attempt(Runnable step) {
        try {
            step.run();
        } catch (ErrnoException expected) {
            // the attacker's state was in place
        }
    }

    @Test
    void intermediateDirectorySwappedForSymlinkMidOperation() throws Exception {
        vfs.mkdir("/d");
        race(() -> {
            vfs.rename("/d", "/d-real");
            try {
                vfs.symlink(outer.resolve("outside").toString(), "/d");
                vfs.unlink("/d");
            } finally {
                vfs.rename("/d-real", "/d");
            }
        }, () -> {
            try (OpenFile f = vfs.open("/d/victim.txt", WRITE_TRUNC)) {
                f.write(bytes("pwned"));
            }
            attempt(() -> vfs.mkdir("/d/victim-dir"));
            attempt(() -> vfs.rmdir("/d/victim-dir"));
        });
        assertFalse(Files.exists(outer.resolve("outside/victim.txt")));
        assertFalse(Files.exists(outer.resolve("outside/victim-dir")));
    }

    @Test
    void hostSymlinkRenamedIntoPlaceMidOperation() throws Exception {
        vfs.mkdir("/d");
        // /evil is a host symlink to a real outside directory; the guest swaps it in with rename.
        Files.createSymbolicLink(sandbox.resolve("evil"), outer.resolve("outside"));
        race(() -> {
            vfs.rename("/d", "/d2");
            try {
                vfs.rename("/evil", "/d");
                vfs.rename("/d", "/evil");
            } finally {
                vfs.rename("/d2", "/d");
            }
        }, () -> {
            try (OpenFile f = vfs.open("/d/victim2.txt", WRITE_TRUNC)) {
                f.write(bytes("pwned"));
            }
            attempt(() -> vfs.link("/d/victim2.txt", "/d/victim2-link", false));
            attempt(() -> vfs.unlink("/d/victim2-link"));
            attempt(() -> vfs.rename("/d/victim2.txt", "/d/victim2-renamed.txt"));
            attempt(() -> vfs.unlink("/d/victim2-renamed.txt"));
        });
        assertFalse(Files.exists(outer.resolve("outside/victim2.txt")));
        assertFalse(Files.exists(outer.resolve("outside/victim2-link")));
        assertFalse(Files.exists(outer.resolve("outside/victim2-renamed.txt")));
    }

    @Test
    void lastComponentSwappedBetweenFileAndOutwardSymlink() throws Exception {
        writeFile(vfs, "/target", "mine");
        race(() -> {
            vfs.unlink("/target");
            vfs.symlink(outer.resolve("secret.txt").toString(), "/target");
            vfs.unlink("/target");
            writeFile(vfs, "/target", "mine");
        }, () -> {
            try (OpenFile f = vfs.open("/target", WRITE_TRUNC.withCreate(false))) {
                f.write(bytes("pwned"));
            }
            attempt(() -> vfs.setTimes("/target", true, 0, 0, FstFlags.MTIM));
        });
        assertEquals(SECRET, Files.readString(outer.resolve("secret.txt")));
    }

    @Test
    void dirHandleStaysInsideAfterItsPathIsSwapped() throws IOException {
        vfs.mkdir("/d");
        try (OpenFile d = vfs.open("/d", OpenRequest.directoryRead())) {
            vfs.rename("/d", "/d-moved");
            vfs.symlink(outer.toString(), "/d");
            // Resolving relative to the handle goes through the guest path: the symlink means guest paths.
            assertErrno(Errno.ENOENT, () -> vfs.open(d, "secret.txt", READ));
            assertEquals(FileType.DIRECTORY, d.stat().filetype());
        }
    }
}
