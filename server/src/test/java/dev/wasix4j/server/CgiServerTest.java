package dev.wasix4j.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A real HTTP client against `wasix serve`'s server: the CGI contract, both ways, as a user sees it. */
class CgiServerTest {

    /** The echo guest's output: its environment, then "--body--", then the body it read. */
    private static Map<String, String> env(String body) {
        var env = new HashMap<String, String>();
        for (String line : body.substring(0, body.indexOf("--body--\n")).split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                env.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        return env;
    }

    private static String echoedBody(String body) {
        return body.substring(body.indexOf("--body--\n") + "--body--\n".length());
    }

    @Test
    void getSetsTheCgiMetaVariables() throws Exception {
        try (var f = new ServerFixture("echo")) {
            var res = f.client.send(HttpRequest.newBuilder(f.uri("/some/dir%20x/page?a=1&b=two"))
                    .header("X-Custom", "custom value").header("User-Agent", "cgi-test").GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, res.statusCode());
            assertEquals("echo", res.headers().firstValue("X-Cgi-Program").orElse(null));
            assertEquals("text/plain; charset=utf-8", res.headers().firstValue("Content-Type").orElse(null));
            var env = env(res.body());
            assertEquals("GET", env.get("REQUEST_METHOD"));
            assertEquals("/some/dir x/page", env.get("PATH_INFO"));
            assertEquals("/some/dir x/page", env.get("SCRIPT_NAME"));
            assertEquals("a=1&b=two", env.get("QUERY_STRING"));
            assertEquals("custom value", env.get("HTTP_X_CUSTOM"));
            assertEquals("cgi-test", env.get("HTTP_USER_AGENT"));
            assertEquals("CGI/1.1", env.get("GATEWAY_INTERFACE"));
            assertEquals("HTTP/1.1", env.get("SERVER_PROTOCOL"));
            assertEquals("127.0.0.1", env.get("SERVER_NAME"));
            assertEquals(Integer.toString(f.server.port()), env.get("SERVER_PORT"));
            assertEquals("127.0.0.1", env.get("REMOTE_ADDR"));
            assertTrue(Integer.parseInt(env.get("REMOTE_PORT")) > 0);
            assertTrue(env.get("SERVER_SOFTWARE").startsWith("wasix4j"));
            assertNull(env.get("CONTENT_LENGTH"));
            assertEquals("", echoedBody(res.body()));
            ServerFixture.await(() -> f.server.metrics().statusClass(2) == 1 && !f.access.isEmpty(), "request logged");
            assertTrue(f.access.getFirst().contains("\"GET /some/dir x/page?a=1&b=two HTTP/1.1\" 200"), f.access.toString());
        }
    }

    @Test
    void postBodyReachesStdinWithContentVariables() throws Exception {
        try (var f = new ServerFixture("echo")) {
            var res = f.client.send(HttpRequest.newBuilder(f.uri("/form"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString("name=wasix&x=1")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, res.statusCode());
            var env = env(res.body());
            assertEquals("POST", env.get("REQUEST_METHOD"));
            assertEquals("14", env.get("CONTENT_LENGTH"));
            assertEquals("application/x-www-form-urlencoded", env.get("CONTENT_TYPE"));
            assertNull(env.get("HTTP_CONTENT_TYPE"));
            assertEquals("name=wasix&x=1", echoedBody(res.body()));
            // the guest's stderr went to the server log, not to the client
            ServerFixture.await(() -> f.errors.stream().anyMatch(l -> l.contains("echo: read")), "stderr logged");
            assertTrue(f.errors.stream().anyMatch(l -> l.contains("echo: read 14 body bytes")), f.errors.toString());
            assertFalse(res.body().contains("echo: read"));
        }
    }

    @Test
    void statusAndLocationHeadersSetTheStatus() throws Exception {
        try (var f = new ServerFixture("echo")) {
            var created = f.client.send(HttpRequest.newBuilder(f.uri("/?status=201")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(201, created.statusCode());
            var moved = f.client.send(HttpRequest.newBuilder(f.uri("/?redirect")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(302, moved.statusCode());
            assertEquals("/elsewhere", moved.headers().firstValue("Location").orElse(null));
        }
    }

    @Test
    void aLargeChunkedBodyStreamsThroughTheGuestBothWays() throws Exception {
        int size = 3 << 20; // larger than the stdin buffer and the channel's write buffer
        try (var f = new ServerFixture("echo")) {
            // ofInputStream has no length: the client sends it chunked
            var res = f.client.send(HttpRequest.newBuilder(f.uri("/upload"))
                    .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new Pattern(size))).build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            assertEquals(200, res.statusCode());
            assertTrue(res.headers().firstValue("Content-Length").isEmpty(), "a streamed answer has no length");
            byte[] all;
            try (InputStream in = res.body()) {
                all = in.readAllBytes();
            }
            String text = new String(all, StandardCharsets.ISO_8859_1);
            assertEquals(size, echoedBody(text).length());
            assertEquals(new String(new Pattern(size).readAllBytes(), StandardCharsets.ISO_8859_1), echoedBody(text));
        }
    }

    @Test
    void aBigResponseStreamsChunked() throws Exception {
        int size = 10 << 20;
        try (var f = new ServerFixture("big")) {
            var res = f.client.send(HttpRequest.newBuilder(f.uri("/?n=" + size)).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertEquals(200, res.statusCode());
            assertTrue(res.headers().firstValue("Content-Length").isEmpty());
            byte[] body = res.body();
            assertEquals(size, body.length);
            for (int i = 0; i < size; i += 4099) {
                assertEquals('a' + i % 26, body[i]);
            }
            ServerFixture.await(() -> f.server.metrics().bytesOut() == size, "bytes counted");
        }
    }

    @Test
    void aSmallAnswerGoesOutWithAContentLength() throws Exception {
        try (var f = new ServerFixture("hello")) {
            var res = f.client.send(HttpRequest.newBuilder(f.uri("/hi?x")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, res.statusCode());
            assertEquals("Hello from CGI: GET /hi?x\n", res.body());
            assertEquals(Integer.toString(res.body().length()), res.headers().firstValue("Content-Length").orElse(null));
        }
    }

    @Test
    void eachRequestIsAJfrEvent() throws Exception {
        try (var recording = new jdk.jfr.Recording(); var f = new ServerFixture("hello")) {
            recording.enable("dev.wasix4j.server.Request");
            recording.start();
            assertEquals(200, f.client.send(HttpRequest.newBuilder(f.uri("/jfr")).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode());
            ServerFixture.await(() -> f.server.metrics().requests() == 1, "request counted");
            recording.stop();
            var file = java.nio.file.Files.createTempFile("serve", ".jfr");
            try {
                recording.dump(file);
                var events = jdk.jfr.consumer.RecordingFile.readAllEvents(file).stream()
                        .filter(e -> e.getEventType().getName().equals("dev.wasix4j.server.Request")).toList();
                assertEquals(1, events.size());
                assertEquals("/jfr", events.getFirst().getString("path"));
                assertEquals(200, events.getFirst().getInt("status"));
                assertEquals(0, events.getFirst().getInt("exitCode"));
            } finally {
                java.nio.file.Files.deleteIfExists(file);
            }
        }
    }

    /** A–Z repeated, as an input stream of {@code size} bytes. */
    static final class Pattern extends InputStream {
        private final int size;
        private int pos;

        Pattern(int size) {
            this.size = size;
        }

        @Override
        public int read() {
            return pos < size ? 'A' + pos++ % 26 : -1;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (pos >= size) {
                return -1;
            }
            int n = Math.min(len, size - pos);
            for (int i = 0; i < n; i++) {
                b[off + i] = (byte) ('A' + pos++ % 26);
            }
            return n;
        }
    }

    static String readAll(InputStream in) throws IOException {
        var out = new ByteArrayOutputStream();
        in.transferTo(out);
        return out.toString(StandardCharsets.UTF_8);
    }

    /**
     * Memories are reused and written from an image of the first instantiation, yet every request
     * sees its memory as the module declares it: initialized data as built, zeroed globals and heap,
     * also past the first MiB and after the memory grew.
     */
    @Test
    void everyRequestSeesAFreshMemoryThoughMemoriesAreReused() throws Exception {
        try (var f = new ServerFixture("state", b -> b.maxConcurrent(2))) {
            for (String kb : new String[] {"8", "64", "1500", "8", "3000", "64"}) {
                for (int i = 0; i < 3; i++) {
                    var res = f.client.send(HttpRequest.newBuilder(f.uri("/s?kb=" + kb)).GET().build(),
                            HttpResponse.BodyHandlers.ofString());
                    assertEquals(200, res.statusCode());
                    assertEquals("visits=0 greeting=initial dirty=0\n", res.body(), "kb=" + kb + " request " + i);
                }
            }
            var pool = f.server.handler().memories();
            assertTrue(pool.created() <= 2, "memories were reused: " + pool.created() + " made for 18 requests");
            assertEquals(1, pool.images(), "the first instantiation left an image");
        }
    }
}
