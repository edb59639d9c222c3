package dev.wasix4j.split;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Decodes one function body into a tree of {@link Node}s, knowing every opcode's immediates and
 * operand-stack effect (MVP, sign extension, saturating truncation, bulk memory, reference types,
 * multi-value, threads, the SIMD loads, stores and lane operations). Anything else is
 * {@link Bytes.Unsupported}: the function is then left as it is.
 */
final class Decoder {
    /** A decoded function: the types of all its locals (parameters first) and its body. */
    record Function(List<byte[]> locals, int paramCount, List<Node> body) {}

    private final ModuleInfo info;
    private Bytes.In in;

    Decoder(ModuleInfo info) {
        this.info = info;
    }

    Function decode(int definedIndex) {
        int[] range = info.bodies.get(definedIndex);
        var type = info.typeOfFunction(info.importedFuncs + definedIndex);
        in = new Bytes.In(info.module, range[0], range[1]);
        var locals = new ArrayList<>(type.params());
        int groups = in.u32();
        for (int g = 0; g < groups; g++) {
            long count = in.u32() & 0xffff_ffffL;
            byte[] t = ModuleInfo.valType(in);
            if (locals.size() + count > 50_000) {
                throw new Bytes.Unsupported("too many locals");
            }
            for (long k = 0; k < count; k++) {
                locals.add(t);
            }
        }
        var root = new ArrayList<Node>();
        var stack = new ArrayDeque<Node>();
        List<Node> current = root;
        var parents = new ArrayDeque<List<Node>>();
        while (true) {
            int start = in.pos;
            int op = in.u8();
            switch (op) {
                case 0x02, 0x03, 0x04 -> {
                    int[] bt = blockType();
                    var n = Node.construct(op, Arrays.copyOfRange(in.b, start, in.pos), bt[0], bt[1]);
                    n.body = new ArrayList<>();
                    current.add(n);
                    stack.push(n);
                    parents.push(current);
                    current = n.body;
                }
                case 0x05 -> {
                    var top = stack.peek();
                    if (top == null || top.kind != Node.IF || top.elseBody != null) {
                        throw new Bytes.Unsupported("else without if");
                    }
                    top.elseBody = new ArrayList<>();
                    current = top.elseBody;
                }
                case 0x0b -> {
                    if (stack.isEmpty()) {
                        if (in.pos != in.end) {
                            throw new Bytes.Unsupported("code after the function's end");
                        }
                        return new Function(locals, type.params().size(), root);
                    }
                    stack.pop();
                    current = parents.pop();
                }
                case Node.OP_LOCAL_GET, Node.OP_LOCAL_SET, Node.OP_LOCAL_TEE -> {
                    int idx = in.u32();
                    if (idx >= locals.size()) {
                        throw new Bytes.Unsupported("local index out of range");
                    }
                    current.add(Node.local(op, idx));
                }
                case Node.OP_BR, Node.OP_BR_IF -> current.add(Node.branch(op, in.u32()));
                case Node.OP_BR_TABLE -> {
                    int n = in.u32();
                    if (n > 1_000_000) {
                        throw new Bytes.Unsupported("br_table too long");
                    }
                    int[] table = new int[n + 1];
                    for (int i = 0; i <= n; i++) {
                        table[i] = in.u32();
                    }
                    current.add(Node.brTable(table));
                }
                default -> current.add(simple(op, start));
            }
        }
    }

    /** Reads a block type; returns {params, results}. */
    private int[] blockType() {
        int b = in.b[in.pos] & 0xff;
        if ((b & 0xc0) == 0x40) { // a one-byte negative s33: empty or a value type
            if (b == 0x40) {
                in.pos++;
                return new int[] {0, 0};
            }
            ModuleInfo.valType(in);
            return new int[] {0, 1};
        }
        long idx = in.s64();
        if (idx < 0 || idx >= info.types.size()) {
            throw new Bytes.Unsupported("block type index out of range");
        }
        var t = info.types.get((int) idx);
        return new int[] {t.params().size(), t.results().size()};
    }

    private void memarg() {
        int align = in.u32();
        if ((align & 0x40) != 0) {
            in.u32(); // memory index (multi-memory)
        }
        in.u64();
    }

    private Node simple(int op, int start) {
        int pops;
        int pushes;
        boolean uncond = false;
        boolean tail = false;
        int code = op;
        switch (op) {
            case 0x00 -> {
                pops = 0;
                pushes = 0;
                uncond = true;
            }
            case 0x01 -> {
                pops = 0;
                pushes = 0;
            }
            case Node.OP_RETURN -> {
                pops = 0;
                pushes = 0;
                uncond = true;
            }
            case 0x10, 0x12 -> {
                int f = in.u32();
                if (f >= info.funcTypes.size()) {
                    throw new Bytes.Unsupported("call to an unknown function");
                }
                var t = info.typeOfFunction(f);
                pops = t.params().size();
                pushes = t.results().size();
                if (op == 0x12) {
                    uncond = true;
                    tail = true;
                }
            }
            case 0x11, 0x13 -> {
                int ti = in.u32();
                in.u32();
                if (ti >= info.types.size()) {
                    throw new Bytes.Unsupported("call_indirect to an unknown type");
                }
                var t = info.types.get(ti);
                pops = t.params().size() + 1;
                pushes = t.results().size();
                if (op == 0x13) {
                    uncond = true;
                    tail = true;
                }
            }
            case 0x1a -> {
                pops = 1;
                pushes = 0;
            }
            case 0x1b -> {
                pops = 3;
                pushes = 1;
            }
            case 0x1c -> {
                int n = in.u32();
                for (int i = 0; i < n; i++) {
                    ModuleInfo.valType(in);
                }
                pops = 3;
                pushes = 1;
            }
            case 0x23 -> {
                in.u32();
                pops = 0;
                pushes = 1;
            }
            case 0x24 -> {
                in.u32();
                pops = 1;
                pushes = 0;
            }
            case 0x25 -> {
                in.u32();
                pops = 1;
                pushes = 1;
            }
            case 0x26 -> {
                in.u32();
                pops = 2;
                pushes = 0;
            }
            case 0x3f -> {
                in.u32();
                pops = 0;
                pushes = 1;
            }
            case 0x40 -> {
                in.u32();
                pops = 1;
                pushes = 1;
            }
            case 0x41 -> {
                in.s64();
                pops = 0;
                pushes = 1;
            }
            case 0x42 -> {
                in.s64();
                pops = 0;
                pushes = 1;
            }
            case 0x43 -> {
                in.skip(4);
                pops = 0;
                pushes = 1;
            }
            case 0x44 -> {
                in.skip(8);
                pops = 0;
                pushes = 1;
            }
            case 0xd0 -> {
                in.s64();
                pops = 0;
                pushes = 1;
            }
            case 0xd1 -> {
                pops = 1;
                pushes = 1;
            }
            case 0xd2 -> {
                in.u32();
                pops = 0;
                pushes = 1;
            }
            case 0xfc -> {
                int sub = in.u32();
                code = 0xfc0000 | sub;
                int[] e = prefixFC(sub);
                pops = e[0];
                pushes = e[1];
            }
            case 0xfd -> {
                int sub = in.u32();
                code = 0xfd0000 | sub;
                int[] e = prefixFD(sub);
                pops = e[0];
                pushes = e[1];
            }
            case 0xfe -> {
                int sub = in.u32();
                code = 0xfe0000 | sub;
                int[] e = prefixFE(sub);
                pops = e[0];
                pushes = e[1];
            }
            default -> {
                if (op >= 0x28 && op <= 0x35) { // loads
                    memarg();
                    pops = 1;
                    pushes = 1;
                } else if (op >= 0x36 && op <= 0x3e) { // stores
                    memarg();
                    pops = 2;
                    pushes = 0;
                } else if (op == 0x45 || op == 0x50 || (op >= 0x67 && op <= 0x69) || (op >= 0x79 && op <= 0x7b)
                        || (op >= 0x8b && op <= 0x91) || (op >= 0x99 && op <= 0x9f) || (op >= 0xa7 && op <= 0xc4)) {
                    pops = 1; // tests, unary operators, conversions, sign extension
                    pushes = 1;
                } else if ((op >= 0x46 && op <= 0x4f) || (op >= 0x51 && op <= 0x66) || (op >= 0x6a && op <= 0x78)
                        || (op >= 0x7c && op <= 0x8a) || (op >= 0x92 && op <= 0x98) || (op >= 0xa0 && op <= 0xa6)) {
                    pops = 2; // comparisons and binary operators
                    pushes = 1;
                } else {
                    throw new Bytes.Unsupported(String.format("opcode 0x%02x", op));
                }
            }
        }
        return Node.verbatim(code, Arrays.copyOfRange(in.b, start, in.pos), pops, pushes, uncond, tail);
    }

    private int[] prefixFC(int sub) {
        switch (sub) {
            case 0, 1, 2, 3, 4, 5, 6, 7 -> {
                return new int[] {1, 1};
            }
            case 8 -> { // memory.init
                in.u32();
                in.u32();
                return new int[] {3, 0};
            }
            case 9, 13 -> { // data.drop, elem.drop
                in.u32();
                return new int[] {0, 0};
            }
            case 10, 12, 14 -> { // memory.copy, table.init, table.copy
                in.u32();
                in.u32();
                return new int[] {3, 0};
            }
            case 11, 17 -> { // memory.fill, table.fill
                in.u32();
                return new int[] {3, 0};
            }
            case 15 -> { // table.grow
                in.u32();
                return new int[] {2, 1};
            }
            case 16 -> { // table.size
                in.u32();
                return new int[] {0, 1};
            }
            default -> throw new Bytes.Unsupported("opcode 0xfc " + sub);
        }
    }

    private int[] prefixFE(int sub) {
        if (sub == 0x03) {
            in.u8();
            return new int[] {0, 0};
        }
        memarg();
        if (sub == 0x00) {
            return new int[] {2, 1};
        }
        if (sub == 0x01 || sub == 0x02) {
            return new int[] {3, 1};
        }
        if (sub >= 0x10 && sub <= 0x16) {
            return new int[] {1, 1};
        }
        if (sub >= 0x17 && sub <= 0x1d) {
            return new int[] {2, 0};
        }
        if (sub >= 0x1e && sub <= 0x47) {
            return new int[] {2, 1};
        }
        if (sub >= 0x48 && sub <= 0x4e) {
            return new int[] {3, 1};
        }
        throw new Bytes.Unsupported("opcode 0xfe " + sub);
    }

    private int[] prefixFD(int sub) {
        if (sub <= 0x0a) {
            memarg();
            return new int[] {1, 1};
        }
        if (sub == 0x0b) {
            memarg();
            return new int[] {2, 0};
        }
        if (sub == 0x0c) {
            in.skip(16);
            return new int[] {0, 1};
        }
        if (sub == 0x0d) {
            in.skip(16);
            return new int[] {2, 1};
        }
        if (sub == 0x0e) {
            return new int[] {2, 1};
        }
        if (sub >= 0x0f && sub <= 0x14) {
            return new int[] {1, 1};
        }
        if (sub >= 0x15 && sub <= 0x22) {
            in.u8();
            boolean replace = sub == 0x17 || sub == 0x1a || sub == 0x1c || sub == 0x1e || sub == 0x20 || sub == 0x22;
            return replace ? new int[] {2, 1} : new int[] {1, 1};
        }
        if (sub >= 0x23 && sub <= 0x4c) {
            return new int[] {2, 1};
        }
        if (sub == 0x4d) {
            return new int[] {1, 1};
        }
        if (sub >= 0x4e && sub <= 0x51) {
            return new int[] {2, 1};
        }
        if (sub == 0x52) {
            return new int[] {3, 1};
        }
        if (sub == 0x53) {
            return new int[] {1, 1};
        }
        if (sub >= 0x54 && sub <= 0x57) {
            memarg();
            in.u8();
            return new int[] {2, 1};
        }
        if (sub >= 0x58 && sub <= 0x5b) {
            memarg();
            in.u8();
            return new int[] {2, 0};
        }
        if (sub == 0x5c || sub == 0x5d) {
            memarg();
            return new int[] {1, 1};
        }
        throw new Bytes.Unsupported("SIMD opcode 0xfd " + sub);
    }
}
