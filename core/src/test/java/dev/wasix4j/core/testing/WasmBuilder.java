package dev.wasix4j.core.testing;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Builds small WASI command modules in memory, for tests that need a module of a given shape
 * (a unique one per test, or one function too large for a JVM method) without committing it.
 */
public final class WasmBuilder {
    private WasmBuilder() {}

    /**
     * A module importing {@code wasi_snapshot_preview1.proc_exit} whose {@code _start} sums
     * {@code additions} constants (starting at {@code seed}) in a local and exits with the sum
     * modulo 256. With about 12 000 additions the function no longer fits one JVM method.
     */
    public static byte[] summingCommand(int seed, int additions) {
        var body = new ByteArrayOutputStream();
        body.write(1); // one local group
        body.write(1); // of one
        body.write(0x7f); // i32
        body.write(0x41); // i32.const seed
        sleb(body, seed);
        body.write(0x21); // local.set 0
        body.write(0);
        int expected = seed;
        for (int i = 0; i < additions; i++) {
            int k = (i * 7 + 3) % 1000;
            expected += k;
            body.write(0x20); // local.get 0
            body.write(0);
            body.write(0x41); // i32.const k
            sleb(body, k);
            body.write(0x6a); // i32.add
            body.write(0x21); // local.set 0
            body.write(0);
        }
        body.write(0x20); // local.get 0
        body.write(0);
        body.write(0x41); // i32.const 255
        sleb(body, 255);
        body.write(0x71); // i32.and
        body.write(0x10); // call 0 (proc_exit)
        body.write(0);
        body.write(0x0b); // end
        byte[] code = body.toByteArray();

        var m = new ByteArrayOutputStream();
        m.writeBytes(new byte[] {0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00});
        // types: 0 = (i32) -> (), 1 = () -> ()
        section(m, 1, new byte[] {2, 0x60, 1, 0x7f, 0, 0x60, 0, 0});
        var imports = new ByteArrayOutputStream();
        imports.write(1);
        name(imports, "wasi_snapshot_preview1");
        name(imports, "proc_exit");
        imports.write(0); // func
        imports.write(0); // type 0
        section(m, 2, imports.toByteArray());
        section(m, 3, new byte[] {1, 1}); // one function of type 1
        var exports = new ByteArrayOutputStream();
        exports.write(1);
        name(exports, "_start");
        exports.write(0);
        exports.write(1); // func 1
        section(m, 7, exports.toByteArray());
        var codeSec = new ByteArrayOutputStream();
        codeSec.write(1);
        uleb(codeSec, code.length);
        codeSec.writeBytes(code);
        section(m, 10, codeSec.toByteArray());
        return m.toByteArray();
    }

    /** The exit code {@link #summingCommand} gives. */
    public static int expectedExit(int seed, int additions) {
        int sum = seed;
        for (int i = 0; i < additions; i++) {
            sum += (i * 7 + 3) % 1000;
        }
        return sum & 255;
    }

    private static void section(ByteArrayOutputStream m, int id, byte[] content) {
        m.write(id);
        uleb(m, content.length);
        m.writeBytes(content);
    }

    private static void name(ByteArrayOutputStream out, String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        uleb(out, b.length);
        out.writeBytes(b);
    }

    private static void uleb(ByteArrayOutputStream out, int v) {
        do {
            int b = v & 0x7f;
            v >>>= 7;
            out.write(v != 0 ? b | 0x80 : b);
        } while (v != 0);
    }

    private static void sleb(ByteArrayOutputStream out, int v) {
        while (true) {
            int b = v & 0x7f;
            v >>= 7;
            boolean done = (v == 0 && (b & 0x40) == 0) || (v == -1 && (b & 0x40) != 0);
            out.write(done ? b : b | 0x80);
            if (done) {
                return;
            }
        }
    }
}
