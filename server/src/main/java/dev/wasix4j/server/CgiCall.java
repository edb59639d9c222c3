package dev.wasix4j.server;

import dev.wasix4j.core.ProcessOptions;
import dev.wasix4j.core.WasixException;
import dev.wasix4j.core.WasixProcess;
import dev.wasix4j.core.process.ExitCodes;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One request answered by one fresh guest: waits for a slot, starts the guest with the request's
 * CGI environment, feeds it the body, turns its stdout into the response and its stderr into log
 * lines, and turns however it ended into what the client sees. Runs on the caller's thread (a
 * virtual thread); {@link #cancel} stops it from anywhere.
 */
public final class CgiCall implements Runnable {
    private static final AtomicLong IDS = new AtomicLong();
    private static final DateTimeFormatter LOG_TIME =
            DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ROOT);
    /** Body held back before the head is sent, so small answers go out whole with a Content-Length. */
    private static final int COMMIT_BYTES = 16 << 10;

    private final CgiHandler handler;
    private final CgiRequest request;
    private final ResponseSink sink;
    private final long id = IDS.incrementAndGet();
    private final long created = System.nanoTime();
    private volatile WasixProcess process;
    private volatile boolean cancelled;
    private volatile boolean bodyTooLarge;
    private volatile boolean timedOut;
    private volatile long startupNanos;
    private volatile long setupAt;
    private volatile CgiOutput output;
    /** Begun when the request is admitted: its duration is the request's whole time in the server. */
    private final RequestEvent event = new RequestEvent();

    CgiCall(CgiHandler handler, CgiRequest request, ResponseSink sink) {
        this.handler = handler;
        this.request = request;
        this.sink = sink;
        event.begin();
    }

    /** Stops the guest (the client went away, or the server is closing); the sink sees an abort. */
    public void cancel() {
        cancelled = true;
        var p = process;
        if (p != null) {
            p.kill();
        }
    }

    /** Waits for a slot (at most the queue timeout), then answers the request. */
    @Override
    public void run() {
        Slot slot;
        try {
            slot = handler.acquireSlot() ? Slot.HELD : Slot.REFUSED;
        } catch (InterruptedException e) {
            slot = Slot.INTERRUPTED;
        }
        run(slot);
    }

    /** What the thread running a call got from the handler's slots before it took the call. */
    enum Slot { HELD, REFUSED, INTERRUPTED }

    /** Answers the request with the slot already asked for ({@link CgiHandler#execute} asks first, then takes the oldest call). */
    void run(Slot slot) {
        var config = handler.config();
        var metrics = handler.metrics();
        int status = 0;
        int exit = -1;
        long queueNanos = 0;
        long bytes = 0;
        boolean admitted = false;
        try {
            if (slot == Slot.INTERRUPTED) {
                throw new InterruptedException();
            }
            if (slot == Slot.REFUSED) {
                status = 503;
                metrics.rejectedOne();
                sink.fail(503, "too many requests; try again later",
                        List.of(Map.entry("Retry-After", Integer.toString(config.retryAfterSeconds()))));
                return;
            }
            admitted = true;
            queueNanos = System.nanoTime() - created;
            if (cancelled) {
                sink.abort();
                return;
            }
            setupAt = System.nanoTime();
            var out = new CgiOutput(sink, config.maxHeaderBytes(), config.maxResponseBytes(), COMMIT_BYTES,
                    request.method().equals("HEAD"), this::started, this::kill);
            output = out;
            var stderr = new StderrLog();
            var options = processOptions(out, stderr);
            WasixProcess p;
            try {
                p = handler.program().prepare(options);
            } catch (WasixException e) {
                config.errorLog().accept("wasix serve: #" + id + " cannot start the program: " + e.getMessage());
                status = 502;
                sink.fail(502, "the program cannot start", List.of());
                return;
            }
            metrics.guestStarted();
            var deadline = Deadlines.after(config.requestTimeout(), () -> {
                timedOut = true;
                p.kill();
            });
            try {
                process = p;
                if (cancelled) {
                    p.kill();
                }
                // the guest's main thread is this one: no thread start, no hand-off per request
                exit = p.runHere();
            } finally {
                deadline.cancel();
                metrics.guestEnded();
            }
            stderr.close();
            metrics.startup(startupNanos);
            bytes = out.bodyBytes();
            boolean clean = exit != ExitCodes.TRAP && exit != ExitCodes.TIMEOUT && exit != ExitCodes.KILLED
                    && exit != ExitCodes.HOST_FAILURE && exit != ExitCodes.CANNOT_RUN;
            if (cancelled) {
                sink.abort();
                status = 0;
            } else if (bodyTooLarge) {
                status = out.finish(false, 413, "the request body is too large");
            } else if (timedOut || exit == ExitCodes.TIMEOUT) {
                status = out.finish(false, 504, "the program did not answer in time");
            } else {
                status = out.finish(clean, 502, null);
            }
            if (exit == ExitCodes.TRAP || exit == ExitCodes.HOST_FAILURE || exit == ExitCodes.CANNOT_RUN) {
                config.errorLog().accept("wasix serve: #" + id + " " + request.method() + " " + request.path()
                        + ": the program failed (exit " + exit + ")");
            }
        } catch (InterruptedException e) {
            cancel();
            sink.abort();
            Thread.currentThread().interrupt();
        } catch (RuntimeException | Error e) {
            config.errorLog().accept("wasix serve: #" + id + " host error: " + e);
            var out = output;
            if (status == 0 && (out == null || !out.committed())) {
                status = 500;
                sink.fail(500, "internal server error", List.of());
            } else {
                sink.abort();
            }
        } finally {
            long nanos = System.nanoTime() - created;
            if (event.shouldCommit()) {
                event.method = request.method();
                event.path = request.path();
                event.status = status;
                event.exitCode = exit;
                event.bytes = bytes;
                event.queueNanos = queueNanos;
                event.startupNanos = startupNanos;
                event.commit();
            }
            // counters last: a reader who sees the request counted sees its log line and event too
            accessLog(status, bytes, nanos);
            metrics.answered(status, nanos, bytes);
            if (admitted) {
                handler.releaseSlot();
            }
            handler.callDone();
        }
    }

    /** The guest's first use of stdin or stdout: it has started. */
    private void started() {
        if (startupNanos == 0) {
            startupNanos = System.nanoTime() - setupAt;
        }
    }

    private void kill() {
        var p = process;
        if (p != null) {
            p.kill();
        }
    }

    private ProcessOptions processOptions(CgiOutput out, StderrLog stderr) {
        var config = handler.config();
        var b = config.newProcessOptions();
        // the options builder has no getter for argv: an embedder who set one keeps it only via argv()
        b.args(handler.argv());
        CgiEnvironment.of(request, config.serverSoftware()).forEach(b::env);
        return b.stdin(new LimitedBody(request.body(), config.maxRequestBody()))
                .stdout(out)
                .stderr(stderr)
                .terminal(false, false, false)
                .maxThreads(config.maxThreads())
                .maxMemoryPages(config.maxMemoryPages())
                .memoryProvider(handler.memories())
                .build();
    }

    private void accessLog(int status, long bytes, long nanos) {
        if (!handler.config().accessLogEnabled()) {
            return;
        }
        String target = request.query().isEmpty() ? request.path() : request.path() + "?" + request.query();
        String ua = request.header("User-Agent");
        String line = request.remoteAddress() + " - - [" + ZonedDateTime.now().format(LOG_TIME) + "] \""
                + request.method() + " " + target + " " + request.protocol() + "\" " + (status == 0 ? "-" : status)
                + " " + bytes + " \"-\" \"" + (ua == null ? "-" : ua.replace('"', '\'')) + "\" "
                + TimeUnit.NANOSECONDS.toMicros(nanos) / 1000.0 + "ms";
        try {
            handler.config().accessLog().accept(line);
        } catch (RuntimeException e) {
            // a broken log must not break serving
        }
    }

    /** The request body as the guest's stdin, refused past the size limit (the client then gets 413). */
    private final class LimitedBody extends InputStream {
        private final InputStream in;
        private final long max;
        private long read;

        LimitedBody(InputStream in, long max) {
            this.in = in;
            this.max = max;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            started();
            int n = in.read(b, off, len);
            if (n > 0) {
                read += n;
                if (read > max) {
                    bodyTooLarge = true;
                    kill();
                    throw new IOException("request body too large");
                }
            }
            return n;
        }

        @Override
        public int available() throws IOException {
            return in.available();
        }
    }

    /** The guest's stderr, a line at a time, to the server's error log; never to the client. */
    private final class StderrLog extends OutputStream {
        private static final int MAX_LINE = 4096;
        private final ByteArrayOutputStream line = new ByteArrayOutputStream();

        @Override
        public synchronized void write(int b) {
            if (b == '\n' || line.size() >= MAX_LINE) {
                flushLine();
                if (b == '\n') {
                    return;
                }
            }
            line.write(b);
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) {
            for (int i = 0; i < len; i++) {
                write(b[off + i]);
            }
        }

        @Override
        public synchronized void close() {
            if (line.size() > 0) {
                flushLine();
            }
        }

        private void flushLine() {
            String text = line.toString(StandardCharsets.UTF_8);
            line.reset();
            handler.config().errorLog().accept("wasix serve: #" + id + " stderr: " + text);
        }
    }
}
