package dev.wasix4j.split;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Generates a module with one huge function, {@code run(i32 arg, i64 x) -> (i64, i32)}, made of
 * random statements over many locals of every number type: nested blocks left by br_if and br,
 * br_table switches, bounded loops, blocks with parameters and results, memory loads and stores,
 * calls, early returns with values when {@code arg} equals one of {@link #returnArgs}, and traps
 * when it equals one of {@link #trapArgs}. Deterministic for a seed.
 */
final class BigFunctionGenerator {
    static final int I32 = 0x7f;
    static final int I64 = 0x7e;
    static final int F32 = 0x7d;
    static final int F64 = 0x7c;

    // locals: 0 arg (i32), 1 x (i64), then these runs
    static final int N_I32 = 600;
    static final int N_I64 = 400;
    static final int N_F32 = 60;
    static final int N_F64 = 200;
    /** the first STATE locals of i32 and i64 are read and written everywhere, like an interpreter's pc and sp */
    static final int STATE = 8;
    static final int FIRST_I32 = 2;
    static final int FIRST_I64 = FIRST_I32 + N_I32;
    static final int FIRST_F32 = FIRST_I64 + N_I64;
    static final int FIRST_F64 = FIRST_F32 + N_F32;
    static final int FIRST_COUNTER = FIRST_F64 + N_F64; // 4 i32 loop counters
    static final int HELPER = 1; // function index of (i32) -> i32

    final List<Integer> returnArgs = new ArrayList<>();
    final List<Integer> trapArgs = new ArrayList<>();
    private final Random r;
    private final Bytes.Out o = new Bytes.Out();
    /** enclosing labels, innermost last: true for a label a branch may target (not a loop) */
    private final List<Boolean> labels = new ArrayList<>();
    private int loopDepth;
    private int nextSpecialArg = 1000;
    /** which stretch of locals the statements use; moves on between top-level statements */
    private int shift;

    /** Writes every local of the current window first, as compiled code defines a value before use. */
    private void initializeWindow() {
        for (int i = 0; i < 16; i++) {
            get(FIRST_I32 + i % STATE);
            i32Const(i);
            o.u8(0x6a);
            set(FIRST_I32 + STATE + (shift * 4 + i) % (N_I32 - STATE));
        }
        for (int i = 0; i < 12; i++) {
            get(FIRST_I64 + i % STATE);
            i64Const(i);
            o.u8(0x85);
            set(FIRST_I64 + STATE + (shift * 2 + i) % (N_I64 - STATE));
        }
        for (int i = 0; i < 4; i++) {
            get(FIRST_I32 + i);
            o.u8(0xb2);
            set(FIRST_F32 + (shift / 3 + i) % N_F32);
        }
        for (int i = 0; i < 6; i++) {
            get(FIRST_I64 + i);
            o.u8(0xb9);
            set(FIRST_F64 + (shift + i) % N_F64);
        }
    }

    BigFunctionGenerator(long seed) {
        r = new Random(seed);
    }

    byte[] module(int minBodyBytes) {
        var body = new Bytes.Out();
        // locals
        body.u32(5);
        body.u32(N_I32);
        body.u8(I32);
        body.u32(N_I64);
        body.u8(I64);
        body.u32(N_F32);
        body.u8(F32);
        body.u32(N_F64);
        body.u8(F64);
        body.u32(4);
        body.u8(I32);
        // seed the locals from the arguments so every run differs
        for (int i = 0; i < N_I64; i += 7) {
            o.u8(0x20);
            o.u32(1);
            i64Const(r.nextLong());
            o.u8(0x85); // xor
            o.u8(0x21);
            o.u32(FIRST_I64 + i);
        }
        while (o.len < minBodyBytes) {
            if (o.len / 1500 != shift) {
                shift = o.len / 1500;
                initializeWindow();
            }
            statement(0);
        }
        // the results: the state locals and the last stretch's locals (every earlier value flowed into them)
        int last = shift;

        // results: a checksum of every local
        i64Const(0);
        for (int i : window(last * 2, 12, N_I64)) {
            get(FIRST_I64 + i);
            o.u8(0x85);
            o.u8(0x42);
            o.u8(5);
            o.u8(0x89); // rotl
        }
        for (int i : window(last * 4, 16, N_I32)) {
            get(FIRST_I32 + i);
            o.u8(0xac); // extend_s
            o.u8(0x7c);
        }
        for (int k = 0; k < 6; k++) {
            get(FIRST_F64 + (last + k) % N_F64);
            o.u8(0xfc);
            o.u8(6); // i64.trunc_sat_f64_s
            o.u8(0x7c);
        }
        for (int k = 0; k < 4; k++) {
            get(FIRST_F32 + (last / 3 + k) % N_F32);
            o.u8(0xfc);
            o.u8(4); // i64.trunc_sat_f32_s
            o.u8(0x85);
        }
        i32Const(0);
        for (int i : window(last * 4, 16, N_I32)) {
            get(FIRST_I32 + i);
            o.u8(0x6a);
        }
        body.bytes(o.b, 0, o.len);
        body.u8(0x0b);

        var m = new Bytes.Out();
        m.bytes(new byte[] {0, 'a', 's', 'm', 1, 0, 0, 0});
        var types = new Bytes.Out();
        types.u32(2);
        types.bytes(new byte[] {0x60, 2, (byte) I32, (byte) I64, 2, (byte) I64, (byte) I32}); // 0: run
        types.bytes(new byte[] {0x60, 1, (byte) I32, 1, (byte) I32}); // 1: helper, and block type
        section(m, 1, types);
        var funcs = new Bytes.Out();
        funcs.u32(2);
        funcs.u32(0);
        funcs.u32(1);
        section(m, 3, funcs);
        var mem = new Bytes.Out();
        mem.bytes(new byte[] {1, 0, 1});
        section(m, 5, mem);
        var exports = new Bytes.Out();
        exports.u32(2);
        name(exports, "run");
        exports.u8(0);
        exports.u32(0);
        name(exports, "memory");
        exports.u8(2);
        exports.u32(0);
        section(m, 7, exports);
        var code = new Bytes.Out();
        code.u32(2);
        code.sized(body);
        var helper = new Bytes.Out();
        // x * 3 + 1, rotated
        helper.bytes(new byte[] {0, 0x20, 0, 0x41, 3, 0x6c, 0x41, 1, 0x6a, 0x41, 7, 0x77, 0x0b});
        code.sized(helper);
        section(m, 10, code);
        return m.toArray();
    }

    /** the state locals and the window starting at {@code base} */
    private static List<Integer> window(int base, int width, int n) {
        var out = new ArrayList<Integer>();
        for (int i = 0; i < STATE; i++) {
            out.add(i);
        }
        for (int i = 0; i < width; i++) {
            out.add(STATE + (base + i) % (n - STATE));
        }
        return out;
    }

    private static void section(Bytes.Out m, int id, Bytes.Out payload) {
        m.u8(id);
        m.sized(payload);
    }

    private static void name(Bytes.Out out, String s) {
        out.u32(s.length());
        out.bytes(s.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    }

    // ---- statements

    private void statement(int depth) {
        int k = r.nextInt(100);
        if (depth > 5) {
            k = k % 40;
        }
        if (k < 25) {
            int t = type();
            expr(t, 0);
            set(local(t));
        } else if (k < 32) {
            address(8);
            expr(I64, 1);
            o.u8(0x37); // i64.store
            o.u8(3);
            o.u32(0);
        } else if (k < 40) {
            int t = r.nextInt(3);
            expr(t == 0 ? F64 : t == 1 ? F32 : I64, 0);
            set(local(t == 0 ? F64 : t == 1 ? F32 : I64));
        } else if (k < 52) { // if / else
            cond();
            o.u8(0x04);
            o.u8(0x40);
            labels.add(true);
            statements(depth + 1);
            if (r.nextBoolean()) {
                o.u8(0x05);
                statements(depth + 1);
            }
            labels.removeLast();
            o.u8(0x0b);
        } else if (k < 64) { // block left early
            o.u8(0x02);
            o.u8(0x40);
            labels.add(true);
            statements(depth + 1);
            cond();
            o.u8(0x0d);
            o.u32(target());
            statements(depth + 1);
            if (r.nextInt(4) == 0) {
                o.u8(0x0c);
                o.u32(target());
            }
            labels.removeLast();
            o.u8(0x0b);
        } else if (k < 70 && loopDepth < 3) { // bounded loop
            int counter = FIRST_COUNTER + loopDepth;
            i32Const(1 + r.nextInt(3));
            set(counter);
            o.u8(0x03);
            o.u8(0x40);
            labels.add(false);
            loopDepth++;
            statements(depth + 1);
            get(counter);
            i32Const(1);
            o.u8(0x6b);
            o.u8(0x22);
            o.u32(counter);
            o.u8(0x0d);
            o.u32(0);
            loopDepth--;
            labels.removeLast();
            o.u8(0x0b);
        } else if (k < 76) { // switch
            o.u8(0x02);
            o.u8(0x40);
            labels.add(true);
            o.u8(0x02);
            o.u8(0x40);
            labels.add(true);
            o.u8(0x02);
            o.u8(0x40);
            labels.add(true);
            expr(I32, 1);
            o.u8(0x0e);
            o.u32(3);
            o.u32(0);
            o.u32(1);
            o.u32(2);
            o.u32(r.nextInt(3));
            labels.removeLast();
            o.u8(0x0b);
            statements(depth + 1);
            o.u8(0x0c);
            o.u32(1);
            labels.removeLast();
            o.u8(0x0b);
            statements(depth + 1);
            labels.removeLast();
            o.u8(0x0b);
        } else if (k < 82) { // block with a parameter and a result
            int tmp = local(I32);
            expr(I32, 1);
            o.u8(0x02);
            o.u8(1); // type 1: (i32) -> (i32)
            labels.add(false); // a branch to it would carry a value
            set(tmp);
            statements(depth + 1);
            get(tmp);
            expr(I32, 2);
            o.u8(0x73);
            call();
            labels.removeLast();
            o.u8(0x0b);
            set(local(I32));
        } else if (k < 86) { // early return with values
            int arg = nextSpecialArg++;
            returnArgs.add(arg);
            get(0);
            i32Const(arg);
            o.u8(0x46);
            o.u8(0x04);
            o.u8(0x40);
            labels.add(true);
            expr(I64, 1);
            expr(I32, 1);
            o.u8(0x0f);
            labels.removeLast();
            o.u8(0x0b);
        } else if (k < 88) { // a trap
            int arg = nextSpecialArg++;
            trapArgs.add(arg);
            get(0);
            i32Const(arg);
            o.u8(0x46);
            o.u8(0x04);
            o.u8(0x40);
            switch (trapArgs.size() % 3) {
                case 0 -> o.u8(0x00);
                case 1 -> {
                    expr(I32, 2);
                    i32Const(0);
                    o.u8(0x6d); // div_s by zero
                    o.u8(0x1a);
                }
                default -> {
                    i32Const(0x7fff0000);
                    o.u8(0x28); // out-of-bounds load
                    o.u8(2);
                    o.u32(0);
                    o.u8(0x1a);
                }
            }
            o.u8(0x0b);
        } else {
            int t = type();
            expr(t, 0);
            set(local(t));
        }
    }

    private void statements(int depth) {
        int n = 1 + r.nextInt(depth < 3 ? 6 : 3);
        for (int i = 0; i < n; i++) {
            statement(depth);
        }
    }

    /** A branch depth to an enclosing block or if (not a loop, which would not end). */
    private int target() {
        while (true) {
            int d = r.nextInt(labels.size());
            if (labels.get(labels.size() - 1 - d)) {
                return d;
            }
        }
    }

    private void cond() {
        expr(I32, 1);
        i32Const(3);
        o.u8(0x71);
    }

    // ---- expressions

    private int type() {
        int k = r.nextInt(10);
        return k < 5 ? I32 : k < 8 ? I64 : k < 9 ? F64 : F32;
    }

    /**
     * A local of type t from a window that moves along as the function grows: like compiled code,
     * each stretch of the function works on a few locals, and all of them are used in the end.
     */
    private int local(int t) {
        if ((t == I32 || t == I64) && r.nextInt(6) == 0) {
            return (t == I32 ? FIRST_I32 : FIRST_I64) + r.nextInt(STATE);
        }
        return switch (t) {
            case I32 -> FIRST_I32 + STATE + (shift * 4 + r.nextInt(16)) % (N_I32 - STATE);
            case I64 -> FIRST_I64 + STATE + (shift * 2 + r.nextInt(12)) % (N_I64 - STATE);
            case F32 -> FIRST_F32 + (shift / 3 + r.nextInt(4)) % N_F32;
            default -> FIRST_F64 + (shift + r.nextInt(6)) % N_F64;
        };
    }

    private void expr(int t, int depth) {
        int k = depth >= 3 ? r.nextInt(3) : r.nextInt(10);
        if (k == 0) {
            switch (t) {
                case I32 -> i32Const(r.nextInt());
                case I64 -> i64Const(r.nextLong());
                case F32 -> {
                    o.u8(0x43);
                    int bits = Float.floatToIntBits((float) r.nextGaussian());
                    for (int i = 0; i < 4; i++) {
                        o.u8(bits >>> (8 * i));
                    }
                }
                default -> {
                    o.u8(0x44);
                    long bits = Double.doubleToLongBits(r.nextGaussian() * 1000);
                    for (int i = 0; i < 8; i++) {
                        o.u8((int) (bits >>> (8 * i)));
                    }
                }
            }
            return;
        }
        if (k < 3) {
            get(t == I32 && r.nextInt(8) == 0 ? 0 : t == I64 && r.nextInt(8) == 0 ? 1 : local(t));
            return;
        }
        switch (t) {
            case I32 -> {
                switch (k) {
                    case 3, 4, 5 -> {
                        expr(I32, depth + 1);
                        expr(I32, depth + 1);
                        o.u8(new int[] {0x6a, 0x6b, 0x6c, 0x71, 0x72, 0x73, 0x74, 0x76, 0x77}[r.nextInt(9)]);
                    }
                    case 6 -> {
                        expr(I64, depth + 1);
                        o.u8(0xa7); // wrap
                    }
                    case 7 -> {
                        address(4);
                        o.u8(0x28);
                        o.u8(2);
                        o.u32(0);
                    }
                    case 8 -> {
                        expr(I32, depth + 1);
                        call();
                    }
                    default -> {
                        expr(F64, depth + 1);
                        o.u8(0xfc);
                        o.u8(2); // i32.trunc_sat_f64_s
                    }
                }
            }
            case I64 -> {
                switch (k) {
                    case 3, 4, 5, 6 -> {
                        expr(I64, depth + 1);
                        expr(I64, depth + 1);
                        o.u8(new int[] {0x7c, 0x7d, 0x7e, 0x83, 0x84, 0x85, 0x89}[r.nextInt(7)]);
                    }
                    case 7 -> {
                        expr(I32, depth + 1);
                        o.u8(0xac);
                    }
                    case 8 -> {
                        address(8);
                        o.u8(0x29);
                        o.u8(3);
                        o.u32(0);
                    }
                    default -> {
                        expr(I64, depth + 1);
                        expr(I64, depth + 1);
                        expr(I32, depth + 1);
                        o.u8(0x1b); // select
                    }
                }
            }
            case F32 -> {
                switch (k) {
                    case 3, 4, 5 -> {
                        expr(F32, depth + 1);
                        expr(F32, depth + 1);
                        o.u8(new int[] {0x92, 0x93, 0x94}[r.nextInt(3)]);
                    }
                    case 6, 7 -> {
                        expr(I32, depth + 1);
                        o.u8(0xb2);
                    }
                    default -> {
                        expr(F64, depth + 1);
                        o.u8(0xb6);
                    }
                }
            }
            default -> {
                switch (k) {
                    case 3, 4, 5 -> {
                        expr(F64, depth + 1);
                        expr(F64, depth + 1);
                        o.u8(new int[] {0xa0, 0xa1, 0xa2}[r.nextInt(3)]);
                    }
                    case 6 -> {
                        expr(F64, depth + 1);
                        o.u8(0x99); // abs
                        o.u8(0x9f); // sqrt
                    }
                    case 7 -> {
                        expr(I64, depth + 1);
                        o.u8(0xb9);
                    }
                    default -> {
                        expr(F32, depth + 1);
                        o.u8(0xbb);
                    }
                }
            }
        }
    }

    private void address(int align) {
        expr(I32, 2);
        i32Const(0xfff0 & -align);
        o.u8(0x71);
    }

    private void call() {
        o.u8(0x10);
        o.u32(HELPER);
    }

    private void get(int local) {
        o.u8(0x20);
        o.u32(local);
    }

    private void set(int local) {
        o.u8(0x21);
        o.u32(local);
    }

    private void i32Const(int v) {
        o.u8(0x41);
        o.s32(v);
    }

    private void i64Const(long v) {
        o.u8(0x42);
        // signed LEB128, 64-bit
        while (true) {
            int x = (int) (v & 0x7f);
            v >>= 7;
            boolean done = (v == 0 && (x & 0x40) == 0) || (v == -1 && (x & 0x40) != 0);
            o.u8(done ? x : x | 0x80);
            if (done) {
                return;
            }
        }
    }
}
