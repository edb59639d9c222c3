package dev.wasix4j.sockets.host;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;

/**
 * One {@link Selector} on one daemon platform thread for every host socket of the JVM.
 *
 * <p>Channels stay non-blocking and registered with no interest. A guest thread that finds a
 * channel not ready arms the operation it waits for ({@link #arm}); when the selector reports it,
 * the interest is dropped again (one shot) and the socket's {@link HostSocket#fired} wakes its
 * waiters and tells core's poll/epoll. Nothing spins: an idle socket costs a key and no wake-up.
 */
final class Poller {
    private static volatile Poller shared;

    private final Selector selector;
    private final java.util.Queue<Runnable> tasks = new java.util.concurrent.ConcurrentLinkedQueue<>();

    private Poller() {
        try {
            selector = Selector.open();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open a selector", e);
        }
        Thread.ofPlatform().daemon().name("wasix4j-net-poller").start(this::loop);
    }

    static Poller shared() {
        Poller p = shared;
        if (p == null) {
            synchronized (Poller.class) {
                p = shared;
                if (p == null) {
                    p = new Poller();
                    shared = p;
                }
            }
        }
        return p;
    }

    /** Registers {@code ch} (already non-blocking) with no interest. */
    SelectionKey register(SelectableChannel ch, HostSocket owner) throws ClosedChannelException {
        return ch.register(selector, 0, owner);
    }

    /** Asks to hear once when {@code ops} become ready on {@code key}. */
    void arm(SelectionKey key, int ops) {
        try {
            int before = key.interestOpsOr(ops);
            if ((before & ops) != ops) {
                selector.wakeup();
            }
        } catch (java.nio.channels.CancelledKeyException closed) {
            // the socket closed meanwhile: its waiters were woken by close
        }
    }

    /**
     * Closes {@code ch}. A registered channel keeps its OS descriptor until the selector drops its
     * key, so a port would stay bound (or a peer unanswered) for a moment after close(2) returned:
     * the poller thread cancels the key, lets the selector drop it, then closes, and the caller
     * waits for that.
     */
    void close(SelectableChannel ch, SelectionKey key) throws IOException {
        if (key == null) {
            ch.close();
            return;
        }
        var done = new java.util.concurrent.CompletableFuture<Void>();
        tasks.add(() -> {
            try {
                key.cancel();
                selector.selectNow();
                selector.selectedKeys().clear();
                ch.close();
                done.complete(null);
            } catch (IOException | RuntimeException e) {
                done.completeExceptionally(e);
            }
        });
        selector.wakeup();
        try {
            done.join();
        } catch (java.util.concurrent.CompletionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw e;
        }
    }

    private void loop() {
        while (true) {
            try {
                Runnable task;
                while ((task = tasks.poll()) != null) {
                    task.run();
                }
                selector.select(key -> {
                    int ready;
                    try {
                        ready = key.readyOps();
                        key.interestOpsAnd(~ready);
                    } catch (java.nio.channels.CancelledKeyException closed) {
                        return;
                    }
                    ((HostSocket) key.attachment()).fired(ready);
                });
            } catch (IOException | RuntimeException e) {
                // a selection failure is transient (or a bug in one socket's listener): keep serving
                System.getLogger(Poller.class.getName()).log(System.Logger.Level.WARNING, "selector: " + e);
            }
        }
    }
}
