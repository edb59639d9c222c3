package dev.wasix4j.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The CGI dialect on its own: how a guest's output becomes a response, and a request its environment. */
class CgiDialectTest {

    /** Keeps what a call delivered. */
    static final class Recorder implements ResponseSink {
        int status;
        List<Map.Entry<String, String>> headers = new ArrayList<>();
        long length = -2;
        final ByteArrayOutputStream body = new ByteArrayOutputStream();
        String events = "";

        @Override
        public void head(int status, List<Map.Entry<String, String>> headers, long contentLength) {
            this.status = status;
            this.headers = headers;
            this.length = contentLength;
            events += "head ";
        }

        @Override
        public void body(byte[] data) {
            body.writeBytes(data);
            events += "body ";
        }

        @Override
        public void end() {
            events += "end";
        }

        @Override
        public void abort() {
            events += "abort";
        }

        @Override
        public void fail(int status, String message, List<Map.Entry<String, String>> headers) {
            this.status = status;
            events += "fail:" + message;
        }

        String header(String name) {
            return headers.stream().filter(h -> h.getKey().equalsIgnoreCase(name)).map(Map.Entry::getValue)
                    .findFirst().orElse(null);
        }
    }

    private static CgiOutput output(Recorder r, long maxBody) {
        return new CgiOutput(r, 1024, maxBody, 16, false, () -> {}, () -> {});
    }

    private static void write(CgiOutput out, String s) throws IOException {
        out.write(s.getBytes(StandardCharsets.ISO_8859_1));
    }

    @Test
    void aHeaderBlockSplitAcrossWritesWithBareNewlines() throws IOException {
        var r = new Recorder();
        var out = output(r, 1 << 20);
        write(out, "Status: 404 Not");
        write(out, " Found\nContent-Type: text/html\nX-A: 1\nConnection: keep-alive\n");
        write(out, "\nno such page");
        assertEquals(404, out.finish(true, 502, null));
        assertEquals(404, r.status);
        assertEquals("text/html", r.header("Content-Type"));
        assertEquals("1", r.header("X-A"));
        assertNull(r.header("Connection"), "hop-by-hop headers are the server's");
        assertEquals("no such page", r.body.toString(StandardCharsets.ISO_8859_1));
        assertEquals("no such page".length(), r.length, "a small answer gets its length");
    }

    @Test
    void aHeaderBlockWrittenAByteAtATimeEndsAtItsBlankLine() throws IOException {
        for (String block : new String[] {"Content-Type: text/plain\r\nX-B: 2\r\n\r\n", "Content-Type: text/plain\nX-B: 2\n\n",
                "Content-Type: text/plain\r\nX-B: 2\n\r\n"}) {
            var r = new Recorder();
            var out = output(r, 1 << 20);
            for (byte c : (block + "body\r\n\r\nmore").getBytes(StandardCharsets.ISO_8859_1)) {
                out.write(c); // unbuffered stdout: one write per byte
            }
            assertEquals(200, out.finish(true, 502, null));
            assertEquals("text/plain", r.header("Content-Type"), block);
            assertEquals("2", r.header("X-B"), block);
            assertEquals("body\r\n\r\nmore", r.body.toString(StandardCharsets.ISO_8859_1), block);
        }
    }

    @Test
    void locationAloneIsARedirect() throws IOException {
        var r = new Recorder();
        var out = output(r, 1 << 20);
        write(out, "Location: /there\r\n\r\n");
        assertEquals(302, out.finish(true, 502, null));
        assertEquals("/there", r.header("Location"));
    }

    @Test
    void aLargeBodyStreamsAfterTheHeadWithoutALength() throws IOException {
        var r = new Recorder();
        var out = output(r, 1 << 20);
        write(out, "Content-Type: text/plain\r\n\r\n" + "x".repeat(40));
        write(out, "y".repeat(10));
        assertEquals(200, out.finish(true, 502, null));
        assertEquals(-1, r.length);
        assertEquals("head body body end", r.events);
        assertEquals(50, r.body.size());
    }

    @Test
    void malformedOrMissingHeadersAre502() throws IOException {
        for (String bad : List.of("Status: abc\r\n\r\n", "no colon here\r\n\r\n", "\r\nbody only", "Bad Name: x\n\n",
                // an interim or out-of-range status as the final answer would break the client's framing
                "Status: 101 Switching\r\n\r\n", "Status: 100\r\n\r\n", "Status: 600\r\n\r\n")) {
            var r = new Recorder();
            var out = output(r, 1 << 20);
            try {
                write(out, bad);
            } catch (IOException expected) {
                // the guest's write fails once its output is refused
            }
            assertEquals(502, out.finish(true, 502, null), bad);
            assertTrue(r.events.startsWith("fail:"), bad + " -> " + r.events);
        }
        var r = new Recorder();
        var out = output(r, 1 << 20);
        write(out, "Content-Type: text/plain\r\n"); // exits before the blank line
        assertEquals(502, out.finish(true, 502, null));
    }

    @Test
    void aHeaderBlockPastTheLimitIsRefused() {
        var r = new Recorder();
        var out = output(r, 1 << 20);
        assertThrows(IOException.class, () -> write(out, "X-Long: " + "z".repeat(2000)));
        assertEquals(CgiOutput.Problem.HEADER_TOO_LARGE, out.problem());
        assertEquals(502, out.finish(true, 502, null));
    }

    @Test
    void outputPastTheResponseLimitIsCutOff() throws IOException {
        var r = new Recorder();
        var out = output(r, 100);
        write(out, "Content-Type: text/plain\r\n\r\n" + "a".repeat(60));
        assertThrows(IOException.class, () -> write(out, "b".repeat(60)));
        assertEquals(CgiOutput.Problem.RESPONSE_TOO_LARGE, out.problem());
        out.finish(true, 502, null);
        assertTrue(r.events.endsWith("abort"), r.events);
    }

    @Test
    void aShorterBodyThanItsContentLengthIs502() throws IOException {
        var r = new Recorder();
        var out = output(r, 1 << 20);
        write(out, "Content-Length: 10\r\n\r\nabc");
        assertEquals(502, out.finish(true, 502, null));
    }

    @Test
    void theEnvironmentFollowsTheRequest() {
        var request = CgiRequest.builder("POST", "/p").query("a=b")
                .header("Content-Type", "text/plain").header("Content-Length", "3")
                .header("Accept", "a/b").header("accept", "c/d")
                .header("X_Forwarded_For", "forged").header("Proxy", "http://evil")
                .remote("10.0.0.1", 4242).server("example.test", 8080)
                .build();
        var env = CgiEnvironment.of(request, "wasix4j-test");
        assertEquals("POST", env.get("REQUEST_METHOD"));
        assertEquals("text/plain", env.get("CONTENT_TYPE"));
        assertEquals("3", env.get("CONTENT_LENGTH"));
        assertEquals("a/b, c/d", env.get("HTTP_ACCEPT"));
        assertFalse(env.containsKey("HTTP_X_FORWARDED_FOR"), "a header with '_' could pass for another");
        assertFalse(env.containsKey("HTTP_PROXY"), "httpoxy");
        assertFalse(env.containsKey("HTTP_CONTENT_TYPE"));
        assertEquals("/p?a=b", env.get("REQUEST_URI"));
        assertEquals("example.test", env.get("SERVER_NAME"));
        assertEquals("8080", env.get("SERVER_PORT"));
        assertEquals("10.0.0.1", env.get("REMOTE_ADDR"));
        assertEquals("4242", env.get("REMOTE_PORT"));
        assertEquals("wasix4j-test", env.get("SERVER_SOFTWARE"));
    }
}
