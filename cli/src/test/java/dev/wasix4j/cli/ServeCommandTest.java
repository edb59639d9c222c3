package dev.wasix4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wasix4j.core.testing.Guests;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** `wasix serve` as a user runs it: a separate JVM, a real client, and SIGTERM to stop it. */
class ServeCommandTest {
    private static final Pattern LISTENING = Pattern.compile("on http://127\\.0\\.0\\.1:(\\d+)/");

    private static Process launch(String... args) throws IOException {
        var cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-Xss64m", "-cp", System.getProperty("java.class.path"),
                WasixCli.class.getName(), "serve"));
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd).start();
    }

    @Test
    void servesUntilSigtermAndDrainsTheRequestInFlight() throws Exception {
        Process p = launch("--listen", "127.0.0.1:0", Guests.path("cgi/echo.wasm").toString());
        var stdout = new ByteArrayOutputStream();
        var rest = new ByteArrayOutputStream();
        var outCopy = Thread.ofVirtual().start(() -> copy(p.getInputStream(), stdout));
        var restCopy = Thread.ofVirtual().start(() -> copy(p.getErrorStream(), rest));
        int port = -1;
        for (int i = 0; i < 1200 && port < 0 && p.isAlive(); i++) {
            Thread.sleep(50);
            var m = LISTENING.matcher(text(rest));
            if (m.find()) {
                port = Integer.parseInt(m.group(1));
            }
        }
        assertTrue(port > 0, "the server said where it listens: " + text(rest));
        try (var client = HttpClient.newHttpClient()) {
            var res = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/cli?x=1")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, res.statusCode());
            assertTrue(res.body().contains("QUERY_STRING=x=1\n"), res.body());

            // a request whose body is still coming when SIGTERM arrives finishes before the server exits
            try (var s = new java.net.Socket("127.0.0.1", port)) {
                s.setSoTimeout(30_000);
                var out = s.getOutputStream();
                out.write("POST /slow HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\na".getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
                Thread.sleep(500);
                p.toHandle().destroy(); // SIGTERM (Process.destroy would also close our end of its pipes)
                Thread.sleep(500);
                assertTrue(p.isAlive(), "the server waits for the request in flight");
                out.write('b');
                out.flush();
                String last = new String(s.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
                assertTrue(last.startsWith("HTTP/1.1 200 OK"), last);
                assertTrue(last.endsWith("--body--\nab"), last);
            }
            assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        } finally {
            p.destroyForcibly();
        }
        outCopy.join(10_000);
        restCopy.join(10_000);
        String access = text(stdout);
        assertTrue(access.contains("\"GET /cli?x=1 HTTP/1.1\" 200"), access);
        assertTrue(text(rest).contains("draining 1 request"), text(rest));
    }

    @Test
    void badArgumentsAreOneLineAndAUsageExit() {
        var err = new ByteArrayOutputStream();
        int code = WasixCli.execute(new String[] {"serve", "--listen", "nowhere", Guests.path("cgi/echo.wasm").toString()},
                InputStream.nullInputStream(), new ByteArrayOutputStream(), err, false);
        assertEquals(WasixCli.USAGE, code);
        assertEquals(1, err.toString(StandardCharsets.UTF_8).strip().lines().count(), err.toString());
        var err2 = new ByteArrayOutputStream();
        int missing = WasixCli.execute(new String[] {"serve", "--listen", "127.0.0.1:0", "no-such.wasm"},
                InputStream.nullInputStream(), new ByteArrayOutputStream(), err2, false);
        assertEquals(126, missing);
        assertTrue(err2.toString(StandardCharsets.UTF_8).contains("no such file"), err2.toString());
    }

    private static String text(ByteArrayOutputStream out) {
        synchronized (out) {
            return out.toString(StandardCharsets.UTF_8);
        }
    }

    private static void copy(InputStream in, ByteArrayOutputStream out) {
        try {
            byte[] buf = new byte[4096];
            for (int n; (n = in.read(buf)) > 0; ) {
                synchronized (out) {
                    out.write(buf, 0, n);
                }
            }
        } catch (IOException e) {
            // the process ended
        }
    }
}
