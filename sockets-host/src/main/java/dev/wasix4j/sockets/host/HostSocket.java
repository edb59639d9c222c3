package dev.wasix4j.sockets.host;

import dev.wasix4j.abi.Errno;
import dev.wasix4j.abi.ErrnoException;
import dev.wasix4j.sockets.AddressFamily;
import dev.wasix4j.sockets.Protocol;
import dev.wasix4j.sockets.SocketHandle;
import dev.wasix4j.sockets.SocketOption;
import dev.wasix4j.sockets.SocketType;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.nio.channels.SelectionKey;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.IntConsumer;

/**
 * What every socket of this provider shares: how a guest thread waits for readiness, how
 * readiness reaches core's listener, and the options a channel cannot hold itself.
 *
 * <p>Waiting is by generation: read {@link #generation()}, try the operation, and if it would
 * block call {@link #await} with the generation read before. Any readiness reported after that
 * read wakes the waiter, so no wake-up is lost between the try and the park.
 */
abstract class HostSocket implements SocketHandle {
    /** Waits forever. */
    static final long NO_DEADLINE = Long.MAX_VALUE;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition fired = lock.newCondition();
    private long generation;
    private volatile IntConsumer listener;

    final AddressFamily family;
    final SocketType type;
    final Protocol protocol;
    /** Options the JDK channel does not keep (or keeps only once the channel exists). */
    final Map<SocketOption, Object> stored = new EnumMap<>(SocketOption.class);

    HostSocket(AddressFamily family, SocketType type, Protocol protocol) {
        this.family = family;
        this.type = type;
        this.protocol = protocol;
    }

    @Override
    public AddressFamily family() {
        return family;
    }

    @Override
    public SocketType type() {
        return type;
    }

    @Override
    public Protocol protocol() {
        return protocol;
    }

    @Override
    public void onReadiness(IntConsumer l) {
        this.listener = l;
    }

    @Override
    public boolean signalsReadiness() {
        return true;
    }

    /** Blocking calls wait on {@link #await}, which an interrupt ends with EINTR; channels stay non-blocking. */
    @Override
    public boolean interruptible() {
        return true;
    }

    final long generation() {
        lock.lock();
        try {
            return generation;
        } finally {
            lock.unlock();
        }
    }

    /** Selector ops that became ready (or, for in-process sockets, READABLE/WRITABLE bits already). */
    void fired(int selectorOps) {
        int bits = 0;
        if ((selectorOps & (SelectionKey.OP_READ | SelectionKey.OP_ACCEPT | SelectionKey.OP_CONNECT)) != 0) {
            bits |= READABLE;
        }
        if ((selectorOps & (SelectionKey.OP_WRITE | SelectionKey.OP_CONNECT)) != 0) {
            bits |= WRITABLE;
        }
        wake(bits);
    }

    /** Wakes this socket's waiters and tells core's listener; never called under another lock. */
    final void wake(int bits) {
        lock.lock();
        try {
            generation++;
            fired.signalAll();
        } finally {
            lock.unlock();
        }
        IntConsumer l = listener;
        if (l != null && bits != 0) {
            l.accept(bits);
        }
    }

    /** Arms the notification for the selector {@code ops}; in-process sockets need none. */
    abstract void arm(int ops);

    /**
     * Parks until something is reported after generation {@code seen} or {@code deadline}
     * (System.nanoTime) passes: a timeout answers EAGAIN, as SO_RCVTIMEO/SO_SNDTIMEO do in Linux.
     */
    final void await(int ops, long seen, long deadline) {
        arm(ops);
        lock.lock();
        try {
            while (generation == seen) {
                if (deadline == NO_DEADLINE) {
                    fired.await();
                } else {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        throw new ErrnoException(Errno.EAGAIN, "timed out");
                    }
                    fired.awaitNanos(left);
                }
            }
        } catch (InterruptedException e) {
            // the process is ending: let the thread unwind at its next check
            Thread.currentThread().interrupt();
            throw new ErrnoException(Errno.EINTR);
        } finally {
            lock.unlock();
        }
    }

    /** The deadline for a blocking call under the timeout option {@code o} (none: forever). */
    final long deadline(SocketOption o) {
        Object t = stored.get(o);
        if (t instanceof Duration d && !d.isZero()) {
            return System.nanoTime() + Math.min(d.toNanos(), Long.MAX_VALUE / 4);
        }
        return NO_DEADLINE;
    }

    @Override
    public void setTime(SocketOption option, Optional<Duration> value) throws IOException {
        switch (option) {
            case RECV_TIMEOUT, SEND_TIMEOUT, CONNECT_TIMEOUT, ACCEPT_TIMEOUT -> {
                synchronized (stored) {
                    if (value.isPresent()) {
                        stored.put(option, value.get());
                    } else {
                        stored.remove(option);
                    }
                }
            }
            case LINGER -> setLinger(value);
            default -> throw new ErrnoException(Errno.ENOPROTOOPT, option + " is not a time option here");
        }
    }

    @Override
    public Optional<Duration> time(SocketOption option) throws IOException {
        return switch (option) {
            case RECV_TIMEOUT, SEND_TIMEOUT, CONNECT_TIMEOUT, ACCEPT_TIMEOUT -> {
                synchronized (stored) {
                    yield Optional.ofNullable((Duration) stored.get(option));
                }
            }
            case LINGER -> linger();
            default -> throw new ErrnoException(Errno.ENOPROTOOPT, option + " is not a time option here");
        };
    }

    void setLinger(Optional<Duration> value) throws IOException {
        throw new ErrnoException(Errno.ENOPROTOOPT, "SO_LINGER is for stream sockets");
    }

    Optional<Duration> linger() throws IOException {
        throw new ErrnoException(Errno.ENOPROTOOPT, "SO_LINGER is for stream sockets");
    }

    /** A flag the channel does not keep: remembered and answered back. */
    final void storeFlag(SocketOption o, boolean v) {
        synchronized (stored) {
            stored.put(o, v);
        }
    }

    final boolean storedFlag(SocketOption o) {
        synchronized (stored) {
            return Boolean.TRUE.equals(stored.get(o));
        }
    }

    final void storeSize(SocketOption o, long v) {
        synchronized (stored) {
            stored.put(o, v);
        }
    }

    final long storedSize(SocketOption o, long dflt) {
        synchronized (stored) {
            return stored.get(o) instanceof Long l ? l : dflt;
        }
    }

    @Override
    public void joinMulticastV4(Inet4Address group, Inet4Address iface) throws IOException {
        throw new ErrnoException(Errno.ENOPROTOOPT, "multicast needs a datagram socket");
    }

    @Override
    public void leaveMulticastV4(Inet4Address group, Inet4Address iface) throws IOException {
        throw new ErrnoException(Errno.ENOPROTOOPT, "multicast needs a datagram socket");
    }

    @Override
    public void joinMulticastV6(Inet6Address group, int interfaceIndex) throws IOException {
        throw new ErrnoException(Errno.ENOPROTOOPT, "multicast needs a datagram socket");
    }

    @Override
    public void leaveMulticastV6(Inet6Address group, int interfaceIndex) throws IOException {
        throw new ErrnoException(Errno.ENOPROTOOPT, "multicast needs a datagram socket");
    }
}
