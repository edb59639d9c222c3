package dev.wasix4j.split;

import java.util.Arrays;

/** LEB128 reading over a byte array and a growable output buffer: the only encoding wasm needs. */
final class Bytes {
    private Bytes() {}

    /** A cursor over a byte array. */
    static final class In {
        final byte[] b;
        int pos;
        final int end;

        In(byte[] b, int pos, int end) {
            this.b = b;
            this.pos = pos;
            this.end = end;
        }

        int u8() {
            if (pos >= end) {
                throw new Unsupported("unexpected end of data");
            }
            return b[pos++] & 0xff;
        }

        long u64() {
            long result = 0;
            int shift = 0;
            while (true) {
                int x = u8();
                result |= (long) (x & 0x7f) << shift;
                if ((x & 0x80) == 0) {
                    return result;
                }
                shift += 7;
                if (shift > 63) {
                    throw new Unsupported("LEB128 too long");
                }
            }
        }

        int u32() {
            long v = u64();
            if (v < 0 || v > 0xffff_ffffL) {
                throw new Unsupported("u32 out of range");
            }
            return (int) v;
        }

        /** Signed LEB128 up to 64 bits (s32, s33, s64). */
        long s64() {
            long result = 0;
            int shift = 0;
            int x;
            do {
                x = u8();
                result |= (long) (x & 0x7f) << shift;
                shift += 7;
            } while ((x & 0x80) != 0 && shift < 70);
            if (shift < 64 && (x & 0x40) != 0) {
                result |= -1L << shift;
            }
            return result;
        }

        void skip(int n) {
            if (n < 0 || n > end - pos) { // a u32 size past 2^31 reads as negative: never step back
                throw new Unsupported("unexpected end of data");
            }
            pos += n;
        }

        String name() {
            int n = u32();
            skip(n);
            return new String(b, pos - n, n, java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    /** A growable byte buffer. */
    static final class Out {
        byte[] b = new byte[256];
        int len;

        void u8(int v) {
            if (len == b.length) {
                b = Arrays.copyOf(b, b.length * 2);
            }
            b[len++] = (byte) v;
        }

        void u32(long v) {
            do {
                int x = (int) (v & 0x7f);
                v >>>= 7;
                u8(v != 0 ? x | 0x80 : x);
            } while (v != 0);
        }

        void s32(int v) {
            while (true) {
                int x = v & 0x7f;
                v >>= 7;
                boolean done = (v == 0 && (x & 0x40) == 0) || (v == -1 && (x & 0x40) != 0);
                u8(done ? x : x | 0x80);
                if (done) {
                    return;
                }
            }
        }

        void bytes(byte[] src, int off, int n) {
            while (len + n > b.length) {
                b = Arrays.copyOf(b, b.length * 2);
            }
            System.arraycopy(src, off, b, len, n);
            len += n;
        }

        void bytes(byte[] src) {
            bytes(src, 0, src.length);
        }

        /** Writes a vector/section payload prefixed by its length. */
        void sized(Out payload) {
            u32(payload.len);
            bytes(payload.b, 0, payload.len);
        }

        byte[] toArray() {
            return Arrays.copyOf(b, len);
        }
    }

    static int u32Size(long v) {
        int n = 1;
        while ((v >>>= 7) != 0) {
            n++;
        }
        return n;
    }

    /** Thrown for input the pass does not handle; the function (or module) is left as it is. */
    static final class Unsupported extends RuntimeException {
        Unsupported(String message) {
            super(message, null, false, false);
        }
    }
}
