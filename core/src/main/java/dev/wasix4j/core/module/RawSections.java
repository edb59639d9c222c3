package dev.wasix4j.core.module;

import java.nio.charset.StandardCharsets;

/**
 * A minimal reader of a module's import and memory sections, enough to see memory limit flags
 * before Chicory parses (and rejects) what it does not support. Anything it cannot follow it
 * leaves to the real parser, which then reports the problem.
 */
final class RawSections {
    static final int LIMIT_FLAG_MEMORY64 = 0x04;
    private static final int HEADER_SIZE = 8;
    private static final int SECTION_IMPORT = 2;
    private static final int SECTION_MEMORY = 5;
    private static final int KIND_FUNCTION = 0;
    private static final int KIND_TABLE = 1;
    private static final int KIND_MEMORY = 2;
    private static final int KIND_GLOBAL = 3;
    private static final int KIND_TAG = 4;
    private static final int LIMIT_FLAG_HAS_MAX = 0x01;

    interface LimitFlagVisitor {
        void visit(String where, int flags);
    }

    private RawSections() {}

    static void forEachMemoryLimitFlag(byte[] b, LimitFlagVisitor visitor) {
        try {
            var r = new Reader(b, HEADER_SIZE);
            while (r.pos < b.length) {
                int id = r.u8();
                long size = r.leb();
                if (size > b.length - r.pos) {
                    return; // a section past the end (or a size that would wrap and loop): the parser reports it
                }
                int end = (int) (r.pos + size);
                if (id == SECTION_IMPORT) {
                    long count = r.leb();
                    for (long i = 0; i < count; i++) {
                        String module = r.name();
                        String field = r.name();
                        int kind = r.u8();
                        switch (kind) {
                            case KIND_FUNCTION -> r.leb();
                            case KIND_TABLE -> {
                                r.u8();
                                r.limits();
                            }
                            case KIND_MEMORY -> visitor.visit("in its import " + module + "." + field, r.limits());
                            case KIND_GLOBAL -> {
                                r.u8();
                                r.u8();
                            }
                            case KIND_TAG -> {
                                r.u8();
                                r.leb();
                            }
                            default -> {
                                return;
                            }
                        }
                    }
                } else if (id == SECTION_MEMORY) {
                    long count = r.leb();
                    for (long i = 0; i < count; i++) {
                        visitor.visit("in its memory section", r.limits());
                    }
                }
                r.pos = end;
            }
        } catch (IndexOutOfBoundsException e) {
            // truncated or odd: the real parser will say what is wrong
        }
    }

    private static final class Reader {
        final byte[] b;
        int pos;

        Reader(byte[] b, int pos) {
            this.b = b;
            this.pos = pos;
        }

        int u8() {
            return b[pos++] & 0xff;
        }

        long leb() {
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
                    throw new IndexOutOfBoundsException("LEB too long");
                }
            }
        }

        String name() {
            int len = (int) leb();
            String s = new String(b, pos, len, StandardCharsets.UTF_8);
            pos += len;
            return s;
        }

        /** Reads limits and returns their flags byte. */
        int limits() {
            int flags = u8();
            leb();
            if ((flags & LIMIT_FLAG_HAS_MAX) != 0) {
                leb();
            }
            return flags;
        }
    }
}
