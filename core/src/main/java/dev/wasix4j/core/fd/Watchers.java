package dev.wasix4j.core.fd;

import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.IntConsumer;

/**
 * The readiness listeners of one resource (epoll instances watching it). A resource calls
 * {@link #fire} with {@link FdResource#READABLE}/{@link FdResource#WRITABLE}/{@link FdResource#HANGUP}
 * bits for what may have become true, outside its own locks.
 */
public final class Watchers {
    private final CopyOnWriteArrayList<IntConsumer> list = new CopyOnWriteArrayList<>();

    public void add(IntConsumer w) {
        list.addIfAbsent(w);
    }

    public void remove(IntConsumer w) {
        list.remove(w);
    }

    public void fire(int bits) {
        for (IntConsumer w : list) {
            w.accept(bits);
        }
    }
}
