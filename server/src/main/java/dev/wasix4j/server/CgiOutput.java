package dev.wasix4j.server;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The guest's stdout: reads the CGI header block, then passes the body to a {@link ResponseSink}.
 *
 * <p>The head is held back until the body passes {@code commitBytes} or the guest ends, so a small
 * answer goes out whole with a Content-Length (and a guest that fails early still gets a clean 502).
 * A header block that is malformed or too large, or output past the response limit, makes the
 * write fail and marks the output broken; {@link #finish} decides what the client sees.
 */
final class CgiOutput extends OutputStream {
    /** Headers that describe one connection, not the response: the server sets its own. */
    private static final Set<String> HOP_BY_HOP = Set.of("connection", "keep-alive", "transfer-encoding", "upgrade",
            "te", "trailer", "proxy-connection");

    enum Problem { NONE, BAD_HEADER, HEADER_TOO_LARGE, RESPONSE_TOO_LARGE, CLIENT_GONE }

    private final ResponseSink sink;
    private final int maxHeaderBytes;
    private final long maxBodyBytes;
    private final int commitBytes;
    private final boolean discardBody;
    private final Runnable onFirstUse;
    private final Runnable onBroken;

    private ByteArrayOutputStream header = new ByteArrayOutputStream(256);
    /** Bytes of the header line being read so far, and whether they are just "\r" (a blank line to come). */
    private int lineBytes;
    private boolean lineIsCr;
    private ByteArrayOutputStream held;
    private int status;
    private List<Map.Entry<String, String>> headers;
    private long declaredLength = -1;
    private long bodyBytes;
    private boolean committed;
    private volatile Problem problem = Problem.NONE;
    private boolean used;

    CgiOutput(ResponseSink sink, int maxHeaderBytes, long maxBodyBytes, int commitBytes, boolean discardBody,
            Runnable onFirstUse, Runnable onBroken) {
        this.sink = sink;
        this.maxHeaderBytes = maxHeaderBytes;
        this.maxBodyBytes = maxBodyBytes;
        this.commitBytes = commitBytes;
        this.discardBody = discardBody;
        this.onFirstUse = onFirstUse;
        this.onBroken = onBroken;
    }

    Problem problem() {
        return problem;
    }

    boolean committed() {
        return committed;
    }

    /** The status the guest asked for (0 before its header block is complete). */
    int status() {
        return status;
    }

    long bodyBytes() {
        return bodyBytes;
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) throws IOException {
        if (!used) {
            used = true;
            onFirstUse.run();
        }
        if (problem != Problem.NONE) {
            throw new IOException("stdout is closed: " + problem);
        }
        if (header != null) {
            int consumed = readHeader(b, off, len);
            if (consumed < 0) {
                return;
            }
            off += consumed;
            len -= consumed;
        }
        if (len > 0) {
            body(b, off, len);
        }
    }

    /**
     * Feeds header bytes; returns how many were header (the blank line included), or -1 when the block
     * is not complete yet. Each byte is looked at once, however the guest splits its writes.
     */
    private int readHeader(byte[] b, int off, int len) throws IOException {
        for (int i = 0; i < len; i++) {
            byte c = b[off + i];
            if (c != '\n') {
                lineIsCr = lineBytes == 0 && c == '\r';
                lineBytes++;
                continue;
            }
            if (lineBytes != 0 && !(lineBytes == 1 && lineIsCr)) {
                lineBytes = 0;
                lineIsCr = false;
                continue;
            }
            // a blank line ("\n" or "\r\n"): the block is every byte before it
            header.write(b, off, i + 1);
            int blockEnd = header.size() - (lineBytes + 1);
            if (blockEnd > maxHeaderBytes) {
                broken(Problem.HEADER_TOO_LARGE);
            }
            byte[] all = header.toByteArray();
            header = null;
            parse(new String(all, 0, blockEnd, StandardCharsets.ISO_8859_1));
            held = new ByteArrayOutputStream();
            return i + 1;
        }
        if (header.size() + len > maxHeaderBytes) {
            broken(Problem.HEADER_TOO_LARGE);
        }
        header.write(b, off, len);
        return -1;
    }

    private void parse(String block) throws IOException {
        var list = new ArrayList<Map.Entry<String, String>>();
        int st = 0;
        String location = null;
        for (String raw : block.split("\n")) {
            String line = raw.endsWith("\r") ? raw.substring(0, raw.length() - 1) : raw;
            if (line.isEmpty()) {
                continue;
            }
            int colon = line.indexOf(':');
            if (colon <= 0 || !token(line.substring(0, colon))) {
                broken(Problem.BAD_HEADER);
            }
            String name = line.substring(0, colon);
            String value = line.substring(colon + 1).strip();
            String lower = name.toLowerCase(Locale.ROOT);
            switch (lower) {
                case "status" -> st = parseStatus(value);
                case "content-length" -> {
                    try {
                        declaredLength = Long.parseLong(value);
                    } catch (NumberFormatException e) {
                        broken(Problem.BAD_HEADER);
                    }
                    if (declaredLength < 0) {
                        broken(Problem.BAD_HEADER);
                    }
                }
                default -> {
                    if (lower.equals("location")) {
                        location = value;
                    }
                    if (!HOP_BY_HOP.contains(lower)) {
                        list.add(Map.entry(name, value));
                    }
                }
            }
        }
        if (list.isEmpty() && st == 0 && declaredLength < 0) {
            broken(Problem.BAD_HEADER);
        }
        if (st == 0) {
            st = location != null ? 302 : 200;
        }
        status = st;
        headers = list;
    }

    private int parseStatus(String value) throws IOException {
        int sp = value.indexOf(' ');
        String code = sp < 0 ? value : value.substring(0, sp);
        try {
            int s = Integer.parseInt(code);
            if (s >= 200 && s <= 599) { // a CGI answer is final: 1xx would leave the client waiting for another
                return s;
            }
        } catch (NumberFormatException e) {
            // falls through to the bad-header answer
        }
        broken(Problem.BAD_HEADER);
        return 0;
    }

    private static boolean token(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c <= ' ' || c >= 127 || "()<>@,;:\\\"/[]?={}".indexOf(c) >= 0) {
                return false;
            }
        }
        return true;
    }

    private void body(byte[] b, int off, int len) throws IOException {
        if (declaredLength >= 0) {
            // past the length it announced, the guest's extra output has nowhere to go
            len = (int) Math.max(0, Math.min(len, declaredLength - bodyBytes));
        }
        if (bodyBytes + len > maxBodyBytes) {
            broken(Problem.RESPONSE_TOO_LARGE);
        }
        bodyBytes += len;
        if (discardBody || len == 0) {
            return;
        }
        if (!committed) {
            held.write(b, off, len);
            if (held.size() >= commitBytes) {
                commit(-1);
            }
            return;
        }
        send(java.util.Arrays.copyOfRange(b, off, off + len));
    }

    private void commit(long knownLength) throws IOException {
        committed = true;
        long length = declaredLength >= 0 ? declaredLength : knownLength;
        try {
            sink.head(status, headers, length);
        } catch (IOException e) {
            problem = Problem.CLIENT_GONE;
            onBroken.run();
            throw e;
        }
        byte[] first = held.toByteArray();
        held = null;
        if (first.length > 0) {
            send(first);
        }
    }

    private void send(byte[] data) throws IOException {
        try {
            sink.body(data);
        } catch (IOException e) {
            problem = Problem.CLIENT_GONE;
            onBroken.run();
            throw e;
        }
    }

    private void broken(Problem p) throws IOException {
        problem = p;
        onBroken.run();
        throw new IOException("CGI output refused: " + p);
    }

    /**
     * The guest has ended. {@code clean}: it exited (any code) rather than trapping or being stopped.
     * Returns the status the client saw (0 when the connection was cut without one).
     */
    synchronized int finish(boolean clean, int failStatus, String failMessage) {
        Problem p = problem;
        if (p == Problem.CLIENT_GONE) {
            sink.abort();
            return 0;
        }
        if (!committed) {
            boolean headerDone = header == null && p != Problem.BAD_HEADER && p != Problem.HEADER_TOO_LARGE;
            if (clean && headerDone && p == Problem.NONE) {
                byte[] all = held.toByteArray();
                if (declaredLength >= 0 && all.length < declaredLength && !discardBody) {
                    sink.fail(502, "the program's output was shorter than its Content-Length", List.of());
                    return 502;
                }
                committed = true;
                try {
                    if (discardBody) {
                        sink.head(status, headers, declaredLength);
                        sink.end();
                    } else {
                        sink.complete(status, headers, all);
                    }
                } catch (IOException e) {
                    sink.abort();
                    return 0;
                }
                return status;
            }
            String why = switch (p) {
                case BAD_HEADER -> "the program wrote a malformed CGI header";
                case HEADER_TOO_LARGE -> "the program's CGI header is too large";
                case RESPONSE_TOO_LARGE -> "the program's response is too large";
                default -> failMessage != null ? failMessage
                        : headerDone ? "the program failed" : "the program ended without a CGI header";
            };
            int st = failMessage != null && p == Problem.NONE ? failStatus : 502;
            sink.fail(st, why, List.of());
            return st;
        }
        if (clean && p == Problem.NONE && (declaredLength < 0 || bodyBytes >= declaredLength || discardBody)) {
            sink.end();
        } else {
            sink.abort();
        }
        return status;
    }
}
