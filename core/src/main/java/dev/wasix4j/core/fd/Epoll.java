package dev.wasix4j.core.fd;

import dev.wasix4j.abi.Errno;
import dev.wasix4j.abi.ErrnoException;
import dev.wasix4j.abi.FileType;
import dev.wasix4j.core.abi.Wasi.EpollType;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.IntConsumer;

/**
 * An epoll instance: a descriptor of its own kind holding an interest list and a ready list.
 *
 * <p>Each watched resource gets a listener ({@link FdResource#watch}); when the resource reports
 * that it may have become ready, its interest joins the ready list and a waiting thread wakes.
 * {@link #await} checks only the listed interests (never the whole interest list), so an idle
 * descriptor costs nothing per wait. Level-triggered interests stay listed while ready; an
 * edge-triggered one leaves after it is reported and comes back on the next report; a one-shot
 * one is disabled until EPOLL_CTL_MOD re-arms it. A descriptor closed (by every number) drops out.
 *
 * <p>A resource that never reports ({@link FdResource#signalsReadiness()} false: an embedder's own
 * sockets provider may be one) is asked again at every wait, and a wait with such an interest
 * wakes every {@link #RECHECK_NANOS} to ask, as poll_oneoff does; edge-triggered, it behaves as
 * level-triggered, since no edge can be seen.
 */
public final class Epoll implements FdResource {
    /** How often a wait asks again the resources that never report readiness. */
    static final long RECHECK_NANOS = 10_000_000L;

    /** What one ready interest reports: its events word and its 24 bytes of user data. */
    public record Ready(int events, byte[] data) {}

    private final FdTable fds;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final Map<Integer, Interest> interests = new HashMap<>();
    private final LinkedHashSet<Interest> ready = new LinkedHashSet<>();
    private final Watchers watchers = new Watchers();
    private long generation;
    private boolean closed;
    /** Interests whose resource never reports readiness (guarded by lock). */
    private final LinkedHashSet<Interest> unsignalled = new LinkedHashSet<>();

    public Epoll(FdTable fds) {
        this.fds = fds;
    }

    private final class Interest implements IntConsumer {
        final int fd;
        final FdResource resource;
        int events;
        byte[] data;
        boolean disabled;
        boolean removed;
        long seq;

        Interest(int fd, FdResource resource, int events, byte[] data) {
            this.fd = fd;
            this.resource = resource;
            this.events = events;
            this.data = data;
        }

        /** The resource may have become ready: list this interest if it asked for that. */
        @Override
        public void accept(int bits) {
            lock.lock();
            try {
                int e = events;
                boolean wanted = (bits & HANGUP) != 0 || ((bits & READABLE) != 0 && (e & EpollType.IN) != 0)
                        || ((bits & WRITABLE) != 0 && (e & EpollType.OUT) != 0);
                if (!wanted || removed || disabled) {
                    return;
                }
                seq++;
                ready.add(this);
                generation++;
                changed.signalAll();
            } finally {
                lock.unlock();
            }
            watchers.fire(READABLE);
        }
    }

    @Override
    public FileType fileType() {
        return FileType.UNKNOWN;
    }

    /** EPOLL_CTL_ADD; EEXIST when {@code fd} is already watched (and {@code orModify} is false). */
    public void add(int fd, FdResource r, int events, byte[] data, boolean orModify) {
        Interest i;
        lock.lock();
        try {
            Interest old = interests.get(fd);
            if (old != null && !isStale(old)) {
                if (!orModify) {
                    throw new ErrnoException(Errno.EEXIST);
                }
                modifyLocked(old, events, data);
                return;
            }
            if (old != null) {
                dropLocked(old);
            }
            i = new Interest(fd, r, events, data);
            interests.put(fd, i);
            ready.add(i);
            if (!r.signalsReadiness()) {
                unsignalled.add(i);
            }
            generation++;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        r.watch(i);
        watchers.fire(READABLE);
    }

    /** EPOLL_CTL_MOD; ENOENT when {@code fd} is not watched. Re-arms a fired one-shot interest. */
    public void modify(int fd, int events, byte[] data) {
        lock.lock();
        try {
            Interest i = interests.get(fd);
            if (i == null || isStale(i)) {
                throw new ErrnoException(Errno.ENOENT);
            }
            modifyLocked(i, events, data);
        } finally {
            lock.unlock();
        }
        watchers.fire(READABLE);
    }

    private void modifyLocked(Interest i, int events, byte[] data) {
        i.events = events;
        i.data = data;
        i.disabled = false;
        i.seq++;
        ready.add(i);
        generation++;
        changed.signalAll();
    }

    /** EPOLL_CTL_DEL; ENOENT when {@code fd} is not watched. */
    public void delete(int fd) {
        Interest i;
        lock.lock();
        try {
            i = interests.get(fd);
            if (i == null || isStale(i)) {
                throw new ErrnoException(Errno.ENOENT);
            }
            dropLocked(i); // also unwatches
        } finally {
            lock.unlock();
        }
    }

    private void dropLocked(Interest i) {
        i.removed = true;
        interests.remove(i.fd);
        ready.remove(i);
        unsignalled.remove(i);
        i.resource.unwatch(i);
    }

    /** The descriptor was closed (or now names something else): Linux drops it from the list. */
    private boolean isStale(Interest i) {
        FdEntry e = fds.find(i.fd);
        return e == null || e.resource() != i.resource;
    }

    /**
     * Waits up to {@code timeoutNanos} (negative: forever) for ready interests and returns at most
     * {@code max} of them; an empty list after the timeout.
     */
    public List<Ready> await(int max, long timeoutNanos) throws InterruptedException {
        long deadline = timeoutNanos < 0 ? Long.MAX_VALUE : System.nanoTime() + timeoutNanos;
        var out = new ArrayList<Ready>();
        while (true) {
            List<Interest> candidates;
            List<Long> seqs = new ArrayList<>();
            long seen;
            lock.lock();
            try {
                if (closed) {
                    throw new ErrnoException(Errno.EBADF);
                }
                seen = generation;
                for (Interest i : unsignalled) {
                    if (!i.disabled) {
                        ready.add(i); // nothing will report it: ask it now
                    }
                }
                candidates = new ArrayList<>(ready);
                for (Interest i : candidates) {
                    seqs.add(i.seq);
                }
            } finally {
                lock.unlock();
            }
            for (int k = 0; k < candidates.size() && out.size() < max; k++) {
                Interest i = candidates.get(k);
                boolean stale = isStale(i);
                int events = stale ? 0 : events(i);
                lock.lock();
                try {
                    if (i.removed || i.disabled) {
                        continue;
                    }
                    if (stale) {
                        dropLocked(i);
                        continue;
                    }
                    if (events == 0) {
                        if (i.seq == seqs.get(k)) {
                            ready.remove(i);
                        }
                        continue;
                    }
                    out.add(new Ready(events, i.data));
                    if ((i.events & EpollType.ONESHOT) != 0) {
                        i.disabled = true;
                        ready.remove(i);
                    } else if ((i.events & EpollType.ET) != 0) {
                        if (i.seq == seqs.get(k)) {
                            ready.remove(i);
                        }
                    } else {
                        // level-triggered: stays listed, behind the others, so every ready one gets a turn
                        ready.remove(i);
                        ready.add(i);
                    }
                } finally {
                    lock.unlock();
                }
            }
            if (!out.isEmpty()) {
                return out;
            }
            lock.lock();
            try {
                while (generation == seen) {
                    long left = deadline - System.nanoTime();
                    if (deadline != Long.MAX_VALUE && left <= 0) {
                        return out;
                    }
                    if (!unsignalled.isEmpty()) {
                        changed.awaitNanos(Math.min(left, RECHECK_NANOS));
                        break; // ask the silent ones again
                    }
                    if (deadline == Long.MAX_VALUE) {
                        changed.await();
                    } else {
                        changed.awaitNanos(left);
                    }
                }
            } finally {
                lock.unlock();
            }
        }
    }

    /** The events of {@code i} true now; asking arms the resource's notification for the rest. */
    private static int events(Interest i) {
        int want = i.events;
        FdResource r = i.resource;
        int got = 0;
        try {
            if ((want & EpollType.IN) != 0 && r.readReady()) {
                got |= EpollType.IN;
            }
            if ((want & EpollType.OUT) != 0 && r.writeReady()) {
                got |= EpollType.OUT;
            }
            if (r.hungUp()) {
                got |= EpollType.HUP | (want & EpollType.RDHUP);
            }
        } catch (IOException | RuntimeException e) {
            got |= EpollType.ERR;
        }
        return got;
    }

    @Override
    public boolean readReady() {
        List<Interest> silent;
        lock.lock();
        try {
            if (!ready.isEmpty()) {
                return true;
            }
            silent = new ArrayList<>(unsignalled);
        } finally {
            lock.unlock();
        }
        for (Interest i : silent) {
            if (!i.disabled && !isStale(i) && events(i) != 0) {
                return true;
            }
        }
        return false;
    }

    /** False while an interest's resource never reports: a poll over this epoll must then ask again. */
    @Override
    public boolean signalsReadiness() {
        lock.lock();
        try {
            return unsignalled.isEmpty();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void watch(IntConsumer listener) {
        watchers.add(listener);
    }

    @Override
    public void unwatch(IntConsumer listener) {
        watchers.remove(listener);
    }

    @Override
    public void close() {
        List<Interest> all;
        lock.lock();
        try {
            closed = true;
            all = new ArrayList<>(interests.values());
            interests.clear();
            ready.clear();
            generation++;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        for (Interest i : all) {
            i.removed = true;
            i.resource.unwatch(i);
        }
    }
}
