package dev.wasix4j.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** Each per-request limit and each bad-input answer, seen from a real client. */
class LimitsAndErrorsTest {

    private static HttpResponse<String> get(ServerFixture f, String target) throws Exception {
        return f.client.send(HttpRequest.newBuilder(f.uri(target)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aTrapIs502AndTheGuestsStderrStaysInTheLog() throws Exception {
        try (var f = new ServerFixture("trap")) {
            var res = get(f, "/");
            assertEquals(502, res.statusCode());
            assertFalse(res.body().contains("secret"), res.body());
            assertTrue(f.errors.stream().anyMatch(l -> l.contains("secret-stderr-detail")), f.errors.toString());
            // the server goes on serving
            assertEquals(502, get(f, "/again").statusCode());
            assertEquals(0, f.server.metrics().activeGuests());
        }
    }

    @Test
    void anExitWithoutAHeaderIs502() throws Exception {
        try (var f = new ServerFixture("noheader")) {
            var res = get(f, "/");
            assertEquals(502, res.statusCode());
            assertFalse(res.body().contains("not a header"));
            assertFalse(res.body().contains("secret"));
        }
    }

    @Test
    void aGuestPastTheWallTimeIs504() throws Exception {
        try (var f = new ServerFixture("sleep", b -> b.requestTimeout(Duration.ofMillis(300)))) {
            var res = get(f, "/");
            assertEquals(504, res.statusCode());
            assertEquals(0, f.server.metrics().activeGuests());
        }
    }

    @Test
    void theMemoryLimitStopsAGuestThatAllocatesTooMuch() throws Exception {
        // 256 pages = 16 MiB: 4 MiB fits, 64 MiB does not (malloc returns NULL, the guest aborts)
        try (var f = new ServerFixture("alloc", b -> b.maxMemoryPages(256))) {
            var small = get(f, "/?mb=4");
            assertEquals(200, small.statusCode());
            assertEquals("allocated 4 MiB\n", small.body());
            assertEquals(502, get(f, "/?mb=64").statusCode());
            assertTrue(f.errors.stream().anyMatch(l -> l.contains("malloc of 64 MiB failed")), f.errors.toString());
        }
    }

    @Test
    void theThreadLimitCapsAGuestsThreads() throws Exception {
        try (var f = new ServerFixture("threads", b -> b.maxThreads(4))) {
            // main + 3: the other spawns fail with EAGAIN, as pthread_create would
            assertEquals("started 3 of 8 threads\n", get(f, "/").body());
        }
        try (var f = new ServerFixture("threads")) {
            assertEquals("started 8 of 8 threads\n", get(f, "/").body());
            assertEquals("started 8 of 8 threads\n", get(f, "/again").body()); // a pooled shared memory, reset
        }
    }

    @Test
    void aResponsePastTheSizeLimitIsCutOff() throws Exception {
        try (var f = new ServerFixture("big", b -> b.maxResponseBytes(1 << 20))) {
            // the head is out before the limit is reached: the client sees a broken body
            assertThrows(IOException.class, () -> f.client.send(HttpRequest.newBuilder(f.uri("/?n=8000000")).build(),
                    HttpResponse.BodyHandlers.ofByteArray()));
            // within the limit all is well
            assertEquals(100_000, f.client.send(HttpRequest.newBuilder(f.uri("/?n=100000")).build(),
                    HttpResponse.BodyHandlers.ofByteArray()).body().length);
        }
    }

    @Test
    void aBodyPastTheLimitIs413() throws Exception {
        try (var f = new ServerFixture("echo", b -> b.maxRequestBody(1000))) {
            // announced with Content-Length: refused before any guest runs
            var announced = f.client.send(HttpRequest.newBuilder(f.uri("/"))
                    .POST(HttpRequest.BodyPublishers.ofString("x".repeat(5000))).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(413, announced.statusCode());
            assertEquals(0, f.server.metrics().guests());
        }
        try (var f = new ServerFixture("echo", b -> b.maxRequestBody(1000))) {
            // chunked: found out while the guest reads it
            var raw = rawExchange(f, "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + "800\r\n" + "y".repeat(0x800) + "\r\n0\r\n\r\n");
            assertTrue(raw.startsWith("HTTP/1.1 413 "), raw);
        }
    }

    @Test
    void malformedHttpIs400() throws Exception {
        try (var f = new ServerFixture("echo")) {
            String raw = rawExchange(f, "THIS IS NOT HTTP\r\n\r\n");
            assertTrue(raw.startsWith("HTTP/1.1 400 "), raw);
            String badHeader = rawExchange(f, "GET / HTTP/1.1\r\nHost: x\r\nContent-Length: twelve\r\n\r\n");
            assertTrue(badHeader.startsWith("HTTP/1.1 400 "), badHeader);
            assertEquals(0, f.server.metrics().guests());
        }
    }

    @Test
    void pastTheConcurrencyLimitAndQueueA503ComesWithRetryAfter() throws Exception {
        try (var f = new ServerFixture("sleep", b -> b.maxConcurrent(1).queueLength(0).retryAfterSeconds(7)
                .requestTimeout(Duration.ofSeconds(2)))) {
            CompletableFuture<HttpResponse<String>> first = f.client.sendAsync(
                    HttpRequest.newBuilder(f.uri("/slow")).build(), HttpResponse.BodyHandlers.ofString());
            while (f.server.metrics().activeGuests() == 0) {
                Thread.sleep(5);
            }
            var second = get(f, "/busy");
            assertEquals(503, second.statusCode());
            assertEquals("7", second.headers().firstValue("Retry-After").orElse(null));
            assertEquals(504, first.get().statusCode());
            ServerFixture.await(() -> f.server.metrics().rejected() == 1, "one rejection counted");
        }
    }

    @Test
    void aQueuedRequestWaitsForAFreeSlot() throws Exception {
        try (var f = new ServerFixture("hello", b -> b.maxConcurrent(1).queueLength(16))) {
            var futures = new java.util.ArrayList<CompletableFuture<HttpResponse<String>>>();
            for (int i = 0; i < 8; i++) {
                futures.add(f.client.sendAsync(HttpRequest.newBuilder(f.uri("/q" + i)).build(),
                        HttpResponse.BodyHandlers.ofString()));
            }
            for (var fu : futures) {
                assertEquals(200, fu.get().statusCode());
            }
            ServerFixture.await(() -> f.server.metrics().statusClass(2) == 8, "8 answers counted");
        }
    }

    @Test
    void aClientThatStallsItsBodyIsDroppedAndItsGuestStopped() throws Exception {
        try (var f = new ServerFixture("echo", b -> b.readIdleTimeout(Duration.ofMillis(300)))) {
            try (var s = new Socket("127.0.0.1", f.server.port())) {
                s.setSoTimeout(20_000);
                OutputStream out = s.getOutputStream();
                out.write("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\nonly a little"
                        .getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
                // the server closes the connection: read sees the end (no answer could be complete)
                InputStream in = s.getInputStream();
                byte[] buf = new byte[4096];
                while (in.read(buf) >= 0) {
                    // drain until closed
                }
            }
            ServerFixture.await(() -> f.server.handler().inFlight() == 0 && f.server.metrics().activeGuests() == 0,
                    "the stalled request's guest is stopped");
        }
    }

    @Test
    void aClientThatStopsReadingIsDroppedAndItsGuestStopped() throws Exception {
        try (var f = new ServerFixture("big", b -> b.writeIdleTimeout(Duration.ofMillis(300)))) {
            try (var s = new Socket("127.0.0.1", f.server.port())) {
                s.setReceiveBufferSize(4096);
                s.getOutputStream().write("GET /?n=100000000 HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
                s.getOutputStream().flush();
                // read nothing: the guest fills the socket and the channel, then the server gives up
                while (f.server.metrics().requests() == 0) {
                    Thread.sleep(10);
                }
            }
            assertEquals(0, f.server.metrics().activeGuests());
            assertTrue(f.server.metrics().bytesOut() < 100_000_000L);
        }
    }

    /** Sends raw bytes on a fresh connection and returns everything the server sends until it closes. */
    static String rawExchange(ServerFixture f, String request) throws IOException {
        try (var s = new Socket("127.0.0.1", f.server.port())) {
            s.setSoTimeout(20_000);
            s.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            s.getOutputStream().flush();
            return new String(s.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }
}
