package dev.wasix4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wasix4j.core.testing.Guests;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A server guest whose threads all wait in the network — the main thread in accept, a connection's
 * thread in recv — still ends on SIGTERM sent to `wasix run`, as a native server would
 * (guests/sockets/bench/http_threads: a thread per connection, no signal handler).
 */
@Timeout(120)
class BlockedSocketSignalsTest {

    @Test
    void sigtermEndsAServerBlockedInAcceptAndRecv() throws Exception {
        int port;
        try (var probe = new ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        var cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), WasixCli.class.getName(), "run", "--net",
                Guests.path("sockets/bench/http_threads.wasm").toString(), String.valueOf(port));
        Process p = new ProcessBuilder(cmd).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try (Socket idle = connect(port)) {
            // one full request and answer: the connection's thread is now blocked in recv for the next
            OutputStream out = idle.getOutputStream();
            out.write("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = idle.getInputStream();
            String head = new String(in.readNBytes(12), StandardCharsets.US_ASCII);
            assertEquals("HTTP/1.1 200", head, "the guest serves");
            new ProcessBuilder("kill", "-TERM", String.valueOf(p.pid())).start().waitFor();
            int exit = p.waitFor();
            String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(143, exit, err);
            assertTrue(err.contains("terminated by SIGTERM"), err);
        } finally {
            p.destroyForcibly();
        }
    }

    /** Connects once the guest listens (its JVM starts and compiles first). */
    private static Socket connect(int port) throws Exception {
        while (true) {
            try {
                return new Socket("127.0.0.1", port);
            } catch (java.net.ConnectException notYet) {
                Thread.sleep(100);
            }
        }
    }
}
