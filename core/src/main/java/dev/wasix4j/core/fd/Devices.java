package dev.wasix4j.core.fd;

import dev.wasix4j.abi.FileType;
import dev.wasix4j.fs.FileStat;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The character devices every POSIX program may open: /dev/null, /dev/zero, /dev/random and
 * /dev/urandom, as wasmer's root filesystem provides them. They are answered by the dispatcher
 * before the filesystem is asked, so they exist whatever is mounted.
 */
public final class Devices {
    /** Device numbers in the high range, clear of the providers' inode numbers. */
    private static final long DEVICE_DEV = 0xdeL;
    private static final Map<String, Supplier<FdResource>> DEVICES = Map.of(
            "/dev/null", Null::new,
            "/dev/zero", Zero::new,
            "/dev/random", Random::new,
            "/dev/urandom", Random::new);
    private static final Map<String, Long> INODES = Map.of(
            "/dev/null", 1L, "/dev/zero", 2L, "/dev/random", 3L, "/dev/urandom", 4L);

    private Devices() {}

    /** The device at a normalised absolute guest path, or null. */
    public static FdResource open(String path) {
        var d = DEVICES.get(path);
        return d == null ? null : d.get();
    }

    /** What stat reports for a device path, or null. */
    public static FileStat stat(String path) {
        Long ino = INODES.get(path);
        return ino == null ? null : new FileStat(DEVICE_DEV, ino, FileType.CHARACTER_DEVICE, 1, 0, 0, 0, 0);
    }

    private static final class Null implements FdResource {
        @Override
        public FileType fileType() {
            return FileType.CHARACTER_DEVICE;
        }

        @Override
        public int read(byte[] buf, int off, int len) {
            return 0;
        }

        @Override
        public int write(byte[] buf, int off, int len) {
            return len;
        }
    }

    private static final class Zero implements FdResource {
        @Override
        public FileType fileType() {
            return FileType.CHARACTER_DEVICE;
        }

        @Override
        public int read(byte[] buf, int off, int len) {
            Arrays.fill(buf, off, off + len, (byte) 0);
            return len;
        }

        @Override
        public int write(byte[] buf, int off, int len) {
            return len;
        }
    }

    private static final class Random implements FdResource {
        private final SecureRandom random = new SecureRandom();

        @Override
        public FileType fileType() {
            return FileType.CHARACTER_DEVICE;
        }

        @Override
        public int read(byte[] buf, int off, int len) {
            byte[] b = new byte[len];
            random.nextBytes(b);
            System.arraycopy(b, 0, buf, off, len);
            return len;
        }

        @Override
        public int write(byte[] buf, int off, int len) {
            return len;
        }
    }
}
