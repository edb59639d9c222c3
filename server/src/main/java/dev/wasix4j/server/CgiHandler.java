package dev.wasix4j.server;

import dev.wasix4j.core.WasixProgram;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs a WASIX program as a CGI program, a fresh guest per request, for any server: {@link #handle}
 * takes a request and returns the response with its body as a stream. The Netty pipeline handler
 * ({@link WasixHttpHandler}) and {@code wasix serve} are built on it.
 *
 * <p>The program is compiled once (by {@link WasixProgram}) and shared by every request; each guest
 * gets its own memory, descriptors and threads, and the limits of {@link ServerConfig}. At most
 * {@link ServerConfig#maxConcurrent()} guests run at once; up to {@link ServerConfig#queueLength()}
 * more requests wait for a slot, and past that a request gets 503 with Retry-After at once.
 */
public final class CgiHandler {
    /** Response body buffered ahead of a slow reader of {@link CgiResponse#body()}; then the guest waits. */
    private static final int RESPONSE_BUFFER = 256 << 10;

    static {
        // known to JFR before the first request, so a recording started now can enable it by name
        jdk.jfr.FlightRecorder.register(RequestEvent.class);
    }

    private final WasixProgram program;
    private final ServerConfig config;
    private final ServerMetrics metrics = new ServerMetrics();
    private final Semaphore slots;
    private final AtomicInteger admitted = new AtomicInteger();
    /** Notified when {@link #admitted} drops to zero (see {@link #awaitIdle}). */
    private final Object idle = new Object();
    private final List<String> argv;
    private final MemoryPool memories;
    /** Calls submitted by {@link #execute} and not yet begun, oldest first. */
    private final ConcurrentLinkedQueue<CgiCall> pending = new ConcurrentLinkedQueue<>();

    public CgiHandler(WasixProgram program, ServerConfig config) {
        this(program, config, List.of(programName(program)));
    }

    /** With the guest's argv given (program name first); by default argv is the program's file name. */
    public CgiHandler(WasixProgram program, ServerConfig config, List<String> argv) {
        this.program = Objects.requireNonNull(program);
        this.config = Objects.requireNonNull(config);
        this.argv = List.copyOf(argv);
        // fair: a slot freed goes to the call that has waited longest, never to one that just came
        this.slots = new Semaphore(config.maxConcurrent(), true);
        this.memories = new MemoryPool(config.maxConcurrent());
    }

    private static String programName(WasixProgram program) {
        String n = program.name();
        int slash = n.lastIndexOf('/');
        return slash >= 0 ? n.substring(slash + 1) : n;
    }

    public WasixProgram program() {
        return program;
    }

    public ServerConfig config() {
        return config;
    }

    public ServerMetrics metrics() {
        return metrics;
    }

    MemoryPool memories() {
        return memories;
    }

    List<String> argv() {
        return argv;
    }

    /**
     * Answers {@code request} with a fresh guest. Returns once the response head is known (the guest
     * wrote its CGI header block, or failed); the body streams while the guest runs. Errors are
     * responses: 413, 502, 503, 504 with a short plain-text body.
     */
    public CgiResponse handle(CgiRequest request) throws InterruptedException {
        var sink = new StreamSink();
        var call = newCall(request, sink);
        if (call == null) {
            return new CgiResponse(503, List.of(Map.entry("Retry-After", Integer.toString(config.retryAfterSeconds())),
                    Map.entry("Content-Type", "text/plain; charset=utf-8")),
                    new java.io.ByteArrayInputStream("too many requests; try again later\n".getBytes()));
        }
        sink.call = call;
        execute(call);
        try {
            return sink.response.get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("wasix4j host failure", e.getCause());
        } catch (InterruptedException e) {
            call.cancel();
            throw e;
        }
    }

    /**
     * A call for {@code request} that answers into {@code sink} when run: by {@link #execute}, or on a
     * virtual thread of the caller's; null when the queue is full: answer 503 then. For servers with
     * their own I/O.
     */
    public CgiCall newCall(CgiRequest request, ResponseSink sink) {
        int now = admitted.incrementAndGet();
        if (now > config.maxConcurrent() + config.queueLength()) {
            callDone();
            metrics.rejectedOne();
            return null;
        }
        return new CgiCall(this, request, sink);
    }

    /**
     * Runs {@code call} on a virtual thread of its own, calls starting in the order they came from
     * every caller together. The JDK's scheduler does not promise that: a thread started from a
     * platform thread (a Netty event loop) goes to that thread's own submission queue, and a carrier
     * that keeps finding work in one queue leaves the others waiting, so under load the requests of
     * one event loop's connections waited up to seconds while the others' took milliseconds. Each
     * thread started here therefore takes a slot (the fair semaphore: longest waiter first), then
     * runs whichever call has waited longest, not the one it was started for.
     */
    public void execute(CgiCall call) {
        pending.add(call);
        Thread.ofVirtual().name("wasix-cgi").start(this::runOldest);
    }

    private void runOldest() {
        // the slot first, then the call: whichever thread the scheduler runs first, the oldest call
        // gets the first free slot
        CgiCall.Slot slot;
        try {
            slot = acquireSlot() ? CgiCall.Slot.HELD : CgiCall.Slot.REFUSED;
        } catch (InterruptedException e) {
            slot = CgiCall.Slot.INTERRUPTED;
        }
        CgiCall oldest = pending.poll(); // never null: one thread per call added
        if (oldest != null) {
            oldest.run(slot);
        } else if (slot == CgiCall.Slot.HELD) {
            releaseSlot();
        }
    }

    /** Requests admitted and not yet answered (running or waiting for a slot). */
    public int inFlight() {
        return admitted.get();
    }

    boolean acquireSlot() throws InterruptedException {
        if (slots.tryAcquire(0, TimeUnit.NANOSECONDS)) { // honours fairness, unlike tryAcquire()
            return true;
        }
        metrics.queuedCounter().incrementAndGet();
        try {
            return slots.tryAcquire(config.queueTimeout().toNanos(), TimeUnit.NANOSECONDS);
        } finally {
            metrics.queuedCounter().decrementAndGet();
        }
    }

    void releaseSlot() {
        slots.release();
    }

    void callDone() {
        if (admitted.decrementAndGet() == 0) {
            synchronized (idle) {
                idle.notifyAll();
            }
        }
    }

    /**
     * Waits until no request is in flight (running or queued), at most {@code timeout}; returns whether
     * none is. For a drain: stop taking requests first.
     */
    public boolean awaitIdle(java.time.Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (idle) {
            while (admitted.get() > 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(idle, left);
            }
        }
        return true;
    }

    /** The plain-API sink: the head completes the future, the body flows through a bounded pipe. */
    private static final class StreamSink implements ResponseSink {
        final CompletableFuture<CgiResponse> response = new CompletableFuture<>();
        volatile CgiCall call;
        private final BytePipe pipe = new BytePipe(RESPONSE_BUFFER, null) {
            @Override
            public void close() {
                super.close();
                var c = call;
                if (c != null && !finished()) {
                    c.cancel();
                }
            }
        };

        @Override
        public void head(int status, List<Map.Entry<String, String>> headers, long contentLength) {
            var all = new java.util.ArrayList<>(headers);
            if (contentLength >= 0) {
                all.add(Map.entry("Content-Length", Long.toString(contentLength)));
            }
            response.complete(new CgiResponse(status, all, pipe));
        }

        @Override
        public void body(byte[] data) throws IOException {
            pipe.put(data);
        }

        @Override
        public void end() {
            pipe.end();
        }

        @Override
        public void abort() {
            pipe.fail(new IOException("the program's response was cut off"));
            response.complete(new CgiResponse(502, List.of(), InputStreamOfNothing.INSTANCE));
        }

        @Override
        public void fail(int status, String message, List<Map.Entry<String, String>> headers) {
            var all = new java.util.ArrayList<>(headers);
            byte[] body = (message + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8);
            all.add(Map.entry("Content-Type", "text/plain; charset=utf-8"));
            all.add(Map.entry("Content-Length", Integer.toString(body.length)));
            response.complete(new CgiResponse(status, all, new java.io.ByteArrayInputStream(body)));
        }
    }

    private static final class InputStreamOfNothing {
        static final java.io.InputStream INSTANCE = java.io.InputStream.nullInputStream();
    }
}
