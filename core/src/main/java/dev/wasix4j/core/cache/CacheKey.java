package dev.wasix4j.core.cache;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Properties;

/**
 * Cache keys: SHA-256 over the module's bytes as given and everything else that decides the
 * generated classes — the wasix4j version, the Chicory version, the module transform's version
 * and the entry format. Changing any of them is a miss, never a stale hit.
 */
public final class CacheKey {
    /** The wasix4j version this build was made from (Maven's project version). */
    public static final String WASIX4J_VERSION =
            read(CacheKey.class, "/dev/wasix4j/core/cache/version.properties", "wasix4j.version");
    /** The Chicory compiler's version, from its jar's Maven metadata. */
    public static final String CHICORY_VERSION = read(com.dylibso.chicory.compiler.InterpreterFallback.class,
            "/META-INF/maven/com.dylibso.chicory/compiler/pom.properties", "version");

    private CacheKey() {}

    /** The key for {@code wasm} compiled after a transform of version {@code transformVersion}. */
    public static String of(byte[] wasm, String transformVersion) {
        return of(wasm, WASIX4J_VERSION, CHICORY_VERSION, transformVersion);
    }

    static String of(byte[] wasm, String wasix4j, String chicory, String transform) {
        MessageDigest sha = sha256();
        String header = "wasix4j code cache\0format " + CacheEntry.FORMAT + "\0wasix4j " + wasix4j
                + "\0chicory " + chicory + "\0transform " + transform + "\0";
        sha.update(header.getBytes(StandardCharsets.UTF_8));
        sha.update(wasm);
        return HexFormat.of().formatHex(sha.digest());
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError("every JDK has SHA-256", e);
        }
    }

    private static String read(Class<?> anchor, String resource, String property) {
        try (InputStream in = anchor.getResourceAsStream(resource)) {
            if (in != null) {
                var p = new Properties();
                p.load(in);
                String v = p.getProperty(property);
                if (v != null && !v.isBlank() && !v.startsWith("${")) {
                    return v.trim();
                }
            }
        } catch (IOException e) {
            // fall through: an unknown version still keys correctly within one build
        }
        // no metadata (a build without it): key on the class file's own location instead
        var src = anchor.getProtectionDomain().getCodeSource();
        return "unknown@" + (src == null ? "?" : src.getLocation());
    }
}
