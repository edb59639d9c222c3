package dev.wasix4j.core.cache;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The on-disk cache of compiled code: one file per entry, named by its key, in one directory.
 *
 * <p>Writers never expose a partial file: an entry is written to a temporary file in the same
 * directory, forced to disk and renamed over the final name in one step, so two JVMs filling the
 * same entry at once each publish a whole file and the last rename wins (both hold the same
 * classes). Readers verify the entry's length and checksum; a bad entry is deleted and reported
 * as a miss, so the caller compiles and stores it again. The directory is kept under
 * {@link #maxBytes()} by deleting the entries used longest ago (a hit refreshes the file's
 * modification time; access times are often not kept by file systems). Any I/O failure — a
 * read-only or full disk — degrades to a miss or a skipped store and is remembered in
 * {@link #problem()}, never thrown.
 */
public final class CodeCache {
    /** Default bound on the directory's size: 1 GiB. */
    public static final long DEFAULT_MAX_BYTES = 1L << 30;
    static final String SUFFIX = ".wxc";
    private static final Duration STALE_TEMP = Duration.ofMinutes(10);

    private static final CodeCache DISABLED = new CodeCache(null, 0);

    private final Path dir;
    private final long maxBytes;
    private volatile String problem;

    private CodeCache(Path dir, long maxBytes) {
        this.dir = dir;
        this.maxBytes = maxBytes;
    }

    /** A cache in {@code dir} (created on first store) bounded at {@link #DEFAULT_MAX_BYTES}. */
    public static CodeCache at(Path dir) {
        return new CodeCache(dir.toAbsolutePath(), DEFAULT_MAX_BYTES);
    }

    /** No cache: every load compiles. */
    public static CodeCache disabled() {
        return DISABLED;
    }

    /**
     * The user's cache: {@code $WASIX4J_CACHE_DIR}, else {@code $XDG_CACHE_HOME/wasix4j}, else
     * {@code ~/.cache/wasix4j}; bounded by {@code $WASIX4J_CACHE_MAX} (bytes, or with a K, M or G
     * suffix) when set. One instance per JVM.
     */
    public static CodeCache defaultCache() {
        return Default.CACHE;
    }

    private static final class Default {
        static final CodeCache CACHE = fromEnvironment(System.getenv(), System.getProperty("user.home"));
    }

    /** The default cache's rules applied to {@code env} and {@code home}; visible for tests. */
    public static CodeCache fromEnvironment(Map<String, String> env, String home) {
        long max = DEFAULT_MAX_BYTES;
        String m = env.get("WASIX4J_CACHE_MAX");
        if (m != null && !m.isBlank()) {
            max = parseSize(m);
        }
        String explicit = env.get("WASIX4J_CACHE_DIR");
        if (explicit != null && !explicit.isBlank()) {
            return at(Path.of(explicit)).withMaxBytes(max);
        }
        String xdg = env.get("XDG_CACHE_HOME");
        // the XDG spec says a relative XDG_CACHE_HOME is invalid and is to be ignored
        if (xdg != null && !xdg.isBlank() && Path.of(xdg).isAbsolute()) {
            return at(Path.of(xdg, "wasix4j")).withMaxBytes(max);
        }
        if (home == null || home.isBlank() || home.equals("?")) {
            return DISABLED;
        }
        return at(Path.of(home, ".cache", "wasix4j")).withMaxBytes(max);
    }

    /** "1073741824", "512M", "2g", "64k"; a value that is not a size falls back to the default. */
    static long parseSize(String s) {
        String v = s.trim().toUpperCase(Locale.ROOT);
        long unit = 1;
        if (v.endsWith("B")) {
            v = v.substring(0, v.length() - 1);
        }
        if (v.endsWith("K")) {
            unit = 1L << 10;
        } else if (v.endsWith("M")) {
            unit = 1L << 20;
        } else if (v.endsWith("G")) {
            unit = 1L << 30;
        }
        if (unit != 1) {
            v = v.substring(0, v.length() - 1);
        }
        try {
            long n = Long.parseLong(v.trim());
            return n > 0 ? n * unit : DEFAULT_MAX_BYTES;
        } catch (NumberFormatException e) {
            return DEFAULT_MAX_BYTES;
        }
    }

    /** The same directory with another size bound. */
    public CodeCache withMaxBytes(long maxBytes) {
        if (maxBytes <= 0) {
            throw new IllegalArgumentException("cache size bound must be positive, got " + maxBytes);
        }
        return dir == null ? this : new CodeCache(dir, maxBytes);
    }

    public boolean enabled() {
        return dir != null;
    }

    public Optional<Path> directory() {
        return Optional.ofNullable(dir);
    }

    public long maxBytes() {
        return maxBytes;
    }

    /** The first I/O problem this cache met (the cache then acted as a miss or skipped a store). */
    public Optional<String> problem() {
        return Optional.ofNullable(problem);
    }

    /** Where the entry for {@code key} lives. */
    public Path fileFor(String key) {
        if (dir == null) {
            throw new IllegalStateException("cache disabled");
        }
        return dir.resolve(key + SUFFIX);
    }

    /** The entry for {@code key}, or {@code null} on a miss, a corrupt entry (deleted) or an I/O failure. */
    public CacheEntry get(String key) {
        if (dir == null) {
            return null;
        }
        Path file = fileFor(key);
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException | OutOfMemoryError e) {
            remember("cannot read " + file + ": " + e.getMessage());
            return null;
        }
        try {
            CacheEntry entry = CacheEntry.decode(bytes, key);
            touch(file);
            return entry;
        } catch (CacheEntry.CorruptEntryException e) {
            remember("discarded corrupt cache entry " + file + " (" + e.getMessage() + ")");
            try {
                Files.deleteIfExists(file);
            } catch (IOException ignored) {
                // a read-only cache keeps the bad file; the next run detects it again
            }
            return null;
        }
    }

    /** Publishes {@code entry} under its key: whole or not at all. Failures only set {@link #problem()}. */
    public void put(CacheEntry entry) {
        if (dir == null) {
            return;
        }
        Path file = fileFor(entry.key());
        Path tmp = dir.resolve("." + entry.key() + "." + ProcessHandle.current().pid() + "."
                + Long.toHexString(ThreadLocalRandom.current().nextLong()) + ".tmp");
        try {
            Files.createDirectories(dir);
            byte[] bytes = entry.encode();
            try (var ch = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                var buf = ByteBuffer.wrap(bytes);
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
                ch.force(true);
            }
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                remember("cache directory " + dir + " cannot rename atomically; entry not stored");
                Files.deleteIfExists(tmp);
                return;
            }
            evict(file);
        } catch (IOException | UnsupportedOperationException e) {
            remember("cannot store compiled code in " + dir + ": " + e);
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // nothing more to do: a leftover temp file is removed by a later eviction
            }
        }
    }

    /** Deletes the entries used longest ago until the directory is within the bound; keeps {@code keep}. */
    void evict(Path keep) throws IOException {
        record Item(Path path, long size, FileTime used) {}
        var items = new ArrayList<Item>();
        long total = 0;
        Instant staleBefore = Instant.now().minus(STALE_TEMP);
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path p : ds) {
                String n = p.getFileName().toString();
                try {
                    if (n.endsWith(".tmp") && n.startsWith(".")) {
                        // a writer that died mid-way; a live writer finishes in well under this
                        if (Files.getLastModifiedTime(p).toInstant().isBefore(staleBefore)) {
                            Files.deleteIfExists(p);
                        }
                    } else if (n.endsWith(SUFFIX)) {
                        long size = Files.size(p);
                        total += size;
                        items.add(new Item(p, size, Files.getLastModifiedTime(p)));
                    }
                } catch (NoSuchFileException e) {
                    // another JVM evicted it meanwhile
                }
            }
        }
        if (total <= maxBytes) {
            return;
        }
        items.sort(Comparator.comparing(Item::used));
        for (Item it : items) {
            if (total <= maxBytes) {
                break;
            }
            if (it.path().equals(keep)) {
                continue;
            }
            Files.deleteIfExists(it.path());
            total -= it.size();
        }
    }

    /** Marks an entry as just used, for eviction order. */
    private void touch(Path file) {
        try {
            Files.setLastModifiedTime(file, FileTime.from(Instant.now()));
        } catch (IOException e) {
            // a read-only cache still serves hits; it only loses the eviction order
        }
    }

    private void remember(String what) {
        if (problem == null) {
            problem = what;
        }
    }

    @Override
    public String toString() {
        return dir == null ? "no cache" : dir + " (at most " + (maxBytes >> 20) + " MiB)";
    }
}
