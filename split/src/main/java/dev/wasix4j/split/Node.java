package dev.wasix4j.split;

import java.util.List;

/**
 * One instruction of a function being split, or one construct (block, loop, if) with its bodies.
 * Instructions the pass never rewrites keep their original bytes; local accesses and branches are
 * re-encoded from {@link #imm} and {@link #table}, since outlining renumbers them.
 */
final class Node {
    static final int SIMPLE = 0;
    static final int BLOCK = 0x02;
    static final int LOOP = 0x03;
    static final int IF = 0x04;

    static final int OP_UNREACHABLE = 0x00;
    static final int OP_BR = 0x0c;
    static final int OP_BR_IF = 0x0d;
    static final int OP_BR_TABLE = 0x0e;
    static final int OP_RETURN = 0x0f;
    static final int OP_CALL = 0x10;
    static final int OP_LOCAL_GET = 0x20;
    static final int OP_LOCAL_SET = 0x21;
    static final int OP_LOCAL_TEE = 0x22;
    static final int OP_I32_CONST = 0x41;
    static final int OP_I32_EQ = 0x46;

    final int kind;
    /** the opcode of a simple instruction (prefixed ones as prefix << 16 | sub-opcode) */
    final int op;
    /** verbatim encoding of a simple instruction, or a construct's opcode and block type; null when re-encoded */
    final byte[] code;
    /** local index or branch depth */
    int imm;
    /** br_table labels, the default last */
    int[] table;
    /** operand-stack effect of a simple instruction, or of a construct as a whole */
    final int pops;
    final int pushes;
    /** control never continues past it (br, br_table, return, unreachable, return_call) */
    final boolean unconditional;
    /** a tail call: cannot move into another function, which would return from the wrong frame */
    final boolean tailCall;
    /** a construct's block-type parameter and result counts */
    final int params;
    final int results;
    List<Node> body;
    List<Node> elseBody;
    /** locals live just before this node (at its own body level); see {@link Liveness} */
    java.util.BitSet liveBefore;
    /** for a construct: locals live just after it */
    java.util.BitSet liveAfter;
    /** for a loop: the fixpoint last found for its label */
    java.util.BitSet loopLive;
    /**
     * Part of a call site after its first instruction: no region may start or end before it, since
     * the site's exit code lives in a local shared by all sites, set and read within the site.
     */
    boolean glued;
    /** cached encoded size, -1 when unknown */
    int size = -1;
    /** cached estimate of the JVM bytecode Chicory emits for it, -1 when unknown; see {@link Cost} */
    int cost = -1;

    private Node(int kind, int op, byte[] code, int pops, int pushes, boolean unconditional, boolean tailCall,
            int params, int results) {
        this.kind = kind;
        this.op = op;
        this.code = code;
        this.pops = pops;
        this.pushes = pushes;
        this.unconditional = unconditional;
        this.tailCall = tailCall;
        this.params = params;
        this.results = results;
    }

    static Node verbatim(int op, byte[] code, int pops, int pushes, boolean unconditional, boolean tailCall) {
        return new Node(SIMPLE, op, code, pops, pushes, unconditional, tailCall, 0, 0);
    }

    static Node local(int op, int index) {
        var n = new Node(SIMPLE, op, null, op == OP_LOCAL_GET ? 0 : 1, op == OP_LOCAL_SET ? 0 : 1, false, false, 0, 0);
        n.imm = index;
        return n;
    }

    static Node branch(int op, int depth) {
        var n = new Node(SIMPLE, op, null, op == OP_BR_IF ? 1 : 0, 0, op == OP_BR, false, 0, 0);
        n.imm = depth;
        return n;
    }

    static Node brTable(int[] table) {
        var n = new Node(SIMPLE, OP_BR_TABLE, null, 1, 0, true, false, 0, 0);
        n.table = table;
        return n;
    }

    static Node construct(int kind, byte[] header, int params, int results) {
        int pops = params + (kind == IF ? 1 : 0);
        return new Node(kind, kind, header, pops, results, false, false, params, results);
    }

    /** A copy with the same shape and no bodies (for constructs) or the same operands. */
    Node copyShallow() {
        var n = new Node(kind, op, code, pops, pushes, unconditional, tailCall, params, results);
        n.imm = imm;
        n.table = table == null ? null : table.clone();
        return n;
    }

    boolean isConstruct() {
        return kind != SIMPLE;
    }

    boolean isLocal() {
        return kind == SIMPLE && code == null && op >= OP_LOCAL_GET && op <= OP_LOCAL_TEE;
    }

    boolean isBranch() {
        return kind == SIMPLE && code == null && (op == OP_BR || op == OP_BR_IF || op == OP_BR_TABLE);
    }

    // ---- synthesized instructions

    static Node simple(int op, int pops, int pushes) {
        return verbatim(op, new byte[] {(byte) op}, pops, pushes, op == OP_UNREACHABLE || op == OP_RETURN, false);
    }

    static Node i32Const(int v) {
        var out = new Bytes.Out();
        out.u8(OP_I32_CONST);
        out.s32(v);
        return verbatim(OP_I32_CONST, out.toArray(), 0, 1, false, false);
    }

    static Node call(int function, int pops, int pushes) {
        var out = new Bytes.Out();
        out.u8(OP_CALL);
        out.u32(function);
        return verbatim(OP_CALL, out.toArray(), pops, pushes, false, false);
    }

    static Node voidBlock(int kind, List<Node> body) {
        var n = construct(kind, new byte[] {(byte) kind, 0x40}, 0, 0);
        n.body = body;
        return n;
    }

    // ---- encoding

    int size() {
        if (size < 0) {
            size = computeSize();
        }
        return size;
    }

    private int computeSize() {
        if (kind == SIMPLE) {
            if (code != null) {
                return code.length;
            }
            if (op == OP_BR_TABLE) {
                int s = 1 + Bytes.u32Size(table.length - 1);
                for (int t : table) {
                    s += Bytes.u32Size(t);
                }
                return s;
            }
            return 1 + Bytes.u32Size(imm);
        }
        int s = code.length + 1 + sizeOf(body);
        if (elseBody != null) {
            s += 1 + sizeOf(elseBody);
        }
        return s;
    }

    static int sizeOf(List<Node> nodes) {
        int s = 0;
        for (var n : nodes) {
            s += n.size();
        }
        return s;
    }

    /** Forgets cached sizes below (and including) these nodes, after a body changed. */
    static void resetSizes(List<Node> nodes) {
        for (var n : nodes) {
            if (n.isConstruct()) {
                n.size = -1;
                n.cost = -1;
                resetSizes(n.body);
                if (n.elseBody != null) {
                    resetSizes(n.elseBody);
                }
            }
        }
    }

    void encode(Bytes.Out out) {
        if (kind == SIMPLE) {
            if (code != null) {
                out.bytes(code);
            } else if (op == OP_BR_TABLE) {
                out.u8(op);
                out.u32(table.length - 1);
                for (int t : table) {
                    out.u32(t);
                }
            } else {
                out.u8(op);
                out.u32(imm);
            }
            return;
        }
        out.bytes(code);
        encode(body, out);
        if (elseBody != null) {
            out.u8(0x05);
            encode(elseBody, out);
        }
        out.u8(0x0b);
    }

    static void encode(List<Node> nodes, Bytes.Out out) {
        for (var n : nodes) {
            n.encode(out);
        }
    }
}
