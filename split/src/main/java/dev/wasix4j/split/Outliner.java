package dev.wasix4j.split;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Shrinks one function under a size budget by moving regions of it into new functions.
 *
 * <p>A region is a run of whole statements of one body: it starts where that body's operand
 * stack is empty and ends where it is empty again (or where control can no longer reach), so no
 * value crosses its edges. The new function takes every local the region uses as a parameter and
 * returns every local it writes, so the caller's locals end as they would have. A branch from the
 * region to a label outside it becomes a landing block inside the new function that sets an exit
 * code; the caller dispatches on that code to the original label. {@code return} stores the return
 * values in locals, leaves with its own code, and the caller returns them. Regions whose outward
 * branches carry values are not chosen.
 *
 * <p>Largest region first, until the function fits: in an interpreter's dispatch loop the large
 * instruction handlers move out and the dispatch itself (the br_table and its blocks) stays, so
 * each interpreted instruction costs at most one call. Regions holding a br_table whose targets
 * lie outside them are taken last, since every run through that dispatch would pay a call.
 * Call sites are ordinary code, so a later region may take them in too: nesting needs nothing more.
 */
final class Outliner {
    /** Receives a new function; answers its function index. */
    interface Sink {
        int add(ModuleInfo.FuncType type, List<byte[]> locals, List<Node> body);
    }

    /** An enclosing label: what a branch to it carries, and its construct (null: the function). */
    private record Label(int arity, boolean function, Node node) {
        /** locals live where a branch to this label lands */
        java.util.BitSet liveAtTarget() {
            if (node == null) {
                return new java.util.BitSet();
            }
            return node.kind == Node.LOOP ? node.liveBefore : node.liveAfter;
        }
    }

    /** What a piece of code does to labels outside it, offsets relative to its own body. */
    private static final class Summary {
        int[] br = new int[0];
        int[] cond = new int[0];
        boolean hasReturn;
        boolean tailCall;
        boolean outwardTable;
    }

    private record Candidate(List<Node> body, Node owner, List<Label> labels, int from, int to, int size, boolean fallsThrough) {}

    private static final int NONE = -1;
    /** the exit key of `return` and of branches to the function's own label */
    private static final int RET = Integer.MAX_VALUE;

    private final ModuleInfo.FuncType type;
    private final List<byte[]> locals;
    private final List<Node> root;
    private final Sink sink;
    private final Map<Node, Summary> summaries = new IdentityHashMap<>();
    /** first nodes of regions found not worth outlining */
    private final java.util.Set<Node> rejected = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
    private int codeLocal = NONE;
    private int[] retLocals;
    private int pieces;
    private Cost cost;
    private final int paramCount;

    Outliner(ModuleInfo.FuncType type, Decoder.Function function, Sink sink) {
        this.type = type;
        this.locals = new ArrayList<>(function.locals());
        this.root = function.body();
        this.sink = sink;
        this.paramCount = function.paramCount();
        this.cost = new Cost(locals, paramCount, Cost.used(root));
    }

    List<byte[]> locals() {
        return locals;
    }

    List<Node> body() {
        return root;
    }

    int pieces() {
        return pieces;
    }

    /** estimated JVM bytecode of what remains of the function */
    int cost() {
        Node.resetSizes(root);
        cost = new Cost(locals, paramCount, Cost.used(root));
        return cost.function(root);
    }

    /** Drops the locals no code refers to any more (their uses moved out) and renumbers the rest. */
    void compactLocals() {
        var used = Cost.used(root);
        int[] map = new int[locals.size()];
        var kept = new ArrayList<byte[]>();
        for (int i = 0; i < locals.size(); i++) {
            if (i < paramCount || used.get(i)) {
                map[i] = kept.size();
                kept.add(locals.get(i));
            } else {
                map[i] = NONE;
            }
        }
        renumber(root, map);
        locals.clear();
        locals.addAll(kept);
    }

    private static void renumber(List<Node> nodes, int[] map) {
        for (var n : nodes) {
            if (n.isConstruct()) {
                renumber(n.body, map);
                if (n.elseBody != null) {
                    renumber(n.elseBody, map);
                }
            } else if (n.isLocal()) {
                n.imm = map[n.imm];
                n.size = -1;
            }
        }
    }

    /** Outlines regions until the body is at most {@code budget} bytes or no region helps. */
    void shrink(int budget) {
        // passes: handler-like regions first, then anything with few exits, then anything
        int[][] passes = {{4, 0, 48}, {16, 1, 48}, {Integer.MAX_VALUE, 1, 4}};
        int pass = 0;
        Liveness.compute(root);
        while (pass < passes.length) {
            summaries.clear();
            Node.resetSizes(root);
            cost = new Cost(locals, paramCount, Cost.used(root));
            int total = cost.function(root);
            if (total <= budget) {
                break;
            }
            summarize(root);
            var found = new ArrayList<Candidate>();
            var p = passes[pass];
            // a piece also zeroes its own locals and has its landing blocks: keep a margin
            int pieceBudget = budget * 7 / 8;
            findCandidates(root, null, List.of(new Label(type.results().size(), true, null)), 0, pieceBudget, p[0],
                    p[1] != 0, p[2], found);
            // largest first; several per round, as long as one does not disturb another
            found.sort((a, b) -> Integer.compare(b.size(), a.size()));
            var changedBodies = java.util.Collections.newSetFromMap(new IdentityHashMap<List<Node>, Boolean>());
            var moved = java.util.Collections.newSetFromMap(new IdentityHashMap<Node, Boolean>());
            boolean any = false;
            for (var c : found) {
                if (total <= budget) {
                    break;
                }
                if (changedBodies.contains(c.body()) || c.labels().stream().anyMatch(l -> l.node() != null && moved.contains(l.node()))) {
                    continue; // its body shifted, or it now lies inside a new function: next round
                }
                var region = List.copyOf(c.body().subList(c.from(), c.to()));
                int before = cost.of(c.body().subList(c.from(), c.to()));
                if (!outline(c)) {
                    rejected.add(region.getFirst());
                    continue;
                }
                any = true;
                moved.addAll(region);
                changedBodies.add(c.body());
                total -= before - 40;
            }
            if (!any && found.isEmpty()) {
                pass++;
            }
        }
        Node.resetSizes(root);
        compactLocals();
    }

    // ---- analysis

    private Summary summarize(List<Node> nodes) {
        var s = new Summary();
        var br = new TreeSet<Integer>();
        var cond = new TreeSet<Integer>();
        collect(nodes, 0, s, br, cond);
        s.br = br.stream().mapToInt(Integer::intValue).toArray();
        s.cond = cond.stream().mapToInt(Integer::intValue).toArray();
        return s;
    }

    /** Adds what {@code nodes}, at nesting {@code n} below the summarized level, do outside it. */
    private void collect(List<Node> nodes, int n, Summary s, TreeSet<Integer> br, TreeSet<Integer> cond) {
        for (var node : nodes) {
            if (node.isConstruct()) {
                var inner = summaries.get(node);
                if (inner == null) {
                    var bodies = new ArrayList<>(node.body);
                    if (node.elseBody != null) {
                        bodies.addAll(node.elseBody);
                    }
                    inner = summarize(bodies); // offsets relative to the construct's own label
                    summaries.put(node, inner);
                }
                // the construct's label is offset 0 inside it; offset k >= 1 is k - 1 outside
                for (int o : inner.br) {
                    if (o >= 1 + n) {
                        br.add(o - 1 - n);
                    }
                }
                for (int o : inner.cond) {
                    if (o >= 1 + n) {
                        cond.add(o - 1 - n);
                    }
                }
                s.hasReturn |= inner.hasReturn;
                s.tailCall |= inner.tailCall;
                s.outwardTable |= inner.outwardTable && maxOf(inner.br, inner.cond) >= 1 + n;
            } else if (node.isBranch()) {
                if (node.op == Node.OP_BR_TABLE) {
                    for (int t : node.table) {
                        if (t >= n) {
                            cond.add(t - n);
                            s.outwardTable = true;
                        }
                    }
                } else if (node.imm >= n) {
                    (node.op == Node.OP_BR ? br : cond).add(node.imm - n);
                }
            } else if (node.kind == Node.SIMPLE && node.op == Node.OP_RETURN && node.code != null) {
                s.hasReturn = true;
            } else if (node.tailCall) {
                s.tailCall = true;
            }
        }
    }

    private static int maxOf(int[] a, int[] b) {
        int m = -1;
        for (int x : a) {
            m = Math.max(m, x);
        }
        for (int x : b) {
            m = Math.max(m, x);
        }
        return m;
    }

    /** Exit keys of a statement run, or null when the run cannot be outlined. */
    private TreeSet<Integer> exits(Summary s, List<Label> labels) {
        if (s.tailCall) {
            return null;
        }
        var keys = new TreeSet<Integer>();
        if (s.hasReturn) {
            keys.add(RET);
        }
        for (int pass = 0; pass < 2; pass++) {
            for (int o : pass == 0 ? s.br : s.cond) {
                var l = labels.get(o);
                if (l.function()) {
                    if (pass == 1 && l.arity() > 0) {
                        return null; // a conditional return with values
                    }
                    keys.add(RET);
                } else if (l.arity() > 0) {
                    return null; // a branch out carrying values
                } else {
                    keys.add(o);
                }
            }
        }
        return keys;
    }

    private void findCandidates(List<Node> body, Node owner, List<Label> labels, int initialHeight, int budget, int maxExits,
            boolean allowTable, int minSize, List<Candidate> found) {
        // statement starts: the body's own stack is empty and control can reach
        var starts = new ArrayList<Integer>();
        int h = initialHeight;
        boolean reach = true;
        for (int i = 0; i < body.size(); i++) {
            var node = body.get(i);
            if (reach && h == 0 && !node.glued) {
                starts.add(i);
            }
            if (reach) {
                h = h - node.pops + node.pushes;
                if (node.unconditional) {
                    reach = false;
                }
            }
        }
        boolean endOk = !reach || h == 0;
        int ns = starts.size();
        int i = 0;
        while (i < ns) {
            int j = i;
            int size = 0;
            TreeSet<Integer> runExits = new TreeSet<>();
            while (j < ns) {
                int from = starts.get(j);
                int to = j + 1 < ns ? starts.get(j + 1) : body.size();
                if (to == body.size() && !endOk) {
                    break;
                }
                int s = 0;
                for (int k = from; k < to; k++) {
                    s += cost.of(body.get(k));
                }
                if (size + s > budget) {
                    break; // (the exits' landing blocks are counted below)
                }
                if (j == i && rejected.contains(body.get(from))) {
                    break;
                }
                var summary = summarize(body.subList(from, to));
                var e = exits(summary, labels);
                if (e == null || (!allowTable && summary.outwardTable)) {
                    break;
                }
                var union = new TreeSet<>(runExits);
                union.addAll(e);
                if (union.size() > maxExits || size + s + LANDING_COST * union.size() > budget) {
                    break;
                }
                runExits = union;
                size += s;
                j++;
            }
            if (j > i) {
                int from = starts.get(i);
                int to = j < ns ? starts.get(j) : body.size();
                boolean falls = to < body.size() || reach;
                if (size >= minSize) {
                    found.add(new Candidate(body, owner, labels, from, to, size, falls));
                }
                i = j;
            } else {
                i++;
            }
        }
        // and inside every construct
        for (var node : body) {
            if (node.isConstruct() && cost.of(node) > minSize) {
                int arity = node.kind == Node.LOOP ? node.params : node.results;
                var inner = new ArrayList<Label>(labels.size() + 1);
                inner.add(new Label(arity, false, node));
                inner.addAll(labels);
                findCandidates(node.body, node, inner, node.params, budget, maxExits, allowTable, minSize, found);
                if (node.elseBody != null) {
                    findCandidates(node.elseBody, node, inner, node.params, budget, maxExits, allowTable, minSize, found);
                }
            }
        }
    }

    // ---- outlining

    /** Replaces the candidate's region by a call to a new function; false if that would not shrink it. */
    private boolean outline(Candidate c) {
        var region = c.body().subList(c.from(), c.to());
        var exitKeys = exits(summarize(region), c.labels());
        var exits = new ArrayList<>(exitKeys); // exit k has code k + 1
        var touched = new TreeSet<Integer>();
        var writes = new TreeSet<Integer>();
        localsOf(region, touched, writes);
        // take the locals read before written, return the written ones read afterwards
        var liveIn = region.getFirst().liveBefore;
        var liveOut = (java.util.BitSet) (c.to() < c.body().size() ? c.body().get(c.to()).liveBefore
                : c.owner() == null ? new java.util.BitSet() : c.owner().liveAfter).clone();
        for (int key : exitKeys) {
            if (key != RET) {
                liveOut.or(c.labels().get(key).liveAtTarget());
            }
        }
        var used = new TreeSet<Integer>();
        for (int l : touched) {
            if (liveIn.get(l)) {
                used.add(l);
            }
        }
        var written = new TreeSet<Integer>();
        for (int l : writes) {
            if (liveOut.get(l)) {
                written.add(l);
            }
        }
        if (slots(used) > MAX_SLOTS || slots(written) + 2 > MAX_SLOTS) {
            return false; // a JVM method has at most 255 parameter slots; results come back as one
        }
        boolean ret = exitKeys.contains(RET);
        boolean needCode = exits.size() + (c.fallsThrough() ? 1 : 0) >= 2;

        // the new function's signature and locals
        var params = new ArrayList<byte[]>();
        var map = new int[locals.size()];
        Arrays.fill(map, NONE);
        for (int l : used) {
            map[l] = params.size();
            params.add(locals.get(l));
        }
        var pieceLocals = new ArrayList<>(params);
        for (int l : touched) { // written before read: a local of the new function
            if (map[l] == NONE) {
                map[l] = pieceLocals.size();
                pieceLocals.add(locals.get(l));
            }
        }
        var results = new ArrayList<byte[]>();
        if (needCode) {
            results.add(new byte[] {0x7f});
        }
        for (int l : written) {
            results.add(locals.get(l));
        }
        if (ret) {
            results.addAll(type.results());
        }
        int pieceCode = NONE;
        if (needCode) {
            pieceCode = pieceLocals.size();
            pieceLocals.add(new byte[] {0x7f});
        }
        int[] pieceRet = new int[ret ? type.results().size() : 0];
        for (int k = 0; k < pieceRet.length; k++) {
            pieceRet[k] = pieceLocals.size();
            pieceLocals.add(type.results().get(k));
        }

        // the call site, built first to check it is worth it
        var site = new ArrayList<Node>();
        for (int l : used) {
            site.add(Node.local(Node.OP_LOCAL_GET, l));
        }
        int callAt = site.size();
        site.add(null); // the call, once the function index is known
        if (ret) {
            ensureRetLocals();
            for (int k = retLocals.length - 1; k >= 0; k--) {
                site.add(Node.local(Node.OP_LOCAL_SET, retLocals[k]));
            }
        }
        for (int l : written.descendingSet()) {
            site.add(Node.local(Node.OP_LOCAL_SET, l));
        }
        if (needCode) {
            if (codeLocal == NONE) {
                codeLocal = locals.size();
                locals.add(new byte[] {0x7f});
            }
            site.add(Node.local(Node.OP_LOCAL_SET, codeLocal));
        }
        dispatch(site, exits, needCode, c.fallsThrough());
        site.set(callAt, Node.call(0, used.size(), results.size()));
        if (cost.of(site) + 8 >= c.size()) {
            return false;
        }

        // the new function's body
        currentLabels = c.labels().size();
        var inner = rewriteAll(region, 0, map, exits, pieceRet);
        int e = exits.size();
        List<Node> body;
        if (e == 0) {
            body = inner;
        } else {
            if (c.fallsThrough()) {
                inner.add(Node.branch(Node.OP_BR, e)); // out of all landing blocks: code stays 0
            }
            List<Node> current = inner;
            for (int k = 0; k < e; k++) {
                var wrapped = new ArrayList<Node>();
                wrapped.add(Node.voidBlock(Node.BLOCK, current));
                if (needCode) {
                    wrapped.add(Node.i32Const(k + 1));
                    wrapped.add(Node.local(Node.OP_LOCAL_SET, pieceCode));
                }
                wrapped.add(Node.branch(Node.OP_BR, e - 1 - k));
                current = wrapped;
            }
            body = new ArrayList<>();
            body.add(Node.voidBlock(Node.BLOCK, current));
        }
        if (needCode) {
            body.add(Node.local(Node.OP_LOCAL_GET, pieceCode));
        }
        for (int l : written) {
            body.add(Node.local(Node.OP_LOCAL_GET, map[l]));
        }
        for (int r : pieceRet) {
            body.add(Node.local(Node.OP_LOCAL_GET, r));
        }
        var pieceType = new ModuleInfo.FuncType(params, results);
        int index = sink.add(pieceType, pieceLocals, body);
        site.set(callAt, Node.call(index, used.size(), results.size()));
        // the call site's own liveness: what the region needed before the call, what follows needs after
        var after = (java.util.BitSet) liveOut.clone();
        if (codeLocal != NONE) {
            after.set(codeLocal);
        }
        if (retLocals != null) {
            for (int r : retLocals) {
                after.set(r);
            }
        }
        for (int k = 1; k < site.size(); k++) {
            site.get(k).glued = true;
        }
        Liveness.stamp(site.subList(0, callAt + 1), liveIn);
        Liveness.stamp(site.subList(callAt + 1, site.size()), after);
        region.clear();
        c.body().addAll(c.from(), site);
        pieces++;
        return true;
    }

    /** estimated bytecode of one exit's landing block in a new function */
    private static final int LANDING_COST = 12;

    /** JVM parameter slots the values take (i64 and f64 take two); kept well under 255 */
    private static final int MAX_SLOTS = 200;

    private int slots(TreeSet<Integer> locals) {
        int n = 0;
        for (int l : locals) {
            byte t = this.locals.get(l)[0];
            n += t == 0x7e || t == 0x7c ? 2 : 1;
        }
        return n;
    }

    private void ensureRetLocals() {
        if (retLocals == null) {
            retLocals = new int[type.results().size()];
            for (int k = 0; k < retLocals.length; k++) {
                retLocals[k] = locals.size();
                locals.add(type.results().get(k));
            }
        }
    }

    /** Appends the code that sends control where exit {@code code} of the region went. */
    private void dispatch(List<Node> site, List<Integer> exits, boolean needCode, boolean fallsThrough) {
        int e = exits.size();
        if (e == 0) {
            if (!fallsThrough) {
                site.add(Node.simple(Node.OP_UNREACHABLE, 0, 0));
            }
            return;
        }
        if (!needCode) { // one exit, always taken
            site.addAll(leave(exits.get(0), 0));
            return;
        }
        if (e <= 2) {
            for (int k = 0; k < e; k++) {
                site.add(Node.local(Node.OP_LOCAL_GET, codeLocal));
                site.add(Node.i32Const(k + 1));
                site.add(Node.simple(Node.OP_I32_EQ, 2, 1));
                int key = exits.get(k);
                if (key == RET) {
                    var then = Node.construct(Node.IF, new byte[] {Node.IF, 0x40}, 0, 0);
                    then.body = leave(RET, 1);
                    site.add(then);
                } else {
                    site.add(Node.branch(Node.OP_BR_IF, key));
                }
            }
        } else {
            // one br_table straight to the original labels:
            // block $after (block $return (br_table code)) return the values) ; code 0 goes to $after
            boolean ret = exits.contains(RET);
            int extra = ret ? 2 : 1;
            int[] table = new int[e + 2];
            table[0] = ret ? 1 : 0;
            for (int k = 0; k < e; k++) {
                int key = exits.get(k);
                table[k + 1] = key == RET ? 0 : key + extra;
            }
            table[e + 1] = table[0];
            List<Node> inner = new ArrayList<>(List.of(Node.local(Node.OP_LOCAL_GET, codeLocal), Node.brTable(table)));
            if (ret) {
                var body = new ArrayList<Node>();
                body.add(Node.voidBlock(Node.BLOCK, inner));
                body.addAll(leave(RET, 0));
                inner = body;
            }
            site.add(Node.voidBlock(Node.BLOCK, inner));
        }
        if (!fallsThrough) {
            site.add(Node.simple(Node.OP_UNREACHABLE, 0, 0));
        }
    }

    /** Code that goes to exit {@code key} from {@code extra} blocks inside the call site. */
    private List<Node> leave(int key, int extra) {
        var out = new ArrayList<Node>();
        if (key == RET) {
            for (int r : retLocals == null ? new int[0] : retLocals) {
                out.add(Node.local(Node.OP_LOCAL_GET, r));
            }
            out.add(Node.simple(Node.OP_RETURN, 0, 0));
        } else {
            out.add(Node.branch(Node.OP_BR, key + extra));
        }
        return out;
    }

    private static void localsOf(List<Node> nodes, TreeSet<Integer> used, TreeSet<Integer> written) {
        for (var n : nodes) {
            if (n.isConstruct()) {
                localsOf(n.body, used, written);
                if (n.elseBody != null) {
                    localsOf(n.elseBody, used, written);
                }
            } else if (n.isLocal()) {
                used.add(n.imm);
                if (n.op != Node.OP_LOCAL_GET) {
                    written.add(n.imm);
                }
            }
        }
    }

    /** A copy of {@code n}, at nesting {@code depth} inside the region, fit for the new function. */
    private Node rewrite(Node n, int depth, int[] map, List<Integer> exits, int[] pieceRet) {
        if (n.isConstruct()) {
            var copy = n.copyShallow();
            copy.body = rewriteAll(n.body, depth + 1, map, exits, pieceRet);
            if (n.elseBody != null) {
                copy.elseBody = rewriteAll(n.elseBody, depth + 1, map, exits, pieceRet);
            }
            return copy;
        }
        if (n.isLocal()) {
            return Node.local(n.op, map[n.imm]);
        }
        return n;
    }

    private List<Node> rewriteAll(List<Node> nodes, int depth, int[] map, List<Integer> exits, int[] pieceRet) {
        var out = new ArrayList<Node>(nodes.size());
        for (var n : nodes) {
            if (n.isBranch()) {
                out.addAll(rewriteBranch(n, depth, exits, pieceRet));
            } else if (n.kind == Node.SIMPLE && n.op == Node.OP_RETURN && n.code != null) {
                out.addAll(toExit(RET, depth, exits, pieceRet));
            } else {
                out.add(rewrite(n, depth, map, exits, pieceRet));
            }
        }
        return out;
    }

    private List<Node> rewriteBranch(Node n, int depth, List<Integer> exits, int[] pieceRet) {
        if (n.op == Node.OP_BR_TABLE) {
            int[] t = n.table.clone();
            for (int k = 0; k < t.length; k++) {
                if (t[k] >= depth) {
                    t[k] = depth + exits.indexOf(keyOf(t[k] - depth));
                }
            }
            return List.of(Node.brTable(t));
        }
        if (n.imm < depth) {
            return List.of(Node.branch(n.op, n.imm));
        }
        int key = keyOf(n.imm - depth);
        if (n.op == Node.OP_BR) {
            return toExit(key, depth, exits, pieceRet);
        }
        return List.of(Node.branch(Node.OP_BR_IF, depth + exits.indexOf(key)));
    }

    private List<Node> toExit(int key, int depth, List<Integer> exits, int[] pieceRet) {
        var out = new ArrayList<Node>();
        if (key == RET) {
            for (int k = pieceRet.length - 1; k >= 0; k--) {
                out.add(Node.local(Node.OP_LOCAL_SET, pieceRet[k]));
            }
        }
        out.add(Node.branch(Node.OP_BR, depth + exits.indexOf(key)));
        return out;
    }

    /** while rewriting a region: how many labels lie outside it, the function's own included */
    private int currentLabels;

    /** The exit key of a branch leaving the region to the {@code outward}-th label outside it. */
    private int keyOf(int outward) {
        return outward >= currentLabels - 1 ? RET : outward;
    }
}
