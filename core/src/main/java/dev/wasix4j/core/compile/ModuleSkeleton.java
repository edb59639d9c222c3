package dev.wasix4j.core.compile;

import java.io.ByteArrayOutputStream;
import java.util.Set;

/**
 * The module a cached machine is instantiated from: every section as compiled, but the bodies of
 * compiled functions replaced by {@code unreachable}. Compiled code never reads a function body
 * (Chicory's instance keeps them only for functions it interprets), and parsing and validating
 * the real bodies of a 1 MB module costs about half a second on every start — the largest part
 * of a cache hit. Bodies of functions left to the interpreter are kept whole.
 */
final class ModuleSkeleton {
    private static final int CODE_SECTION = 10;
    /** size 3: no locals, {@code unreachable}, {@code end}: valid for any function type. */
    private static final byte[] STUB = {0x03, 0x00, 0x00, 0x0b};

    private ModuleSkeleton() {}

    /**
     * @param wasm a valid module
     * @param importedFunctions how many functions the module imports (function indices count them first)
     * @param keep indices (imports included) of functions whose bodies stay
     */
    static byte[] of(byte[] wasm, int importedFunctions, Set<Integer> keep) {
        var out = new ByteArrayOutputStream(wasm.length / 4);
        out.write(wasm, 0, 8); // magic and version
        int[] pos = {8};
        while (pos[0] < wasm.length) {
            int start = pos[0];
            int id = wasm[pos[0]++] & 0xff;
            int size = uleb(wasm, pos);
            int contentStart = pos[0];
            int end = contentStart + size;
            if (id != CODE_SECTION) {
                out.write(wasm, start, end - start);
            } else {
                var code = new ByteArrayOutputStream();
                int count = uleb(wasm, pos);
                writeUleb(code, count);
                for (int i = 0; i < count; i++) {
                    int bodyStart = pos[0];
                    int bodySize = uleb(wasm, pos);
                    int bodyEnd = pos[0] + bodySize;
                    if (keep.contains(importedFunctions + i)) {
                        code.write(wasm, bodyStart, bodyEnd - bodyStart);
                    } else {
                        code.write(STUB, 0, STUB.length);
                    }
                    pos[0] = bodyEnd;
                }
                out.write(CODE_SECTION);
                writeUleb(out, code.size());
                out.write(code.toByteArray(), 0, code.size());
            }
            pos[0] = end;
        }
        return out.toByteArray();
    }

    private static int uleb(byte[] b, int[] pos) {
        int result = 0;
        int shift = 0;
        while (true) {
            int x = b[pos[0]++] & 0xff;
            result |= (x & 0x7f) << shift;
            if ((x & 0x80) == 0) {
                return result;
            }
            shift += 7;
        }
    }

    private static void writeUleb(ByteArrayOutputStream out, int v) {
        do {
            int b = v & 0x7f;
            v >>>= 7;
            out.write(v != 0 ? b | 0x80 : b);
        } while (v != 0);
    }
}
