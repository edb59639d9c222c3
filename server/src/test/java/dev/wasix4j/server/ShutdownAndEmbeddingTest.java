package dev.wasix4j.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Graceful shutdown, and the two embedding paths: a Netty pipeline of the embedder's, and CgiHandler.handle. */
class ShutdownAndEmbeddingTest {

    @Test
    void closeLetsARequestInFlightFinishAndRefusesNewConnections() throws Exception {
        var f = new ServerFixture("echo");
        try (var s = new java.net.Socket("127.0.0.1", f.server.port())) {
            s.setSoTimeout(20_000);
            var out = s.getOutputStream();
            // the body is still coming when the server starts closing
            out.write("POST /drain HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\na".getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            while (f.server.metrics().activeGuests() == 0) {
                Thread.sleep(5);
            }
            var closer = Thread.ofVirtual().start(f::close);
            Thread.sleep(200);
            assertTrue(closer.isAlive(), "close waits for the request in flight");
            try (var fresh = HttpClient.newHttpClient()) {
                assertThrows(ConnectException.class, () -> fresh.send(HttpRequest.newBuilder(f.uri("/late")).build(),
                        HttpResponse.BodyHandlers.ofString()));
            }
            out.write('z');
            out.flush();
            String res = new String(s.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
            assertTrue(res.startsWith("HTTP/1.1 200 OK"), res);
            assertTrue(res.contains("connection: close"), res);
            assertTrue(res.endsWith("--body--\naz"), res);
            closer.join();
        }
        assertEquals(0, f.server.metrics().activeGuests());
    }

    @Test
    void closeStopsGuestsStillRunningAfterTheDrainTimeout() throws Exception {
        var f = new ServerFixture("sleep", b -> b.drainTimeout(Duration.ofMillis(200)));
        CompletableFuture<HttpResponse<String>> inFlight = f.client.sendAsync(HttpRequest.newBuilder(f.uri("/")).build(),
                HttpResponse.BodyHandlers.ofString());
        while (f.server.metrics().activeGuests() == 0) {
            Thread.sleep(5);
        }
        f.close();
        assertEquals(0, f.server.metrics().activeGuests());
        var failure = assertThrows(java.util.concurrent.ExecutionException.class, inFlight::get);
        assertTrue(failure.getCause() instanceof IOException, failure.toString());
    }

    @Test
    void theHandlerServesInAnEmbeddersOwnNettyPipeline() throws Exception {
        var cgi = new CgiHandler(ServerFixture.program("hello"), ServerConfig.builder().build());
        var boss = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        var workers = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        try (var client = HttpClient.newHttpClient()) {
            var channel = new ServerBootstrap().group(boss, workers).channel(NioServerSocketChannel.class)
                    .childOption(ChannelOption.AUTO_READ, false)
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            WasixHttpHandler.install(ch.pipeline(), cgi);
                        }
                    })
                    .bind(new InetSocketAddress("127.0.0.1", 0)).sync().channel();
            int port = ((InetSocketAddress) channel.localAddress()).getPort();
            var res = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/mine?q=1")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, res.statusCode());
            assertEquals("Hello from CGI: GET /mine?q=1\n", res.body());
            ServerFixture.await(() -> cgi.metrics().statusClass(2) == 1, "the answer counted");
            channel.close().sync();
        } finally {
            boss.shutdownGracefully(0, 0, java.util.concurrent.TimeUnit.MILLISECONDS).sync();
            workers.shutdownGracefully(0, 0, java.util.concurrent.TimeUnit.MILLISECONDS).sync();
        }
    }

    @Test
    void thePlainHandlerStreamsARequestInAndAResponseOut() throws Exception {
        var cgi = new CgiHandler(ServerFixture.program("echo"), ServerConfig.builder().build());
        var request = CgiRequest.builder("PUT", "/doc")
                .header("Content-Type", "text/plain")
                .header("Content-Length", "5")
                .body(new ByteArrayInputStream("hello".getBytes(StandardCharsets.UTF_8)))
                .build();
        try (CgiResponse res = cgi.handle(request)) {
            assertEquals(200, res.status());
            assertEquals("echo", res.header("X-Cgi-Program"));
            String body = new String(res.body().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(body.contains("REQUEST_METHOD=PUT\n"), body);
            assertTrue(body.contains("CONTENT_TYPE=text/plain\n"), body);
            assertTrue(body.endsWith("--body--\nhello"), body);
        }
        var big = cgi.handle(CgiRequest.builder("GET", "/").build());
        big.close();
        var trap = new CgiHandler(ServerFixture.program("trap"), ServerConfig.builder().errorLog(l -> {}).build());
        try (CgiResponse res = trap.handle(CgiRequest.builder("GET", "/").build())) {
            assertEquals(502, res.status());
            assertTrue(!new String(res.body().readAllBytes(), StandardCharsets.UTF_8).contains("secret"));
        }
    }

    @Test
    void requestsWaitingForAGuestRunInTheOrderTheyCame() throws Exception {
        var cgi = new CgiHandler(ServerFixture.program("echo"), ServerConfig.builder().maxConcurrent(1).build());
        // the one slot is held by a guest reading a body that does not come yet
        var release = new java.util.concurrent.CountDownLatch(1);
        var held = CgiRequest.builder("POST", "/held").header("Content-Length", "1").body(new java.io.InputStream() {
            @Override
            public int read() throws IOException {
                try {
                    release.await();
                } catch (InterruptedException e) {
                    throw new IOException(e);
                }
                return -1;
            }
        }).build();
        var order = new java.util.concurrent.CopyOnWriteArrayList<String>();
        var first = new java.util.concurrent.CompletableFuture<CgiResponse>();
        Thread.ofVirtual().start(() -> {
            try {
                first.complete(cgi.handle(held));
            } catch (Exception e) {
                first.completeExceptionally(e);
            }
        });
        ServerFixture.await(() -> cgi.metrics().activeGuests() == 1, "the first guest runs");
        int n = 8;
        var done = new java.util.concurrent.CountDownLatch(n);
        for (int i = 0; i < n; i++) {
            String path = "/r" + i;
            var call = cgi.newCall(CgiRequest.builder("GET", path).build(), new ResponseSink() {
                @Override
                public void head(int status, List<Map.Entry<String, String>> headers, long contentLength) {
                    order.add(path);
                }

                @Override
                public void body(byte[] data) {}

                @Override
                public void end() {
                    done.countDown();
                }

                @Override
                public void abort() {
                    done.countDown();
                }

                @Override
                public void fail(int status, String message, List<Map.Entry<String, String>> headers) {
                    order.add(path + ":" + status);
                    done.countDown();
                }
            });
            cgi.execute(call);
        }
        ServerFixture.await(() -> cgi.metrics().queued() == n, "every request waits for the slot");
        release.countDown();
        first.get().close();
        done.await();
        assertEquals(java.util.stream.IntStream.range(0, n).mapToObj(i -> "/r" + i).toList(), order);
    }

    @Test
    void thePlainHandlerStopsTheGuestWhenTheReaderClosesEarly() throws Exception {
        var cgi = new CgiHandler(ServerFixture.program("big"), ServerConfig.builder().build());
        var res = cgi.handle(CgiRequest.builder("GET", "/").query("n=500000000").build());
        assertEquals(200, res.status());
        assertEquals('a', res.body().read());
        res.close();
        ServerFixture.await(() -> cgi.inFlight() == 0, "the guest stopped");
        assertTrue(cgi.metrics().bytesOut() < 500_000_000L);
    }

    @Test
    void headAnswersWithoutABody() throws Exception {
        try (var f = new ServerFixture("hello")) {
            var res = f.client.send(HttpRequest.newBuilder(f.uri("/h")).method("HEAD", HttpRequest.BodyPublishers.noBody())
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, res.statusCode());
            assertEquals("", res.body());
            assertEquals("text/plain", res.headers().firstValue("Content-Type").orElse(null));
        }
    }

    @Test
    void keepAliveServesSeveralRequestsOnOneConnection() throws Exception {
        try (var f = new ServerFixture("hello"); var s = new java.net.Socket("127.0.0.1", f.server.port())) {
            s.setSoTimeout(20_000);
            var out = s.getOutputStream();
            // two requests pipelined in one write, then a third that closes
            out.write(("GET /one HTTP/1.1\r\nHost: x\r\n\r\nGET /two HTTP/1.1\r\nHost: x\r\n\r\n"
                    + "GET /three HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            String all = new String(s.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
            assertEquals(3, all.split("HTTP/1.1 200 OK", -1).length - 1, all);
            int one = all.indexOf("GET /one?"), two = all.indexOf("GET /two?"), three = all.indexOf("GET /three?");
            assertTrue(one >= 0 && one < two && two < three, all);
        }
    }
}
