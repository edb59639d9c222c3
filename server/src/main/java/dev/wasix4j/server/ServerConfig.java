package dev.wasix4j.server;

import dev.wasix4j.core.ProcessOptions;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Limits and wiring of a CGI server. Every limit has a default that keeps one bad request from
 * hurting the others; build with {@link #builder()}.
 */
public final class ServerConfig {
    private static final Consumer<String> NO_LOG = line -> {};

    private final Supplier<ProcessOptions.Builder> baseOptions;
    private final Duration requestTimeout;
    private final int maxMemoryPages;
    private final int maxThreads;
    private final long maxRequestBody;
    private final long maxResponseBytes;
    private final int maxHeaderBytes;
    private final int maxConcurrent;
    private final int queueLength;
    private final Duration queueTimeout;
    private final int retryAfterSeconds;
    private final Duration readIdleTimeout;
    private final Duration writeIdleTimeout;
    private final Duration drainTimeout;
    private final int stdinBufferBytes;
    private final String serverSoftware;
    private final Consumer<String> accessLog;
    private final Consumer<String> errorLog;

    private ServerConfig(Builder b) {
        this.baseOptions = b.baseOptions;
        this.requestTimeout = b.requestTimeout;
        this.maxMemoryPages = b.maxMemoryPages;
        this.maxThreads = b.maxThreads;
        this.maxRequestBody = b.maxRequestBody;
        this.maxResponseBytes = b.maxResponseBytes;
        this.maxHeaderBytes = b.maxHeaderBytes;
        this.maxConcurrent = b.maxConcurrent;
        this.queueLength = b.queueLength;
        this.queueTimeout = b.queueTimeout;
        this.retryAfterSeconds = b.retryAfterSeconds;
        this.readIdleTimeout = b.readIdleTimeout;
        this.writeIdleTimeout = b.writeIdleTimeout;
        this.drainTimeout = b.drainTimeout;
        this.stdinBufferBytes = b.stdinBufferBytes;
        this.serverSoftware = b.serverSoftware;
        this.accessLog = b.accessLog;
        this.errorLog = b.errorLog;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A fresh builder with the embedder's process settings (environment, mounts, cwd…); one per request. */
    ProcessOptions.Builder newProcessOptions() {
        return baseOptions.get();
    }

    public Duration requestTimeout() {
        return requestTimeout;
    }

    public int maxMemoryPages() {
        return maxMemoryPages;
    }

    public int maxThreads() {
        return maxThreads;
    }

    public long maxRequestBody() {
        return maxRequestBody;
    }

    public long maxResponseBytes() {
        return maxResponseBytes;
    }

    public int maxHeaderBytes() {
        return maxHeaderBytes;
    }

    public int maxConcurrent() {
        return maxConcurrent;
    }

    public int queueLength() {
        return queueLength;
    }

    public Duration queueTimeout() {
        return queueTimeout;
    }

    public int retryAfterSeconds() {
        return retryAfterSeconds;
    }

    public Duration readIdleTimeout() {
        return readIdleTimeout;
    }

    public Duration writeIdleTimeout() {
        return writeIdleTimeout;
    }

    public Duration drainTimeout() {
        return drainTimeout;
    }

    public int stdinBufferBytes() {
        return stdinBufferBytes;
    }

    public String serverSoftware() {
        return serverSoftware;
    }

    Consumer<String> accessLog() {
        return accessLog;
    }

    /** False when no access log was set: the line is then not even formatted. */
    boolean accessLogEnabled() {
        return accessLog != NO_LOG;
    }

    Consumer<String> errorLog() {
        return errorLog;
    }

    public static final class Builder {
        private Supplier<ProcessOptions.Builder> baseOptions = ProcessOptions::builder;
        private Duration requestTimeout = Duration.ofSeconds(30);
        private int maxMemoryPages = 4096;
        private int maxThreads = 64;
        private long maxRequestBody = 16L << 20;
        private long maxResponseBytes = 256L << 20;
        private int maxHeaderBytes = 64 << 10;
        private int maxConcurrent = Math.max(64, Runtime.getRuntime().availableProcessors() * 64);
        private int queueLength = 1024;
        private Duration queueTimeout = Duration.ofSeconds(10);
        private int retryAfterSeconds = 1;
        private Duration readIdleTimeout = Duration.ofSeconds(30);
        private Duration writeIdleTimeout = Duration.ofSeconds(30);
        private Duration drainTimeout = Duration.ofSeconds(30);
        private int stdinBufferBytes = 256 << 10;
        private String serverSoftware = "wasix4j";
        private Consumer<String> accessLog = NO_LOG;
        private Consumer<String> errorLog = System.err::println;

        /**
         * Where each request's process settings start from: environment, mounts, cwd, thread mode,
         * sockets. The server sets argv (unless given), the CGI variables, stdio and the limits on top.
         */
        public Builder processOptions(Supplier<ProcessOptions.Builder> base) {
            this.baseOptions = Objects.requireNonNull(base);
            return this;
        }

        /** Wall time of one guest; past it the guest is stopped and the client gets 504. Default 30 s. */
        public Builder requestTimeout(Duration d) {
            this.requestTimeout = positive(d, "requestTimeout");
            return this;
        }

        /** Memory of one guest, in 64 KiB pages (default 4096: 256 MiB); past it memory.grow fails. */
        public Builder maxMemoryPages(int pages) {
            this.maxMemoryPages = atLeast(pages, 1, "maxMemoryPages");
            return this;
        }

        /** Live threads of one guest, main included (default 64); past it thread spawns fail with EAGAIN. */
        public Builder maxThreads(int n) {
            this.maxThreads = atLeast(n, 1, "maxThreads");
            return this;
        }

        /** Largest request body (default 16 MiB); a larger one gets 413. */
        public Builder maxRequestBody(long bytes) {
            this.maxRequestBody = atLeast(bytes, 0, "maxRequestBody");
            return this;
        }

        /** Largest response body a guest may write (default 256 MiB); past it the response is cut off. */
        public Builder maxResponseBytes(long bytes) {
            this.maxResponseBytes = atLeast(bytes, 0, "maxResponseBytes");
            return this;
        }

        /** Largest CGI header block a guest may write before its body (default 64 KiB); past it, 502. */
        public Builder maxHeaderBytes(int bytes) {
            this.maxHeaderBytes = atLeast(bytes, 256, "maxHeaderBytes");
            return this;
        }

        /** Guests running at once (default 64 per processor). */
        public Builder maxConcurrent(int n) {
            this.maxConcurrent = atLeast(n, 1, "maxConcurrent");
            return this;
        }

        /** Requests waiting for a guest slot (default 1024); past it, 503 with Retry-After at once. */
        public Builder queueLength(int n) {
            this.queueLength = atLeast(n, 0, "queueLength");
            return this;
        }

        /** Longest wait in the queue (default 10 s); past it, 503. */
        public Builder queueTimeout(Duration d) {
            this.queueTimeout = positive(d, "queueTimeout");
            return this;
        }

        /** Retry-After seconds on a 503 (default 1). */
        public Builder retryAfterSeconds(int s) {
            this.retryAfterSeconds = atLeast(s, 0, "retryAfterSeconds");
            return this;
        }

        /**
         * How long a client may send nothing while the server waits for it (next request on a kept-alive
         * connection, or more of a request body); then the connection closes and its guest stops.
         */
        public Builder readIdleTimeout(Duration d) {
            this.readIdleTimeout = positive(d, "readIdleTimeout");
            return this;
        }

        /** How long a client may leave the server's output untaken; then the connection closes and its guest stops. */
        public Builder writeIdleTimeout(Duration d) {
            this.writeIdleTimeout = positive(d, "writeIdleTimeout");
            return this;
        }

        /** On close, how long requests in flight may take to finish before their guests are stopped. */
        public Builder drainTimeout(Duration d) {
            this.drainTimeout = Objects.requireNonNull(d);
            return this;
        }

        /** Request body buffered ahead of the guest's stdin (default 256 KiB); then the socket is not read. */
        public Builder stdinBufferBytes(int bytes) {
            this.stdinBufferBytes = atLeast(bytes, 1024, "stdinBufferBytes");
            return this;
        }

        public Builder serverSoftware(String s) {
            this.serverSoftware = Objects.requireNonNull(s);
            return this;
        }

        /** Receives one line per request (combined log format plus the time taken in ms); none by default. */
        public Builder accessLog(Consumer<String> log) {
            this.accessLog = Objects.requireNonNull(log);
            return this;
        }

        /** No access log. */
        public Builder noAccessLog() {
            this.accessLog = NO_LOG;
            return this;
        }

        /** Receives the guests' stderr, line by line, and the server's own errors. */
        public Builder errorLog(Consumer<String> log) {
            this.errorLog = Objects.requireNonNull(log);
            return this;
        }

        /** Both logs to one stream. */
        public Builder logTo(PrintStream out) {
            return accessLog(out::println).errorLog(out::println);
        }

        public ServerConfig build() {
            return new ServerConfig(this);
        }

        private static Duration positive(Duration d, String what) {
            if (d == null || d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(what + " must be positive");
            }
            return d;
        }

        private static int atLeast(int v, int min, String what) {
            if (v < min) {
                throw new IllegalArgumentException(what + " must be at least " + min + ", got " + v);
            }
            return v;
        }

        private static long atLeast(long v, long min, String what) {
            if (v < min) {
                throw new IllegalArgumentException(what + " must be at least " + min + ", got " + v);
            }
            return v;
        }
    }
}
