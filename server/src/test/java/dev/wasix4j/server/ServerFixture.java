package dev.wasix4j.server;

import dev.wasix4j.core.Engine;
import dev.wasix4j.core.WasixProgram;
import dev.wasix4j.core.testing.Guests;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/** A {@link WasixServer} on a free loopback port serving one CGI guest, with its logs kept. */
final class ServerFixture implements AutoCloseable {
    private static final Map<String, WasixProgram> PROGRAMS = new ConcurrentHashMap<>();

    final List<String> access = new CopyOnWriteArrayList<>();
    final List<String> errors = new CopyOnWriteArrayList<>();
    final WasixServer server;
    final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    ServerFixture(String guest, Consumer<ServerConfig.Builder> tune) throws InterruptedException {
        var config = ServerConfig.builder().accessLog(access::add).errorLog(l -> { errors.add(l); System.err.println(l); });
        tune.accept(config);
        var program = program(guest);
        server = WasixServer.start(new CgiHandler(program, config.build()), new InetSocketAddress("127.0.0.1", 0));
    }

    ServerFixture(String guest) throws InterruptedException {
        this(guest, b -> {});
    }

    static WasixProgram program(String guest) {
        return PROGRAMS.computeIfAbsent(guest, g -> WasixProgram.load(Guests.path("cgi/" + g + ".wasm"), Engine.COMPILED));
    }

    /**
     * Waits until {@code condition} holds (the server counts a request just after the client has its
     * answer), failing after 20 s.
     */
    static void await(java.util.function.BooleanSupplier condition, String what) throws InterruptedException {
        long end = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(20);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("never came true: " + what);
            }
            Thread.sleep(5);
        }
    }

    URI uri(String pathAndQuery) {
        return URI.create("http://127.0.0.1:" + server.port() + pathAndQuery);
    }

    @Override
    public void close() {
        server.close();
        client.close();
    }
}
