package dev.wasix4j.sockets.host;

import dev.wasix4j.abi.Errno;
import dev.wasix4j.abi.ErrnoException;
import java.io.IOException;
import java.net.BindException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.PortUnreachableException;
import java.net.SocketTimeoutException;
import java.nio.channels.AlreadyBoundException;
import java.nio.channels.AlreadyConnectedException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ConnectionPendingException;
import java.nio.channels.NotYetBoundException;
import java.nio.channels.NotYetConnectedException;
import java.nio.channels.UnsupportedAddressTypeException;
import java.util.Locale;

/**
 * JDK exceptions as the errno Linux gives for the same failure. The JDK keeps the OS's message
 * (strerror), so the message decides where the exception type is too broad.
 */
final class Errors {
    private Errors() {}

    static ErrnoException of(Throwable t) {
        if (t instanceof ErrnoException e) {
            return e;
        }
        return new ErrnoException(errno(t), String.valueOf(t.getMessage()));
    }

    static Errno errno(Throwable t) {
        String m = t.getMessage() == null ? "" : t.getMessage().toLowerCase(Locale.ROOT);
        if (t instanceof AlreadyConnectedException) {
            return Errno.EISCONN;
        }
        if (t instanceof ConnectionPendingException) {
            return Errno.EALREADY;
        }
        if (t instanceof NotYetConnectedException) {
            return Errno.ENOTCONN;
        }
        if (t instanceof AlreadyBoundException || t instanceof NotYetBoundException) {
            return Errno.EINVAL;
        }
        if (t instanceof UnsupportedAddressTypeException) {
            return Errno.EAFNOSUPPORT;
        }
        if (t instanceof ClosedChannelException) {
            return Errno.EBADF;
        }
        if (t instanceof PortUnreachableException) {
            return Errno.ECONNREFUSED;
        }
        if (t instanceof SocketTimeoutException) {
            return Errno.ETIMEDOUT;
        }
        if (t instanceof NoRouteToHostException) {
            return Errno.EHOSTUNREACH;
        }
        if (t instanceof BindException) {
            if (m.contains("cannot assign")) {
                return Errno.EADDRNOTAVAIL;
            }
            if (m.contains("permission")) {
                return Errno.EACCES;
            }
            return Errno.EADDRINUSE;
        }
        if (t instanceof ConnectException) {
            if (m.contains("timed out")) {
                return Errno.ETIMEDOUT;
            }
            if (m.contains("unreachable")) {
                return m.contains("network") ? Errno.ENETUNREACH : Errno.EHOSTUNREACH;
            }
            return Errno.ECONNREFUSED;
        }
        if (t instanceof IOException || t instanceof RuntimeException) {
            if (m.contains("reset")) {
                return Errno.ECONNRESET;
            }
            if (m.contains("broken pipe")) {
                return Errno.EPIPE;
            }
            if (m.contains("refused")) {
                return Errno.ECONNREFUSED;
            }
            if (m.contains("message too long")) {
                return Errno.EMSGSIZE;
            }
            if (m.contains("network is unreachable")) {
                return Errno.ENETUNREACH;
            }
            if (m.contains("no route")) {
                return Errno.EHOSTUNREACH;
            }
            if (m.contains("timed out")) {
                return Errno.ETIMEDOUT;
            }
            if (m.contains("not connected")) {
                return Errno.ENOTCONN;
            }
            if (m.contains("address already in use")) {
                return Errno.EADDRINUSE;
            }
            if (m.contains("cannot assign")) {
                return Errno.EADDRNOTAVAIL;
            }
            if (m.contains("invalid argument")) {
                return Errno.EINVAL;
            }
            if (m.contains("permission denied")) {
                return Errno.EACCES;
            }
            if (m.contains("protocol not available") || m.contains("not supported")) {
                return Errno.ENOPROTOOPT;
            }
        }
        return Errno.EIO;
    }
}
