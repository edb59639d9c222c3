package dev.wasix4j.server;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counters of a CGI server, safe to read at any time from any thread: requests by status class,
 * a latency histogram, guests running now, queue length and the guests' start-up time.
 */
public final class ServerMetrics {
    /** Upper bounds of the latency buckets, in milliseconds; one more bucket holds everything slower. */
    public static final long[] LATENCY_BOUNDS_MS = {1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000};

    private final LongAdder requests = new LongAdder();
    private final LongAdder[] statusClasses = newAdders(6);
    private final LongAdder[] latency = newAdders(LATENCY_BOUNDS_MS.length + 1);
    private final LongAdder rejected = new LongAdder();
    private final LongAdder guests = new LongAdder();
    private final LongAdder startupNanos = new LongAdder();
    private final LongAdder bytesOut = new LongAdder();
    private final AtomicInteger activeGuests = new AtomicInteger();
    private final AtomicInteger queued = new AtomicInteger();

    /** Requests answered, whatever the status. */
    public long requests() {
        return requests.sum();
    }

    /** Requests answered with status {@code digit}xx (1..5). */
    public long statusClass(int digit) {
        return statusClasses[Math.clamp(digit, 0, 5)].sum();
    }

    /** Count of requests in latency bucket {@code i} (bounds in {@link #LATENCY_BOUNDS_MS}). */
    public long latencyBucket(int i) {
        return latency[i].sum();
    }

    /** A copy of the latency histogram, one count per bucket. */
    public long[] latencyHistogram() {
        long[] h = new long[latency.length];
        for (int i = 0; i < h.length; i++) {
            h[i] = latency[i].sum();
        }
        return h;
    }

    /** Requests turned away with 503 (queue full, queue wait too long, shutting down). */
    public long rejected() {
        return rejected.sum();
    }

    /** Guests that ran. */
    public long guests() {
        return guests.sum();
    }

    /** Guests running now. */
    public int activeGuests() {
        return activeGuests.get();
    }

    /** Requests waiting for a guest slot now. */
    public int queued() {
        return queued.get();
    }

    /**
     * Mean start-up time of a guest in microseconds: from its process being set up to its first use of
     * stdin or stdout (process state, instantiation and libc start-up).
     */
    public double meanStartupMicros() {
        long n = guests.sum();
        return n == 0 ? 0 : startupNanos.sum() / 1000.0 / n;
    }

    /** Response body bytes sent. */
    public long bytesOut() {
        return bytesOut.sum();
    }

    void answered(int status, long nanos, long bytes) {
        requests.increment();
        statusClasses[Math.clamp(status / 100, 0, 5)].increment();
        long ms = TimeUnit.NANOSECONDS.toMillis(nanos);
        int i = 0;
        while (i < LATENCY_BOUNDS_MS.length && ms >= LATENCY_BOUNDS_MS[i]) {
            i++;
        }
        latency[i].increment();
        bytesOut.add(bytes);
    }

    void rejectedOne() {
        rejected.increment();
    }

    void guestStarted() {
        activeGuests.incrementAndGet();
        guests.increment();
    }

    void guestEnded() {
        activeGuests.decrementAndGet();
    }

    void startup(long nanos) {
        startupNanos.add(nanos);
    }

    AtomicInteger queuedCounter() {
        return queued;
    }

    @Override
    public String toString() {
        return "requests=" + requests() + " 2xx=" + statusClass(2) + " 4xx=" + statusClass(4) + " 5xx="
                + statusClass(5) + " rejected=" + rejected() + " active=" + activeGuests() + " queued=" + queued()
                + String.format(" startup=%.0fus", meanStartupMicros());
    }

    private static LongAdder[] newAdders(int n) {
        var a = new LongAdder[n];
        for (int i = 0; i < n; i++) {
            a[i] = new LongAdder();
        }
        return a;
    }
}
