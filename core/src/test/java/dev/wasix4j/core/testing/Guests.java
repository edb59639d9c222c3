package dev.wasix4j.core.testing;

import java.nio.file.Files;
import java.nio.file.Path;

/** Finds the committed guest programs under the repository's {@code guests/} folder. */
public final class Guests {
    private static final Path ROOT = findRoot();

    private Guests() {}

    /** {@code guests/<relative>}, failing loudly if the file is missing. */
    public static Path path(String relative) {
        Path p = ROOT.resolve("guests").resolve(relative);
        if (!Files.isRegularFile(p)) {
            throw new IllegalStateException("missing guest " + p + ": run `make -C guests` and commit the .wasm");
        }
        return p;
    }

    private static Path findRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null) {
            if (Files.isDirectory(dir.resolve("guests")) && Files.exists(dir.resolve("wasix"))) {
                return dir;
            }
            dir = dir.getParent();
        }
        throw new IllegalStateException("cannot find the repository root (a folder with guests/ and wasix)");
    }
}
