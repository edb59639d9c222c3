package dev.wasix4j.core.syscalls;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.wasix4j.core.Engine;
import dev.wasix4j.core.testing.GuestRun;
import dev.wasix4j.sockets.SocketsProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The socket guests under the stub provider ({@code SocketsProvider.unsupported()}, which an
 * embedder may pass to give no sockets at all), each line checked: preview1's socket
 * calls from a wasi-libc program, and the whole wasix_32v1 socket surface from a WAT program.
 */
@Timeout(60)
class SocketGuestsTest {
    private static final int EBADF = 8;
    private static final int ENOTSOCK = 57;

    @Test
    void preview1SocketCallsCheckTheDescriptorFirst() {
        var r = GuestRun.of("sockets/preview1_sock.wasm");
        var expected = new StringBuilder();
        for (String target : new String[] {"badfd", "stdin"}) {
            int errno = target.equals("badfd") ? EBADF : ENOTSOCK;
            for (String call : new String[] {"sock_accept", "sock_recv", "sock_send", "sock_shutdown",
                    "sock_recv_badptr", "sock_send_badptr"}) {
                expected.append(call).append(' ').append(target).append('=').append(errno).append('\n');
            }
        }
        for (String target : new String[] {"badfd", "stdin"}) {
            int errno = target.equals("badfd") ? EBADF : ENOTSOCK;
            for (String call : new String[] {"accept", "recv", "send", "shutdown"}) {
                expected.append(call).append(' ').append(target).append("=-1 errno=").append(errno).append('\n');
            }
        }
        assertEquals(0, r.exitCode(), r.stderr());
        assertEquals(expected.toString(), r.stdout());
    }

    @Test
    void wasixSocketCallsAnswerTheDocumentedErrnos() {
        var r = GuestRun.of("sockets/wasix_sock.wasm", Engine.COMPILED, b -> b.sockets(SocketsProvider.unsupported()));
        String expected = """
                sock_open tcp 58
                sock_open tcp nonblock cloexec 58
                sock_open udp6 58
                sock_open unix 58
                sock_open bad family 5
                sock_open bad type 28
                sock_open bad proto 66
                sock_open bad retptr 21
                sock_pair unix 58
                sock_bind badfd 8
                sock_bind stdout 57
                sock_connect badfd badptr 8
                sock_listen stdin 57
                sock_accept stdin 57
                sock_accept_v2 badfd 8
                sock_addr_local stdin 57
                sock_addr_peer badfd 8
                sock_status stderr 57
                sock_set_opt_flag stdin 57
                sock_get_opt_size badfd 8
                sock_set_opt_time stdin 57
                sock_join_mcast_v4 stdin 57
                sock_leave_mcast_v6 badfd 8
                sock_recv_from stdin 57
                sock_send_to badfd 8
                sock_send_file stdin 57
                sock_recv badfd 8
                sock_send stdout 57
                sock_shutdown stdin 57
                resolve example.com 44
                resolve localhost 44
                resolve bad host 21
                resolve bad addrs 21
                resolve bad retptr 21
                port_mac 58
                port_addr_list 58
                port_bridge 58
                port_route_list 58
                port_dhcp_acquire 58
                descriptors leaked 0
                """;
        assertEquals(0, r.exitCode(), r.stderr());
        assertEquals(expected, r.stdout());
    }
}
