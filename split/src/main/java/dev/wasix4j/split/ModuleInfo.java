package dev.wasix4j.split;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** The parts of a module the pass reads: sections, function types, names. */
final class ModuleInfo {
    /** A function type, valtypes kept as their raw encodings. */
    record FuncType(List<byte[]> params, List<byte[]> results) {
        void encode(Bytes.Out out) {
            out.u8(0x60);
            out.u32(params.size());
            params.forEach(out::bytes);
            out.u32(results.size());
            results.forEach(out::bytes);
        }

        boolean sameAs(FuncType o) {
            return same(params, o.params) && same(results, o.results);
        }

        private static boolean same(List<byte[]> a, List<byte[]> b) {
            if (a.size() != b.size()) {
                return false;
            }
            for (int i = 0; i < a.size(); i++) {
                if (!Arrays.equals(a.get(i), b.get(i))) {
                    return false;
                }
            }
            return true;
        }
    }

    /** A section: its id and where its payload lies in the module. */
    record Section(int id, int start, int payloadStart, int end) {}

    final byte[] module;
    final List<Section> sections = new ArrayList<>();
    final List<FuncType> types = new ArrayList<>();
    /** type index of every function, imports first */
    final List<Integer> funcTypes = new ArrayList<>();
    int importedFuncs;
    /** where each defined function's body (after its size) starts and ends */
    final List<int[]> bodies = new ArrayList<>();
    Section typeSection;
    Section functionSection;
    Section codeSection;
    Section nameSection;
    /** function names from the name section, or empty */
    final java.util.Map<Integer, String> names = new java.util.HashMap<>();

    ModuleInfo(byte[] module) {
        this.module = module;
        if (module.length < 8 || module[0] != 0 || module[1] != 'a' || module[2] != 's' || module[3] != 'm'
                || module[4] != 1 || module[5] != 0 || module[6] != 0 || module[7] != 0) {
            throw new Bytes.Unsupported("not a WebAssembly 1.0 binary module");
        }
        var in = new Bytes.In(module, 8, module.length);
        while (in.pos < in.end) {
            int start = in.pos;
            int id = in.u8();
            int size = in.u32();
            int payload = in.pos;
            in.skip(size);
            var s = new Section(id, start, payload, in.pos);
            sections.add(s);
            switch (id) {
                case 1 -> typeSection = s;
                case 2 -> readImports(s);
                case 3 -> functionSection = s;
                case 10 -> codeSection = s;
                case 0 -> {
                    var c = new Bytes.In(module, payload, s.end());
                    if ("name".equals(c.name())) {
                        nameSection = s;
                    }
                }
                default -> {}
            }
        }
        if (typeSection != null) {
            readTypes(typeSection);
        }
        if (functionSection != null) {
            var in2 = new Bytes.In(module, functionSection.payloadStart(), functionSection.end());
            int n = in2.u32();
            for (int i = 0; i < n; i++) {
                funcTypes.add(in2.u32());
            }
        }
        if (codeSection != null) {
            var in2 = new Bytes.In(module, codeSection.payloadStart(), codeSection.end());
            int n = in2.u32();
            for (int i = 0; i < n; i++) {
                int size = in2.u32();
                bodies.add(new int[] {in2.pos, in2.pos + size});
                in2.skip(size);
            }
        }
        if (bodies.size() + importedFuncs != funcTypes.size()) {
            throw new Bytes.Unsupported("function and code sections disagree");
        }
        if (nameSection != null) {
            try {
                readNames();
            } catch (Bytes.Unsupported e) {
                names.clear(); // names are for reports only
            }
        }
    }

    FuncType typeOfFunction(int index) {
        return types.get(funcTypes.get(index));
    }

    int definedFunctions() {
        return bodies.size();
    }

    private void readTypes(Section s) {
        var in = new Bytes.In(module, s.payloadStart(), s.end());
        int n = in.u32();
        for (int i = 0; i < n; i++) {
            int form = in.u8();
            if (form != 0x60) {
                throw new Bytes.Unsupported("type section holds a non-function type (GC proposal)");
            }
            var params = new ArrayList<byte[]>();
            int np = in.u32();
            for (int k = 0; k < np; k++) {
                params.add(valType(in));
            }
            var results = new ArrayList<byte[]>();
            int nr = in.u32();
            for (int k = 0; k < nr; k++) {
                results.add(valType(in));
            }
            types.add(new FuncType(params, results));
        }
    }

    private void readImports(Section s) {
        var in = new Bytes.In(module, s.payloadStart(), s.end());
        int n = in.u32();
        for (int i = 0; i < n; i++) {
            in.name();
            in.name();
            int kind = in.u8();
            switch (kind) {
                case 0 -> {
                    funcTypes.add(in.u32());
                    importedFuncs++;
                }
                case 1 -> {
                    valType(in);
                    limits(in);
                }
                case 2 -> limits(in);
                case 3 -> {
                    valType(in);
                    in.u8();
                }
                case 4 -> {
                    in.u8();
                    in.u32();
                }
                default -> throw new Bytes.Unsupported("unknown import kind " + kind);
            }
        }
    }

    private static void limits(Bytes.In in) {
        int flags = in.u8();
        in.u64();
        if ((flags & 1) != 0) {
            in.u64();
        }
    }

    private void readNames() {
        var in = new Bytes.In(module, nameSection.payloadStart(), nameSection.end());
        in.name();
        while (in.pos < in.end) {
            int id = in.u8();
            int size = in.u32();
            int end = in.pos + size;
            if (size < 0 || size > in.end - in.pos) {
                throw new Bytes.Unsupported("name subsection past its section"); // would loop back
            }
            if (id == 1) {
                int n = in.u32();
                for (int i = 0; i < n; i++) {
                    int idx = in.u32();
                    names.put(idx, in.name());
                }
            }
            in.pos = end;
        }
    }

    /** Reads one value type and returns its raw encoding. */
    static byte[] valType(Bytes.In in) {
        int start = in.pos;
        int b = in.u8();
        switch (b) {
            case 0x7f, 0x7e, 0x7d, 0x7c, 0x7b, 0x70, 0x6f, 0x69 -> {}
            case 0x63, 0x64 -> in.s64();
            default -> throw new Bytes.Unsupported(String.format("value type 0x%02x", b));
        }
        return Arrays.copyOfRange(in.b, start, in.pos);
    }
}
