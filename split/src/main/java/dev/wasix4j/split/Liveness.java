package dev.wasix4j.split;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/**
 * Which locals are live where, so a new function returns only the locals its caller still reads
 * and takes only those it reads before writing. A backward pass over the structured body: a
 * branch sees what is live at its target (after a block, at the head of a loop), loops iterate to
 * a fixpoint. Results are stored on the nodes ({@link Node#liveBefore}, {@link Node#liveAfter}).
 *
 * <p>Computed once, before any outlining. Outlining keeps the program's behaviour, so the sets
 * stay true of it; call sites get conservative (larger) sets.
 */
final class Liveness {
    private Liveness() {}

    static void compute(List<Node> body) {
        live(body, new BitSet(), new ArrayList<>());
    }

    /** @param labels what is live at each enclosing label's target, innermost last */
    private static BitSet live(List<Node> body, BitSet out, List<BitSet> labels) {
        var cur = (BitSet) out.clone();
        for (int i = body.size() - 1; i >= 0; i--) {
            var n = body.get(i);
            cur = transfer(n, cur, labels);
            n.liveBefore = (BitSet) cur.clone();
        }
        return cur;
    }

    private static BitSet label(List<BitSet> labels, int depth) {
        return labels.get(labels.size() - 1 - depth);
    }

    private static BitSet transfer(Node n, BitSet after, List<BitSet> labels) {
        switch (n.kind) {
            case Node.BLOCK -> {
                n.liveAfter = (BitSet) after.clone();
                labels.add(after);
                var in = live(n.body, after, labels);
                labels.removeLast();
                return in;
            }
            case Node.IF -> {
                n.liveAfter = (BitSet) after.clone();
                labels.add(after);
                var in = live(n.body, after, labels);
                in.or(n.elseBody != null ? live(n.elseBody, after, labels) : after);
                labels.removeLast();
                return in;
            }
            case Node.LOOP -> {
                n.liveAfter = (BitSet) after.clone();
                var head = n.loopLive != null ? (BitSet) n.loopLive.clone() : new BitSet();
                while (true) {
                    labels.add(head);
                    var in = live(n.body, after, labels);
                    labels.removeLast();
                    in.or(head);
                    if (in.equals(head)) {
                        n.loopLive = in;
                        return (BitSet) in.clone();
                    }
                    head = in;
                }
            }
            default -> {
                if (n.isLocal()) {
                    var s = (BitSet) after.clone();
                    if (n.op == Node.OP_LOCAL_GET) {
                        s.set(n.imm);
                    } else {
                        s.clear(n.imm);
                    }
                    return s;
                }
                if (n.isBranch()) {
                    if (n.op == Node.OP_BR) {
                        return (BitSet) label(labels, n.imm).clone();
                    }
                    var s = (BitSet) after.clone();
                    if (n.op == Node.OP_BR_IF) {
                        s.or(label(labels, n.imm));
                    } else {
                        for (int t : n.table) {
                            s.or(label(labels, t));
                        }
                    }
                    return s;
                }
                if (n.unconditional) { // return, unreachable, tail calls
                    return new BitSet();
                }
                return after;
            }
        }
    }

    /** Gives every node of synthesized code the same conservative live set. */
    static void stamp(List<Node> nodes, BitSet live) {
        for (var n : nodes) {
            n.liveBefore = live;
            if (n.isConstruct()) {
                n.liveAfter = live;
                n.loopLive = live;
                stamp(n.body, live);
                if (n.elseBody != null) {
                    stamp(n.elseBody, live);
                }
            }
        }
    }
}
