package dev.wasix4j.core.cache;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32C;

/**
 * What one compilation leaves behind: the JVM classes Chicory generated, the module they were
 * compiled from (when a transform changed it), and what a user is told about it.
 *
 * <p>On disk: {@code "W4JC"}, format, payload length, CRC-32C of the payload, then the payload. A
 * file that is short, long, or fails the checksum is not an entry ({@link #decode} says why).
 *
 * @param key the cache key the entry was stored under; a mismatch on reading is corruption
 * @param mainClass the generated {@code Machine} class
 * @param classes every generated class by binary name
 * @param moduleBytes the module instances are built from: the one the classes were compiled
 *     from (the transform's output) with the bodies of compiled functions stubbed out, or
 *     {@code null} for the module as given
 * @param interpretedFunctions indices of functions Chicory left to its interpreter
 * @param transformNotes what the module transform did, one line each (e.g. functions split)
 */
public record CacheEntry(
        String key,
        String mainClass,
        Map<String, byte[]> classes,
        byte[] moduleBytes,
        List<Integer> interpretedFunctions,
        List<String> transformNotes) {

    private static final int MAGIC = 0x57344A43; // "W4JC"
    /** Bump when the layout below or what the skeleton keeps changes; part of the cache key too (3: table-changing bodies kept). */
    public static final int FORMAT = 3;
    static final int HEADER = 4 + 4 + 8 + 8;

    /** Total size of the generated classes in bytes. */
    public long classBytes() {
        long n = 0;
        for (byte[] b : classes.values()) {
            n += b.length;
        }
        return n;
    }

    public byte[] encode() {
        try {
            var payload = new ByteArrayOutputStream((int) Math.min(Integer.MAX_VALUE - 64, classBytes() + 4096));
            var out = new DataOutputStream(payload);
            writeString(out, key);
            writeString(out, mainClass);
            out.writeInt(interpretedFunctions.size());
            for (int f : interpretedFunctions) {
                out.writeInt(f);
            }
            out.writeInt(transformNotes.size());
            for (String n : transformNotes) {
                writeString(out, n);
            }
            if (moduleBytes == null) {
                out.writeInt(-1);
            } else {
                out.writeInt(moduleBytes.length);
                out.write(moduleBytes);
            }
            out.writeInt(classes.size());
            for (var e : classes.entrySet()) {
                writeString(out, e.getKey());
                out.writeInt(e.getValue().length);
                out.write(e.getValue());
            }
            out.flush();
            byte[] body = payload.toByteArray();
            var crc = new CRC32C();
            crc.update(body);
            var file = ByteBuffer.allocate(HEADER + body.length);
            file.putInt(MAGIC).putInt(FORMAT).putLong(body.length).putLong(crc.getValue()).put(body);
            return file.array();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a ByteArrayOutputStream does not fail
        }
    }

    /** Reads an entry written by {@link #encode}; throws {@link CorruptEntryException} saying what is wrong. */
    public static CacheEntry decode(byte[] file, String expectedKey) throws CorruptEntryException {
        if (file.length < HEADER) {
            throw new CorruptEntryException("truncated header (" + file.length + " bytes)");
        }
        var in = ByteBuffer.wrap(file);
        if (in.getInt() != MAGIC) {
            throw new CorruptEntryException("not a wasix4j cache entry");
        }
        int format = in.getInt();
        if (format != FORMAT) {
            throw new CorruptEntryException("format " + format + ", expected " + FORMAT);
        }
        long length = in.getLong();
        if (length != file.length - HEADER) {
            throw new CorruptEntryException("payload is " + (file.length - HEADER) + " bytes, header says " + length);
        }
        long expectedCrc = in.getLong();
        var crc = new CRC32C();
        crc.update(file, HEADER, file.length - HEADER);
        if (crc.getValue() != expectedCrc) {
            throw new CorruptEntryException("checksum mismatch");
        }
        try {
            String key = readString(in);
            if (!key.equals(expectedKey)) {
                throw new CorruptEntryException("entry is for another key");
            }
            String mainClass = readString(in);
            int n = count(in);
            var interpreted = new ArrayList<Integer>(n);
            for (int i = 0; i < n; i++) {
                interpreted.add(in.getInt());
            }
            n = count(in);
            var notes = new ArrayList<String>(n);
            for (int i = 0; i < n; i++) {
                notes.add(readString(in));
            }
            int moduleLength = in.getInt();
            byte[] module = moduleLength < 0 ? null : bytes(in, moduleLength);
            n = count(in);
            var classes = new LinkedHashMap<String, byte[]>();
            for (int i = 0; i < n; i++) {
                String name = readString(in);
                classes.put(name, bytes(in, count(in)));
            }
            if (in.hasRemaining() || !classes.containsKey(mainClass)) {
                throw new CorruptEntryException("inconsistent contents");
            }
            return new CacheEntry(key, mainClass, classes, module, List.copyOf(interpreted), List.copyOf(notes));
        } catch (BufferUnderflowException | IllegalArgumentException e) {
            throw new CorruptEntryException("inconsistent contents");
        }
    }

    private static int count(ByteBuffer in) throws CorruptEntryException {
        int n = in.getInt();
        if (n < 0 || n > in.remaining()) {
            throw new CorruptEntryException("inconsistent contents");
        }
        return n;
    }

    private static byte[] bytes(ByteBuffer in, int n) throws CorruptEntryException {
        if (n > in.remaining()) {
            throw new CorruptEntryException("inconsistent contents");
        }
        byte[] b = new byte[n];
        in.get(b);
        return b;
    }

    private static void writeString(DataOutputStream out, String s) throws IOException {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(b.length);
        out.write(b);
    }

    private static String readString(ByteBuffer in) throws CorruptEntryException {
        return new String(bytes(in, count(in)), StandardCharsets.UTF_8);
    }

    /** An entry file that cannot be trusted: deleted and rebuilt. */
    public static final class CorruptEntryException extends Exception {
        public CorruptEntryException(String message) {
            super(message);
        }
    }
}
