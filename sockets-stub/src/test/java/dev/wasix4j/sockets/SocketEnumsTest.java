package dev.wasix4j.sockets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.wasix4j.abi.Errno;
import dev.wasix4j.abi.ErrnoException;
import java.util.EnumSet;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;

/** The WASIX numbers (shared/wasix-abi/types.md) and the errno each unknown number gets. */
class SocketEnumsTest {

    @Test
    void numbersAreWasixNotLinux() {
        assertEquals(0, AddressFamily.UNSPEC.code());
        assertEquals(1, AddressFamily.INET4.code());
        assertEquals(2, AddressFamily.INET6.code());
        assertEquals(3, AddressFamily.UNIX.code());
        assertEquals(1, SocketType.STREAM.code());
        assertEquals(2, SocketType.DGRAM.code());
        assertEquals(3, SocketType.RAW.code());
        assertEquals(4, SocketType.SEQPACKET.code());
        assertEquals(6, Protocol.TCP.code());
        assertEquals(17, Protocol.UDP.code());
        assertEquals(58, Protocol.ICMPV6.code());
        assertEquals(262, Protocol.MPTCP.code());
        assertEquals(2, SocketOption.REUSE_ADDR.code());
        assertEquals(19, SocketOption.RECV_TIMEOUT.code());
        assertEquals(26, SocketOption.PROTO.code());
        assertEquals(3, SocketStatus.FAILED.code());
        assertEquals(3, Shutdown.BOTH.code());
    }

    @Test
    void socketOptionsAreNumberedWithoutGaps() {
        SocketOption[] all = SocketOption.values();
        for (int i = 0; i < all.length; i++) {
            assertEquals(i, all[i].code(), all[i].name());
        }
    }

    @Test
    void everyCodeRoundTrips() {
        roundTrip(AddressFamily.values(), AddressFamily::code, AddressFamily::of);
        roundTrip(SocketType.values(), SocketType::code, SocketType::of);
        roundTrip(Protocol.values(), Protocol::code, Protocol::of);
        roundTrip(SocketOption.values(), SocketOption::code, SocketOption::of);
        roundTrip(Shutdown.values(), Shutdown::code, Shutdown::of);
    }

    private static <E> void roundTrip(E[] values, java.util.function.ToIntFunction<E> code, IntFunction<E> of) {
        for (E e : values) {
            assertSame(e, of.apply(code.applyAsInt(e)));
        }
    }

    @Test
    void unknownNumbersAnswerWhatPosixWould() {
        assertErrno(Errno.EAFNOSUPPORT, () -> AddressFamily.of(4));
        assertErrno(Errno.EINVAL, () -> SocketType.of(0));
        assertErrno(Errno.EINVAL, () -> SocketType.of(5));
        assertErrno(Errno.EPROTONOSUPPORT, () -> Protocol.of(3));
        assertErrno(Errno.ENOPROTOOPT, () -> SocketOption.of(27));
        assertErrno(Errno.EINVAL, () -> Shutdown.of(0));
        assertErrno(Errno.EINVAL, () -> Shutdown.of(4));
    }

    @Test
    void optionKindsFollowLibcsSetsockopt() {
        assertSame(SocketOption.KEEP_ALIVE, SocketOption.KEEP_ALIVE.require(SocketOption.Kind.FLAG));
        assertSame(SocketOption.LINGER, SocketOption.LINGER.require(SocketOption.Kind.TIME));
        assertSame(SocketOption.LAST_ERROR, SocketOption.LAST_ERROR.require(SocketOption.Kind.SIZE));
        assertErrno(Errno.EINVAL, () -> SocketOption.SEND_BUF_SIZE.require(SocketOption.Kind.FLAG));
        assertErrno(Errno.EINVAL, () -> SocketOption.NOOP.require(SocketOption.Kind.SIZE));
    }

    @Test
    void flagBitsDecodeAndUnknownBitsAreIgnored() {
        assertEquals(EnumSet.of(RecvFlag.PEEK, RecvFlag.DONT_WAIT), RecvFlag.of(0x1 | 0x8 | 0x100));
        assertEquals(EnumSet.allOf(RecvFlag.class), RecvFlag.of(0xf));
        assertEquals(EnumSet.noneOf(SendFlag.class), SendFlag.of(0x2));
        assertEquals(EnumSet.of(SendFlag.DONT_WAIT), SendFlag.of(0x1));
    }

    private static void assertErrno(Errno expected, Runnable r) {
        assertEquals(expected, assertThrows(ErrnoException.class, r::run).errno());
    }
}
