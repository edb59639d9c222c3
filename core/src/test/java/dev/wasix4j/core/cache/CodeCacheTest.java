package dev.wasix4j.core.cache;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The cache directory itself: entries, their checks, the size bound, where it lives. */
class CodeCacheTest {
    @TempDir
    Path dir;

    private static CacheEntry entry(String key, int classSize) {
        return new CacheEntry(key, "gen.Main", Map.of("gen.Main", new byte[classSize]), null, List.of(), List.of());
    }

    private static String key(int i) {
        return String.format("%064x", i);
    }

    private long total() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.toString().endsWith(CodeCache.SUFFIX)).mapToLong(p -> p.toFile().length()).sum();
        }
    }

    @Test
    void entryRoundTripsThroughTheDisk() {
        var cache = CodeCache.at(dir);
        var e = new CacheEntry(key(1), "gen.Main", Map.of("gen.Main", new byte[] {1, 2, 3}, "gen/Shaded", new byte[] {4}),
                new byte[] {0, 'a', 's', 'm'}, List.of(7, 9), List.of("func 7 split into 3 pieces"));
        cache.put(e);
        var back = cache.get(key(1));
        assertNotNull(back);
        assertEquals("gen.Main", back.mainClass());
        assertArrayEquals(new byte[] {1, 2, 3}, back.classes().get("gen.Main"));
        assertArrayEquals(new byte[] {4}, back.classes().get("gen/Shaded"));
        assertArrayEquals(new byte[] {0, 'a', 's', 'm'}, back.moduleBytes());
        assertEquals(List.of(7, 9), back.interpretedFunctions());
        assertEquals(List.of("func 7 split into 3 pieces"), back.transformNotes());
        assertNull(cache.get(key(2)));
        assertTrue(cache.problem().isEmpty());
    }

    @Test
    void anEntryFileUnderAnotherKeyIsNotServed() throws IOException {
        var cache = CodeCache.at(dir);
        cache.put(entry(key(1), 10));
        Files.move(cache.fileFor(key(1)), cache.fileFor(key(2)));
        assertNull(cache.get(key(2)));
        assertFalse(Files.exists(cache.fileFor(key(2))), "deleted so it is rebuilt");
    }

    @Test
    void directoryStaysWithinItsBoundDroppingTheLeastRecentlyUsed() throws IOException {
        int classSize = 10_000;
        long entrySize = entry(key(0), classSize).encode().length;
        var cache = CodeCache.at(dir).withMaxBytes(entrySize * 3 + entrySize / 2);
        Instant t0 = Instant.now().minusSeconds(3600);
        for (int i = 0; i < 3; i++) {
            cache.put(entry(key(i), classSize));
            Files.setLastModifiedTime(cache.fileFor(key(i)), FileTime.from(t0.plusSeconds(i)));
        }
        assertNotNull(cache.get(key(0))); // used just now: the newest
        cache.put(entry(key(3), classSize)); // over the bound: the least recently used (key 1) goes

        assertTrue(total() <= cache.maxBytes(), total() + " > " + cache.maxBytes());
        assertFalse(Files.exists(cache.fileFor(key(1))));
        assertTrue(Files.exists(cache.fileFor(key(0))));
        assertTrue(Files.exists(cache.fileFor(key(2))));
        assertTrue(Files.exists(cache.fileFor(key(3))));
    }

    @Test
    void anEntryLargerThanTheBoundIsStillKeptAlone() throws IOException {
        var cache = CodeCache.at(dir).withMaxBytes(100);
        cache.put(entry(key(1), 1000));
        cache.put(entry(key(2), 1000));
        assertFalse(Files.exists(cache.fileFor(key(1))));
        assertNotNull(cache.get(key(2)), "the entry just stored is what the run uses");
    }

    @Test
    void staleTempFilesOfDeadWritersAreSweptFreshOnesKept() throws IOException {
        var cache = CodeCache.at(dir);
        Path stale = dir.resolve("." + key(5) + ".123.abc.tmp");
        Path fresh = dir.resolve("." + key(6) + ".124.abd.tmp");
        Files.write(stale, new byte[10]);
        Files.write(fresh, new byte[10]);
        Files.setLastModifiedTime(stale, FileTime.from(Instant.now().minusSeconds(3600)));
        cache.put(entry(key(1), 10));
        assertFalse(Files.exists(stale));
        assertTrue(Files.exists(fresh), "another JVM may be writing it right now");
    }

    @Test
    void locationFollowsTheEnvironment() {
        assertEquals(Path.of("/c/w"), CodeCache.fromEnvironment(
                Map.of("WASIX4J_CACHE_DIR", "/c/w", "XDG_CACHE_HOME", "/x"), "/h").directory().orElseThrow());
        assertEquals(Path.of("/x/wasix4j"), CodeCache.fromEnvironment(Map.of("XDG_CACHE_HOME", "/x"), "/h")
                .directory().orElseThrow());
        assertEquals(Path.of("/h/.cache/wasix4j"), CodeCache.fromEnvironment(Map.of("XDG_CACHE_HOME", "rel"), "/h")
                .directory().orElseThrow(), "a relative XDG_CACHE_HOME is ignored");
        assertEquals(Path.of("/h/.cache/wasix4j"), CodeCache.fromEnvironment(Map.of(), "/h").directory().orElseThrow());
        assertFalse(CodeCache.fromEnvironment(Map.of(), null).enabled());
        assertEquals(512L << 20, CodeCache.fromEnvironment(Map.of("WASIX4J_CACHE_MAX", "512M"), "/h").maxBytes());
        assertEquals(CodeCache.DEFAULT_MAX_BYTES, CodeCache.fromEnvironment(Map.of(), "/h").maxBytes());
    }

    @Test
    void sizesParse() {
        assertEquals(1000, CodeCache.parseSize("1000"));
        assertEquals(64L << 10, CodeCache.parseSize("64k"));
        assertEquals(2L << 30, CodeCache.parseSize("2G"));
        assertEquals(3L << 20, CodeCache.parseSize("3MB"));
        assertEquals(CodeCache.DEFAULT_MAX_BYTES, CodeCache.parseSize("lots"));
    }
}
