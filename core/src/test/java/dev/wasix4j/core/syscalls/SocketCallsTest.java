package dev.wasix4j.core.syscalls;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.wasm.Parser;
import dev.wasix4j.abi.Errno;
import dev.wasix4j.abi.FileType;
import dev.wasix4j.core.abi.ImportCatalog;
import dev.wasix4j.core.abi.Wasi;
import dev.wasix4j.core.fd.InputStreamResource;
import dev.wasix4j.core.fd.OpenDescription;
import dev.wasix4j.core.process.ProcessState;
import dev.wasix4j.core.syscall.Coverage;
import dev.wasix4j.core.syscall.Dispatcher;
import dev.wasix4j.core.syscall.GuestMemory;
import dev.wasix4j.sockets.AddressFamily;
import dev.wasix4j.sockets.RecvFlag;
import dev.wasix4j.sockets.SendFlag;
import dev.wasix4j.sockets.SockAddr;
import dev.wasix4j.sockets.SocketOption;
import dev.wasix4j.sockets.SocketsProvider;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * SocketCalls against a recording provider: what each call decodes from guest memory, what it
 * writes back, and that descriptors, pointers and flags are checked in POSIX order.
 */
class SocketCallsTest {
    /** A module with one exported page of memory and nothing else. */
    private static final byte[] ONE_PAGE_MODULE = {
        0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, // magic, version
        0x05, 0x03, 0x01, 0x00, 0x01, // memory section: one memory, min 1 page
        0x07, 0x0a, 0x01, 0x06, 'm', 'e', 'm', 'o', 'r', 'y', 0x02, 0x00, // export "memory"
    };
    private static final String P1 = Wasi.PREVIEW1;
    private static final String WASIX = Wasi.WASIX;
    private static final int STDIN = 0;
    private static final int BAD = 0xfffffff0;
    private static final int OUT = 1024;
    private static final int OUT2 = 1032;
    private static final int ADDR = 1100;
    private static final int IOVS = 1300;
    private static final int DATA = 1400;
    private static final int BUF = 1500;
    private static final int INET4 = 1;
    private static final int INET6 = 2;
    private static final int UNIX = 3;
    private static final int STREAM = 1;
    private static final int DGRAM = 2;
    private static final int TCP = 6;
    private static final int NONBLOCK_TYPE = 0x4000;
    private static final int CLOEXEC_TYPE = 0x2000;

    private FakeSockets provider;
    private Dispatcher d;
    private GuestMemory m;
    private Instance instance;

    @BeforeEach
    void setUp() {
        provider = new FakeSockets();
        var p = new ProcessState(List.of("test"), List.of(), "/", 1);
        // fd 0: a descriptor that is not a socket
        p.fds().install(STDIN, new OpenDescription(
                new InputStreamResource(new ByteArrayInputStream(new byte[0]), FileType.CHARACTER_DEVICE, p.readiness()),
                Wasi.Rights.STREAM, 0, 0));
        d = new Dispatcher();
        FdCalls.register(d, p);
        SocketCalls.register(d, p, provider);
        instance = Instance.builder(Parser.parse(ONE_PAGE_MODULE)).build();
        m = new GuestMemory(instance.memory());
    }

    private int call(String module, String name, long... args) {
        var spec = ImportCatalog.get().find(module, name);
        return (int) d.bind(module, spec).handle().apply(instance, args)[0];
    }

    private int open(int af, int type, int proto) {
        assertEquals(0, call(WASIX, "sock_open", af, type, proto, OUT));
        return m.i32(OUT);
    }

    private int[] pair(int type) {
        assertEquals(0, call(WASIX, "sock_pair", UNIX, type, 0, OUT, OUT2));
        return new int[] {m.i32(OUT), m.i32(OUT2)};
    }

    private void putAddr4(int ptr, int port, int... addr) {
        m.zero(ptr, 110);
        m.putU8(ptr, INET4);
        m.putI16(ptr + 2, port);
        for (int i = 0; i < 4; i++) {
            m.putU8(ptr + 4 + i, addr[i]);
        }
    }

    /** One iovec per part, laid out at IOVS, the parts' bytes at DATA onwards. */
    private void iovecs(byte[]... parts) {
        int at = DATA;
        for (int i = 0; i < parts.length; i++) {
            m.putBytes(at, parts[i]);
            m.putI32(IOVS + 8 * i, at);
            m.putI32(IOVS + 8 * i + 4, parts[i].length);
            at += parts[i].length;
        }
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void openDecodesArgumentsAndKeepsTypeFlagsOnTheDescriptor() {
        int fd = open(INET4, STREAM | NONBLOCK_TYPE | CLOEXEC_TYPE, TCP);
        assertEquals(List.of("open INET4 STREAM TCP"), provider.calls);
        assertEquals(0, call(P1, "fd_fdstat_get", fd, OUT));
        assertEquals(6, m.u8(OUT), "SOCKET_STREAM");
        assertEquals(Wasi.FdFlags.NONBLOCK, m.i16(OUT + 2));
        assertEquals(0, call(WASIX, "fd_fdflags_get", fd, OUT));
        assertEquals(Wasi.FdFlagsExt.CLOEXEC, m.i16(OUT));

        int udp = open(INET6, DGRAM, 0);
        assertEquals(0, call(P1, "fd_fdstat_get", udp, OUT));
        assertEquals(5, m.u8(OUT), "SOCKET_DGRAM");
    }

    @Test
    void badArgumentsNeverReachTheProvider() {
        assertEquals(Errno.EAFNOSUPPORT.code(), call(WASIX, "sock_open", 9, STREAM, 0, OUT));
        assertEquals(Errno.EINVAL.code(), call(WASIX, "sock_open", INET4, 0, 0, OUT));
        assertEquals(Errno.EPROTONOSUPPORT.code(), call(WASIX, "sock_open", INET4, STREAM, 300, OUT));
        assertEquals(Errno.EFAULT.code(), call(WASIX, "sock_open", INET4, STREAM, TCP, BAD));
        assertEquals(Errno.EFAULT.code(), call(WASIX, "sock_pair", UNIX, STREAM, 0, OUT, BAD));
        assertEquals(List.of(), provider.calls);
    }

    @Test
    void bindKeepsTheHostOrderPortForLibcsByteOrderProbe() {
        // wasix-libc's probe: socket, bind port field 10275, getsockname, close
        int fd = open(INET4, STREAM, TCP);
        putAddr4(ADDR, 10275, 127, 0, 0, 1);
        assertEquals(0, call(WASIX, "sock_bind", fd, ADDR));
        assertEquals(SockAddr.Inet4.of(new byte[] {127, 0, 0, 1}, 10275), provider.opened.get(0).local);
        m.zero(ADDR, 110);
        assertEquals(0, call(WASIX, "sock_addr_local", fd, ADDR));
        assertEquals(INET4, m.u8(ADDR));
        assertEquals(10275, m.i16(ADDR + 2) & 0xffff);
        assertArrayEquals(new byte[] {127, 0, 0, 1}, m.bytes(ADDR + 4, 4));
        assertEquals(0, call(P1, "fd_close", fd));
        assertEquals(1, provider.opened.get(0).closes);
    }

    @Test
    void ipv6AndUnixAddressesRoundTrip() {
        int fd = open(INET6, STREAM, TCP);
        m.zero(ADDR, 110);
        m.putU8(ADDR, INET6);
        m.putI16(ADDR + 2, 8080);
        byte[] loop6 = new byte[16];
        loop6[0] = (byte) 0xfe;
        loop6[1] = (byte) 0x80;
        loop6[15] = 1;
        m.putBytes(ADDR + 4, loop6);
        m.putI16(ADDR + 20, 0x0001); // flow label, high half
        m.putI16(ADDR + 22, 0x2345);
        m.putI16(ADDR + 24, 0x0000); // scope id, high half
        m.putI16(ADDR + 26, 0x0007);
        assertEquals(0, call(WASIX, "sock_bind", fd, ADDR));
        var bound = (SockAddr.Inet6) provider.opened.get(0).local;
        assertEquals(8080, bound.port());
        assertEquals(0x12345, bound.flowInfo());
        assertEquals(7, bound.scopeId());
        assertArrayEquals(loop6, bound.address().getAddress());
        byte[] written = m.bytes(ADDR, 110);
        m.zero(ADDR, 110);
        assertEquals(0, call(WASIX, "sock_addr_local", fd, ADDR));
        assertArrayEquals(written, m.bytes(ADDR, 110));

        int ufd = open(UNIX, STREAM, 0);
        m.zero(ADDR, 110);
        m.putU8(ADDR, UNIX);
        m.putBytes(ADDR + 2, ascii("/run/app.sock"));
        assertEquals(0, call(WASIX, "sock_connect", ufd, ADDR));
        assertEquals(new SockAddr.Unix("/run/app.sock"), provider.opened.get(1).peer);
        m.zero(ADDR, 110);
        assertEquals(0, call(WASIX, "sock_addr_peer", ufd, ADDR));
        assertEquals(UNIX, m.u8(ADDR));
        assertEquals("/run/app.sock", new String(m.bytes(ADDR + 2, 13), StandardCharsets.US_ASCII));
        assertEquals(0, m.u8(ADDR + 15));

        // a Linux abstract name: a leading NUL, then the name up to the next NUL
        m.zero(ADDR, 110);
        m.putU8(ADDR, UNIX);
        m.putBytes(ADDR + 3, ascii("hidden"));
        assertEquals(0, call(WASIX, "sock_bind", ufd, ADDR));
        assertEquals(new SockAddr.Unix("\0hidden"), provider.opened.get(1).local);
        // 108 path bytes and no NUL
        for (int i = 0; i < 108; i++) {
            m.putU8(ADDR + 2 + i, 'a');
        }
        assertEquals(Errno.EINVAL.code(), call(WASIX, "sock_bind", ufd, ADDR));
    }

    @Test
    void pairCarriesDataThroughSocketAndDescriptorCalls() {
        int[] fds = pair(STREAM);
        iovecs(ascii("hel"), ascii("lo"));
        assertEquals(0, call(P1, "sock_send", fds[0], IOVS, 2, 0, OUT));
        assertEquals(5, m.i32(OUT));
        // receive into two vectors of 2 and 8 bytes
        m.putI32(IOVS, BUF);
        m.putI32(IOVS + 4, 2);
        m.putI32(IOVS + 8, BUF + 100);
        m.putI32(IOVS + 12, 8);
        assertEquals(0, call(P1, "sock_recv", fds[1], IOVS, 2, 0, OUT, OUT2));
        assertEquals(5, m.i32(OUT));
        assertEquals(0, m.i16(OUT2));
        assertEquals("he", new String(m.bytes(BUF, 2), StandardCharsets.US_ASCII));
        assertEquals("llo", new String(m.bytes(BUF + 100, 3), StandardCharsets.US_ASCII));

        // fd_write on one end, fd_read on the other
        iovecs(ascii("ping"));
        assertEquals(0, call(P1, "fd_write", fds[1], IOVS, 1, OUT));
        assertEquals(4, m.i32(OUT));
        m.putI32(IOVS, BUF);
        m.putI32(IOVS + 4, 16);
        assertEquals(0, call(P1, "fd_read", fds[0], IOVS, 1, OUT));
        assertEquals(4, m.i32(OUT));
        assertEquals("ping", new String(m.bytes(BUF, 4), StandardCharsets.US_ASCII));
    }

    @Test
    void aDatagramLongerThanTheBufferIsReportedTruncated() {
        int[] fds = pair(DGRAM);
        iovecs(ascii("0123456789"));
        assertEquals(0, call(P1, "sock_send", fds[0], IOVS, 1, 0, OUT));
        iovecs(ascii("0123456789"));
        assertEquals(0, call(P1, "sock_send", fds[0], IOVS, 1, 0, OUT));
        m.putI32(IOVS, BUF);
        m.putI32(IOVS + 4, 4);
        assertEquals(0, call(P1, "sock_recv", fds[1], IOVS, 1, 0, OUT, OUT2));
        assertEquals(4, m.i32(OUT));
        assertEquals(1, m.i16(OUT2), "RECV_DATA_TRUNCATED");
        // with MSG_TRUNC the real length comes back, only what fits is copied
        m.putBytes(BUF, new byte[8]);
        assertEquals(0, call(WASIX, "sock_recv_from", fds[1], IOVS, 1, RecvFlag.DATA_TRUNCATED.bit(), OUT, OUT2, ADDR));
        assertEquals(10, m.i32(OUT));
        assertArrayEquals(new byte[] {'0', '1', '2', '3', 0, 0, 0, 0}, m.bytes(BUF, 8));
        assertEquals(INET4, m.u8(ADDR));
        assertEquals(4242, m.i16(ADDR + 2) & 0xffff);
        assertArrayEquals(new byte[] {10, 0, 0, 2}, m.bytes(ADDR + 4, 4));
    }

    @Test
    void aNonBlockingDescriptorMakesEveryCallNonBlocking() {
        int fd = open(INET4, STREAM | NONBLOCK_TYPE, TCP);
        var s = provider.opened.get(0);
        putAddr4(ADDR, 80, 192, 0, 2, 1);
        assertEquals(Errno.EINPROGRESS.code(), call(WASIX, "sock_connect", fd, ADDR));
        assertEquals("connect Inet4[address=/192.0.2.1, port=80] nonblocking", s.log.get(0));
        m.putI32(IOVS, BUF);
        m.putI32(IOVS + 4, 4);
        assertEquals(Errno.EAGAIN.code(), call(P1, "sock_recv", fd, IOVS, 1, 0, OUT, OUT2));
        assertTrue(s.lastRecvFlags.contains(RecvFlag.DONT_WAIT));
        // fd_fdstat_set_flags turns it off again
        assertEquals(0, call(P1, "fd_fdstat_set_flags", fd, 0));
        assertEquals(0, call(P1, "sock_recv", fd, IOVS, 1, RecvFlag.PEEK.bit(), OUT, OUT2));
        assertEquals(java.util.EnumSet.of(RecvFlag.PEEK), s.lastRecvFlags);
    }

    @Test
    void acceptInstallsTheConnectionInAllThreeForms() {
        int fd = open(INET4, STREAM, TCP);
        assertEquals(0, call(WASIX, "sock_listen", fd, 0xffffffffL));
        assertEquals("listen " + Integer.MAX_VALUE, provider.opened.get(0).log.get(0));

        assertEquals(0, call(WASIX, "sock_accept_v2", fd, Wasi.FdFlags.NONBLOCK, OUT, ADDR));
        int v2 = m.i32(OUT);
        assertNotEquals(fd, v2);
        assertEquals(INET4, m.u8(ADDR));
        assertEquals(4242, m.i16(ADDR + 2) & 0xffff);
        assertEquals(0, call(P1, "fd_fdstat_get", v2, OUT));
        assertEquals(Wasi.FdFlags.NONBLOCK, m.i16(OUT + 2));

        assertEquals(0, call(P1, "sock_accept", fd, 0, OUT));
        int p1 = m.i32(OUT);
        m.zero(ADDR, 110);
        assertEquals(0, call(WASIX, "sock_accept", fd, 0, OUT, ADDR));
        int alias = m.i32(OUT);
        assertEquals(INET4, m.u8(ADDR), "wasix_32v1.sock_accept is the 4-argument form");
        assertEquals(3, List.of(v2, p1, alias).stream().distinct().count());

        // a bad peer pointer is found before anything is accepted
        int before = provider.opened.size();
        assertEquals(Errno.EFAULT.code(), call(WASIX, "sock_accept_v2", fd, 0, OUT, BAD));
        assertEquals(before, provider.opened.size());
    }

    @Test
    void optionsAreCheckedForKindThenReachTheProvider() {
        int fd = open(INET4, STREAM, TCP);
        var s = provider.opened.get(0);
        int reuse = SocketOption.REUSE_ADDR.code();
        assertEquals(0, call(WASIX, "sock_set_opt_flag", fd, reuse, 1));
        assertEquals(0, call(WASIX, "sock_get_opt_flag", fd, reuse, OUT));
        assertEquals(1, m.u8(OUT));
        assertEquals(Errno.EINVAL.code(), call(WASIX, "sock_set_opt_flag", fd, SocketOption.RECV_BUF_SIZE.code(), 1));
        assertEquals(Errno.ENOPROTOOPT.code(), call(WASIX, "sock_set_opt_flag", fd, 99, 1));

        int rcvTimeout = SocketOption.RECV_TIMEOUT.code();
        m.zero(ADDR, 16);
        m.putU8(ADDR, 1);
        m.putI64(ADDR + 8, 1_500_000_000L);
        assertEquals(0, call(WASIX, "sock_set_opt_time", fd, rcvTimeout, ADDR));
        assertEquals(java.util.Optional.of(java.time.Duration.ofMillis(1500)), s.options.get(SocketOption.RECV_TIMEOUT));
        m.zero(OUT, 16);
        assertEquals(0, call(WASIX, "sock_get_opt_time", fd, rcvTimeout, OUT));
        assertEquals(1, m.u8(OUT));
        assertEquals(1_500_000_000L, m.i64(OUT + 8));
        m.putU8(ADDR, 0);
        assertEquals(0, call(WASIX, "sock_set_opt_time", fd, SocketOption.LINGER.code(), ADDR));
        assertEquals(java.util.Optional.empty(), s.options.get(SocketOption.LINGER));
        m.putU8(ADDR, 7);
        assertEquals(Errno.EINVAL.code(), call(WASIX, "sock_set_opt_time", fd, rcvTimeout, ADDR));
        assertEquals(Errno.EFAULT.code(), call(WASIX, "sock_set_opt_time", fd, rcvTimeout, BAD));

        int sndbuf = SocketOption.SEND_BUF_SIZE.code();
        assertEquals(0, call(WASIX, "sock_set_opt_size", fd, sndbuf, 65536L));
        assertEquals(0, call(WASIX, "sock_get_opt_size", fd, sndbuf, OUT));
        assertEquals(65536L, m.i64(OUT));
        assertEquals(Errno.EINVAL.code(), call(WASIX, "sock_get_opt_size", fd, reuse, OUT));
    }

    @Test
    void badPointersOnARealSocketAreEfaultAndLoseNothing() {
        int[] fds = pair(STREAM);
        assertEquals(Errno.EFAULT.code(), call(WASIX, "sock_bind", fds[0], BAD));
        assertEquals(Errno.EFAULT.code(), call(WASIX, "sock_addr_local", fds[0], BAD));
        iovecs(ascii("data"));
        assertEquals(Errno.EFAULT.code(), call(P1, "sock_send", fds[0], IOVS, 1, 0, BAD));
        assertEquals(Errno.EFAULT.code(), call(P1, "sock_send", fds[0], BAD, 1, 0, OUT));
        assertTrue(provider.opened.get(1).inbound.isEmpty(), "nothing was sent");

        assertEquals(0, call(P1, "sock_send", fds[0], IOVS, 1, 0, OUT));
        m.putI32(IOVS, BUF);
        m.putI32(IOVS + 4, 8);
        assertEquals(Errno.EFAULT.code(), call(P1, "sock_recv", fds[1], IOVS, 1, 0, OUT, BAD));
        assertEquals(Errno.EFAULT.code(), call(WASIX, "sock_recv_from", fds[1], IOVS, 1, 0, OUT, OUT2, BAD));
        m.putI32(IOVS, BAD);
        assertEquals(Errno.EFAULT.code(), call(P1, "sock_recv", fds[1], IOVS, 1, 0, OUT, OUT2));
        assertEquals(1, provider.opened.get(1).inbound.size(), "the message is still queued");
        assertEquals(Errno.EFAULT.code(), call(WASIX, "sock_join_multicast_v4", fds[0], BAD, ADDR));
        assertEquals(Errno.EFAULT.code(), call(WASIX, "sock_status", fds[0], BAD));
    }

    @Test
    void descriptorChecksComeFirst() {
        int fd = open(INET4, STREAM, TCP);
        assertEquals(Errno.EBADF.code(), call(P1, "sock_shutdown", 77, 9));
        assertEquals(Errno.ENOTSOCK.code(), call(WASIX, "sock_set_opt_size", STDIN, 99, 0L));
        assertEquals(Errno.EINVAL.code(), call(P1, "sock_shutdown", fd, 0));
        assertEquals(0, call(P1, "sock_shutdown", fd, 3));
        assertEquals(List.of("shutdown BOTH"), provider.opened.get(0).log);
        // a socket whose rights were dropped is EBADF, as for any descriptor without the right
        assertEquals(0, call(P1, "fd_fdstat_set_rights", fd, Wasi.Rights.FD_READ, 0L));
        assertEquals(Errno.EBADF.code(), call(P1, "sock_shutdown", fd, 3));
        assertEquals(Errno.EBADF.code(), call(WASIX, "sock_bind", fd, ADDR));
    }

    @Test
    void sendFileCopiesFromAnotherDescriptor() {
        int[] out = pair(STREAM);
        int[] in = pair(STREAM);
        iovecs(ascii("file body"));
        assertEquals(0, call(P1, "fd_write", in[1], IOVS, 1, OUT));
        assertEquals(0, call(WASIX, "sock_send_file", out[0], in[0], 0L, 4L, OUT));
        assertEquals(4, m.i64(OUT));
        assertEquals("file", new String(provider.opened.get(1).inbound.peek(), StandardCharsets.US_ASCII));
        assertEquals(Errno.ENOTSOCK.code(), call(WASIX, "sock_send_file", STDIN, in[0], 0L, 4L, OUT));
        assertEquals(Errno.EBADF.code(), call(WASIX, "sock_send_file", out[0], 77, 0L, 4L, OUT));
    }

    @Test
    void sendToAndMulticastDecodeTheirAddresses() {
        int[] fds = pair(DGRAM);
        iovecs(ascii("x"));
        putAddr4(ADDR, 5353, 224, 0, 0, 251);
        assertEquals(0, call(WASIX, "sock_send_to", fds[0], IOVS, 1, SendFlag.DONT_WAIT.bit(), ADDR, OUT));
        assertEquals(1, m.i32(OUT));
        var s = provider.opened.get(0);
        assertEquals("sendTo Inet4[address=/224.0.0.251, port=5353]", s.log.get(0));
        assertTrue(s.lastSendFlags.contains(SendFlag.DONT_WAIT));

        m.putBytes(OUT, new byte[] {(byte) 224, 0, 0, (byte) 251, 0, 0, 0, 0});
        assertEquals(0, call(WASIX, "sock_join_multicast_v4", fds[0], OUT, OUT + 4));
        byte[] group6 = new byte[24];
        group6[0] = (byte) 0xff;
        group6[1] = 0x02;
        group6[15] = 1;
        m.putBytes(ADDR, group6);
        assertEquals(0, call(WASIX, "sock_leave_multicast_v6", fds[0], ADDR, 3));
        assertEquals(List.of("join 224.0.0.251 on 0.0.0.0", "leave ff02:0:0:0:0:0:0:1 on 3"), s.log.subList(1, 3));
    }

    @Test
    void resolveFillsAddrIpEntries() {
        m.putBytes(DATA, ascii(FakeSockets.KNOWN_HOST));
        assertEquals(0, call(WASIX, "resolve", DATA, FakeSockets.KNOWN_HOST.length(), 443, BUF, 4, OUT));
        assertEquals(2, m.i32(OUT));
        assertEquals(AddressFamily.INET4.code(), m.u8(BUF));
        assertArrayEquals(new byte[] {127, 0, 0, 1}, m.bytes(BUF + 2, 4));
        assertEquals(AddressFamily.INET6.code(), m.u8(BUF + 18));
        assertEquals(1, m.u8(BUF + 18 + 2 + 15));
        assertEquals(List.of("resolve host.test 443 4"), provider.calls);

        assertEquals(0, call(WASIX, "resolve", DATA, FakeSockets.KNOWN_HOST.length(), 0, BUF, 1, OUT));
        assertEquals(1, m.i32(OUT), "at most naddrs entries");
        m.putBytes(DATA, new byte[] {(byte) 0xff, (byte) 0xfe});
        assertEquals(Errno.EILSEQ.code(), call(WASIX, "resolve", DATA, 2, 0, BUF, 1, OUT));
    }

    @Test
    void theLastDescriptorClosesTheSocketOnce() {
        int fd = open(INET4, STREAM, TCP);
        assertEquals(0, call(WASIX, "fd_dup", fd, OUT));
        int copy = m.i32(OUT);
        assertEquals(0, call(WASIX, "sock_status", copy, OUT));
        assertEquals(1, m.u8(OUT), "OPENED");
        assertEquals(0, call(P1, "fd_close", fd));
        assertEquals(0, provider.opened.get(0).closes);
        assertEquals(0, call(P1, "fd_close", copy));
        assertEquals(1, provider.opened.get(0).closes);
    }

    @Test
    void everySocketImportIsServedAndPortCallsAreDocumentedStubs() {
        var d = new Dispatcher();
        SocketCalls.register(d, new ProcessState(List.of(), List.of(), "/", 1), SocketsProvider.unsupported());
        int served = 0;
        for (var spec : ImportCatalog.get().all()) {
            if (!spec.group().equals("sock")) {
                continue;
            }
            Coverage c = d.lookup(spec.module(), spec.name()).coverage();
            if (spec.name().startsWith("port_")) {
                assertEquals(new Coverage(Coverage.Status.STUB, Errno.ENOTSUP, c.note()), c, spec.qualifiedName());
            } else {
                assertEquals(Coverage.Status.IMPLEMENTED, c.status(), spec.qualifiedName());
            }
            assertTrue(!c.note().isBlank() && !c.note().equals("not implemented yet"), spec.qualifiedName());
            served++;
        }
        assertEquals(44, served, "4 preview1 + 40 wasix_32v1 socket imports");
    }
}
