package dev.wasix4j.fs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;

/**
 * A host directory to mount in the guest tree, parsed from wasmer-style options.
 *
 * <ul>
 *   <li>{@code --volume HOST[:GUEST]}: no GUEST means the same string for both;</li>
 *   <li>{@code --mapdir GUEST:HOST} (also {@code GUEST::HOST}): the legacy reversed order;</li>
 *   <li>{@code --dir HOST}: mounted at the same path.</li>
 * </ul>
 * A guest of "." means {@code /home} (wasmer's fix for {@code --volume .}); any other relative guest path
 * goes under "/". The host directory is resolved to its real path now and must exist and be a directory.
 *
 * @param hostDir   the real (canonical) host directory
 * @param guestPath the normalised absolute guest path
 */
public record MountSpec(Path hostDir, String guestPath, boolean readOnly) {
    /** Where {@code .} is mounted and where programs start. */
    public static final String HOME = "/home";
    private static final String CURRENT_DIR = ".";
    private static final String LEGACY_MAPDIR_SEPARATOR = "::";
    private static final char SEPARATOR = ':';

    public MountSpec {
        if (!guestPath.startsWith("/")) {
            throw new MountException("guest path must be absolute: " + guestPath);
        }
    }

    /** {@code --volume HOST[:GUEST]} */
    public static MountSpec parseVolume(String spec) {
        int colon = spec.indexOf(SEPARATOR);
        String host = colon < 0 ? spec : spec.substring(0, colon);
        String guest = colon < 0 ? spec : spec.substring(colon + 1);
        return of("--volume " + spec, host, guest);
    }

    /** {@code --mapdir GUEST:HOST} or {@code GUEST::HOST} */
    public static MountSpec parseMapdir(String spec) {
        int sep = spec.indexOf(LEGACY_MAPDIR_SEPARATOR);
        int sepLength = LEGACY_MAPDIR_SEPARATOR.length();
        if (sep < 0) {
            sep = spec.indexOf(SEPARATOR);
            sepLength = 1;
        }
        if (sep < 0) {
            throw new MountException("--mapdir " + spec + ": expected GUEST:HOST");
        }
        return of("--mapdir " + spec, spec.substring(sep + sepLength), spec.substring(0, sep));
    }

    /** {@code --dir HOST} */
    public static MountSpec parseDir(String spec) {
        return of("--dir " + spec, spec, spec);
    }

    public MountSpec withReadOnly(boolean ro) {
        return new MountSpec(hostDir, guestPath, ro);
    }

    private static MountSpec of(String option, String host, String guest) {
        if (host.isEmpty()) {
            throw new MountException(option + ": missing host directory");
        }
        if (guest.isEmpty()) {
            throw new MountException(option + ": missing guest path");
        }
        return new MountSpec(hostDirectory(option, host), guestPathFor(option, guest), false);
    }

    private static Path hostDirectory(String option, String host) {
        Path p;
        try {
            p = Path.of(host);
        } catch (InvalidPathException e) {
            throw new MountException(option + ": invalid host path " + host, e);
        }
        if (!Files.exists(p)) {
            throw new MountException(option + ": host directory " + host + " does not exist");
        }
        if (!Files.isDirectory(p)) {
            throw new MountException(option + ": host path " + host + " is not a directory");
        }
        try {
            return p.toRealPath();
        } catch (IOException e) {
            throw new MountException(option + ": cannot access host directory " + host + ": " + e.getMessage(), e);
        }
    }

    /** The absolute guest path a mount option's guest part names. */
    static String guestPathFor(String option, String guest) {
        if (guest.indexOf('\0') >= 0) {
            throw new MountException(option + ": NUL in guest path");
        }
        String g = guest;
        while (g.length() > 1 && g.endsWith("/")) {
            g = g.substring(0, g.length() - 1);
        }
        if (g.equals(CURRENT_DIR)) {
            return HOME;
        }
        return GuestPaths.normalizeAbsolute(g.startsWith("/") ? g : "/" + g);
    }
}
