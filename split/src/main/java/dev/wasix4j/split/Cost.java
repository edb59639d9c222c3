package dev.wasix4j.split;

import java.util.List;

/**
 * Estimates how many bytes of JVM bytecode Chicory 1.7.5 emits for code: the budget a function
 * must fit is HotSpot's 8 000-byte huge-method limit, not a wasm size. Calibrated against the
 * methods Chicory generated for the test and benchmark guests (RatioMain in the tests); it errs
 * high. What costs most: locals in JVM slots past 255 (wide loads and stores), calls returning
 * several values (Chicory boxes them in a long[] and unboxes each), memory accesses (a call each).
 */
final class Cost {
    private final int[] slotOf;
    private final int init;

    /**
     * @param locals the function's locals, parameters first
     * @param used the locals its code refers to: the others are dropped when the function is
     *     written, so they take no slot and need no zeroing
     */
    Cost(List<byte[]> locals, int paramCount, java.util.BitSet used) {
        slotOf = new int[locals.size()];
        int slot = 2; // Chicory passes the memory and the instance after the parameters
        int zeroing = 0;
        for (int i = 0; i < slotOf.length; i++) {
            if (i >= paramCount && !used.get(i)) {
                slotOf[i] = Integer.MAX_VALUE;
                continue;
            }
            slotOf[i] = slot;
            byte t = locals.get(i)[0];
            if (i >= paramCount) { // Chicory zeroes every declared local on entry: a constant and a store
                zeroing += slot < 4 ? 2 : slot < 256 ? 3 : 5;
            }
            slot += t == 0x7e || t == 0x7c ? 2 : 1;
        }
        init = zeroing + 8;
    }

    /** The whole function: its body and the zeroing of its locals. */
    int function(List<Node> body) {
        return init + of(body);
    }

    /** The locals {@code body} refers to. */
    static java.util.BitSet used(List<Node> body) {
        var s = new java.util.BitSet();
        used(body, s);
        return s;
    }

    private static void used(List<Node> nodes, java.util.BitSet s) {
        for (var n : nodes) {
            if (n.isConstruct()) {
                used(n.body, s);
                if (n.elseBody != null) {
                    used(n.elseBody, s);
                }
            } else if (n.isLocal()) {
                s.set(n.imm);
            }
        }
    }

    int of(List<Node> nodes) {
        int c = 0;
        for (var n : nodes) {
            c += of(n);
        }
        return c;
    }

    int of(Node n) {
        if (n.cost >= 0) {
            return n.cost;
        }
        int c;
        if (n.isConstruct()) {
            c = 6 + of(n.body) + (n.elseBody != null ? 3 + of(n.elseBody) : 0);
        } else {
            c = simple(n);
        }
        n.cost = c;
        return c;
    }

    private int simple(Node n) {
        int op = n.op;
        if (n.isLocal()) {
            int slot = n.imm < slotOf.length ? slotOf[n.imm] : Integer.MAX_VALUE;
            int c = slot < 4 ? 1 : slot < 256 ? 2 : 4;
            return op == Node.OP_LOCAL_TEE ? c + 2 : c;
        }
        switch (op) {
            case Node.OP_BR, Node.OP_BR_IF -> {
                return 5;
            }
            case Node.OP_BR_TABLE -> {
                return 20 + 4 * n.table.length;
            }
            case 0x10, 0x11, 0x12, 0x13 -> {
                int c = 14 + (op >= 0x11 ? 4 : 0);
                if (n.pushes > 1) {
                    c += 6 + 10 * n.pushes;
                }
                if (n.pops > 120) {
                    c += 12 * n.pops;
                }
                return c;
            }
            case 0x41, 0x42, 0x43, 0x44 -> {
                return 3;
            }
            default -> {
                if (op >= 0x28 && op <= 0x3e) {
                    return 12; // memory access: a call with the memory and the offset
                }
                if (op >= 0xfc0000) {
                    return 12;
                }
                return n.code != null ? 2 + n.code.length : 3;
            }
        }
    }
}
