package dev.wasix4j.split;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits every function too large to compile well into pieces, preserving behaviour exactly.
 *
 * <p>Chicory compiles each wasm function into one JVM method: a function whose bytecode would pass
 * the JVM's 64 KB method limit runs in Chicory's interpreter instead, and a method over HotSpot's
 * 8 000-byte huge-method limit is never JIT-compiled. This pass rewrites such functions before
 * Chicory sees them: regions of a large function move into new functions ({@link Outliner}),
 * appended after every existing one, so no function index, export, table entry or name changes.
 * Sections other than type, function, code and name are copied byte for byte.
 *
 * <p>A function using an instruction the pass does not know (exception handling, GC, most SIMD
 * arithmetic) is left as it is and listed in {@link SplitResult#leftAlone()}.
 */
public final class Splitter {
    /**
     * Changes whenever the same input would split differently: compiled-code caches key on it, so
     * classes compiled from an older split are never served for a newer one.
     */
    public static final String VERSION = "1";

    private Splitter() {}

    /**
     * Splits {@code module}; answers the same array when nothing needed splitting. Never throws
     * on bad input: a module it cannot read is answered unchanged, for the parser to judge.
     */
    public static SplitResult split(byte[] module, SplitOptions options) {
        try {
            return splitOrThrow(module, options);
        } catch (RuntimeException e) {
            return new SplitResult(module, List.of(), List.of(new SplitResult.LeftAlone(-1, null, module.length,
                    "module not split: " + e)));
        }
    }

    private static SplitResult splitOrThrow(byte[] module, SplitOptions options) {
        int budget = options.maxMethodBytes();
        ModuleInfo info;
        try {
            info = new ModuleInfo(module);
        } catch (Bytes.Unsupported e) {
            return new SplitResult(module, List.of(), List.of(new SplitResult.LeftAlone(-1, null, module.length,
                    "module not split: " + e.getMessage())));
        }
        var big = new ArrayList<Integer>();
        for (int i = 0; i < info.definedFunctions(); i++) {
            int[] r = info.bodies.get(i);
            if (r[1] - r[0] > budget / 8) { // a cheap filter: bytecode is rarely over 8 times the wasm
                big.add(i);
            }
        }
        if (big.isEmpty()) {
            return new SplitResult(module, List.of(), List.of());
        }
        var newTypes = new ArrayList<ModuleInfo.FuncType>();
        var newFuncs = new ArrayList<byte[]>(); // encoded bodies of the pieces
        var newFuncTypes = new ArrayList<Integer>();
        var newNames = new ArrayList<String>();
        var replaced = new java.util.HashMap<Integer, byte[]>();
        var split = new ArrayList<SplitResult.SplitFunction>();
        var leftAlone = new ArrayList<SplitResult.LeftAlone>();
        int firstNew = info.importedFuncs + info.definedFunctions();
        var decoder = new Decoder(info);
        for (int defined : big) {
            int index = info.importedFuncs + defined;
            String name = info.names.get(index);
            int[] r = info.bodies.get(defined);
            int original = r[1] - r[0];
            Decoder.Function fn;
            try {
                fn = decoder.decode(defined);
            } catch (Bytes.Unsupported | ArrayIndexOutOfBoundsException e) {
                leftAlone.add(new SplitResult.LeftAlone(index, name, original, "not split: " + e.getMessage()));
                continue;
            }
            var type = info.typeOfFunction(index);
            if (new Cost(fn.locals(), fn.paramCount(), Cost.used(fn.body())).function(fn.body()) <= budget) {
                continue;
            }
            // pieces are added only once the whole function is done, so a failure leaves no trace
            var pieceTypes = new ArrayList<ModuleInfo.FuncType>();
            var pieceBodies = new ArrayList<byte[]>();
            int base = firstNew + newFuncs.size();
            var outliner = new Outliner(type, fn, (t, locals, body) -> {
                pieceTypes.add(t);
                pieceBodies.add(encodeBody(locals, t.params().size(), body));
                return base + pieceBodies.size() - 1;
            });
            try {
                outliner.shrink(budget);
            } catch (RuntimeException e) {
                leftAlone.add(new SplitResult.LeftAlone(index, name, original, "not split: " + e));
                continue;
            }
            if (outliner.pieces() == 0) {
                leftAlone.add(new SplitResult.LeftAlone(index, name, original, "no region could be moved out"));
                continue;
            }
            byte[] body = encodeBody(outliner.locals(), fn.paramCount(), outliner.body());
            replaced.put(defined, body);
            for (int k = 0; k < pieceTypes.size(); k++) {
                newFuncTypes.add(typeIndex(info, newTypes, pieceTypes.get(k)));
                newFuncs.add(pieceBodies.get(k));
                newNames.add((name != null ? name : "f" + index) + "$split" + k);
            }
            split.add(new SplitResult.SplitFunction(index, name, original, body.length, pieceTypes.size()));
            if (outliner.cost() > budget) {
                leftAlone.add(new SplitResult.LeftAlone(index, name, body.length,
                        "still over the limit after splitting (about " + outliner.cost() + " bytes of bytecode)"));
            }
        }
        if (split.isEmpty()) {
            return new SplitResult(module, List.of(), leftAlone);
        }
        return new SplitResult(write(info, newTypes, newFuncTypes, newFuncs, newNames, replaced, firstNew), split,
                leftAlone);
    }

    private static int typeIndex(ModuleInfo info, List<ModuleInfo.FuncType> newTypes, ModuleInfo.FuncType t) {
        for (int i = 0; i < info.types.size(); i++) {
            if (info.types.get(i).sameAs(t)) {
                return i;
            }
        }
        for (int i = 0; i < newTypes.size(); i++) {
            if (newTypes.get(i).sameAs(t)) {
                return info.types.size() + i;
            }
        }
        newTypes.add(t);
        return info.types.size() + newTypes.size() - 1;
    }

    /** A code-section entry body: local declarations (runs of one type), instructions, end. */
    static byte[] encodeBody(List<byte[]> locals, int paramCount, List<Node> body) {
        var out = new Bytes.Out();
        var groups = new ArrayList<int[]>(); // {first local, count}
        for (int i = paramCount; i < locals.size(); i++) {
            if (!groups.isEmpty() && java.util.Arrays.equals(locals.get(groups.getLast()[0]), locals.get(i))) {
                groups.getLast()[1]++;
            } else {
                groups.add(new int[] {i, 1});
            }
        }
        out.u32(groups.size());
        for (var g : groups) {
            out.u32(g[1]);
            out.bytes(locals.get(g[0]));
        }
        Node.encode(body, out);
        out.u8(0x0b);
        return out.toArray();
    }

    private static byte[] write(ModuleInfo info, List<ModuleInfo.FuncType> newTypes, List<Integer> newFuncTypes,
            List<byte[]> newFuncs, List<String> newNames, java.util.Map<Integer, byte[]> replaced, int firstNew) {
        byte[] m = info.module;
        var out = new Bytes.Out();
        out.bytes(m, 0, 8);
        for (var s : info.sections) {
            var payload = new Bytes.Out();
            switch (s.id()) {
                case 1 -> {
                    var in = new Bytes.In(m, s.payloadStart(), s.end());
                    int n = in.u32();
                    payload.u32(n + newTypes.size());
                    payload.bytes(m, in.pos, s.end() - in.pos);
                    newTypes.forEach(t -> t.encode(payload));
                }
                case 3 -> {
                    var in = new Bytes.In(m, s.payloadStart(), s.end());
                    int n = in.u32();
                    payload.u32(n + newFuncTypes.size());
                    payload.bytes(m, in.pos, s.end() - in.pos);
                    newFuncTypes.forEach(payload::u32);
                }
                case 10 -> {
                    payload.u32(info.definedFunctions() + newFuncs.size());
                    for (int i = 0; i < info.definedFunctions(); i++) {
                        byte[] body = replaced.get(i);
                        if (body != null) {
                            payload.u32(body.length);
                            payload.bytes(body);
                        } else {
                            int[] r = info.bodies.get(i);
                            payload.u32(r[1] - r[0]);
                            payload.bytes(m, r[0], r[1] - r[0]);
                        }
                    }
                    for (byte[] body : newFuncs) {
                        payload.u32(body.length);
                        payload.bytes(body);
                    }
                }
                default -> {
                    if (s == info.nameSection && writeNames(info, s, newNames, firstNew, payload)) {
                        break;
                    }
                    out.bytes(m, s.start(), s.end() - s.start());
                    continue;
                }
            }
            out.u8(s.id());
            out.sized(payload);
        }
        return out.toArray();
    }

    /** The name section with the pieces' names added to the function names; false to copy it as it is. */
    private static boolean writeNames(ModuleInfo info, ModuleInfo.Section s, List<String> newNames, int firstNew,
            Bytes.Out payload) {
        byte[] m = info.module;
        try {
            var in = new Bytes.In(m, s.payloadStart(), s.end());
            in.name();
            payload.bytes(m, s.payloadStart(), in.pos - s.payloadStart());
            boolean done = false;
            while (in.pos < in.end) {
                int start = in.pos;
                int id = in.u8();
                int size = in.u32();
                int end = in.pos + size;
                if (size < 0 || size > in.end - in.pos) {
                    throw new Bytes.Unsupported("name subsection past its section"); // would loop back
                }
                if (id == 1) {
                    var sub = new Bytes.In(m, in.pos, end);
                    int n = sub.u32();
                    var names = new Bytes.Out();
                    names.u32(n + newNames.size());
                    names.bytes(m, sub.pos, end - sub.pos);
                    for (int k = 0; k < newNames.size(); k++) {
                        names.u32(firstNew + k);
                        byte[] utf8 = newNames.get(k).getBytes(java.nio.charset.StandardCharsets.UTF_8);
                        names.u32(utf8.length);
                        names.bytes(utf8);
                    }
                    payload.u8(1);
                    payload.sized(names);
                    done = true;
                } else {
                    payload.bytes(m, start, end - start);
                }
                in.pos = end;
            }
            return done;
        } catch (Bytes.Unsupported e) {
            return false;
        }
    }
}
