package dev.wasix4j.cli;

import dev.wasix4j.core.Engine;
import dev.wasix4j.core.ProcessOptions;
import dev.wasix4j.core.WasixException;
import dev.wasix4j.core.WasixProgram;
import dev.wasix4j.core.process.ExitCodes;
import dev.wasix4j.fs.MountException;
import dev.wasix4j.fs.MountSpec;
import dev.wasix4j.server.CgiHandler;
import dev.wasix4j.server.ServerConfig;
import dev.wasix4j.server.WasixServer;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code wasix serve [options] --listen HOST:PORT program.wasm}: serves HTTP/1.1, answering every
 * request with a fresh guest of the program run as CGI (as wasmer's WCGI runner). Ctrl-C or SIGTERM
 * drains: no new connections, requests in flight finish, then the server exits.
 */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Serve HTTP, running the program once per request as CGI/1.1.")
final class ServeCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "PROGRAM", description = "the .wasm CGI program")
    Path program;

    @Parameters(index = "1..*", paramLabel = "ARGS", description = "arguments passed to the program on every request")
    List<String> programArgs = new ArrayList<>();

    @Option(names = {"--listen", "--addr"}, paramLabel = "HOST:PORT",
            description = "address to listen on (default ${DEFAULT-VALUE}; port 0 picks a free one)")
    String listen = "127.0.0.1:8000";

    @Option(names = "--env", paramLabel = "KEY=VALUE", description = "set an environment variable for the program (repeatable)")
    List<String> env = new ArrayList<>();

    @Option(names = "--volume", paramLabel = "HOST[:GUEST]", description = "mount a host directory (repeatable)")
    List<String> volumes = new ArrayList<>();

    @Option(names = "--mapdir", paramLabel = "GUEST:HOST", description = "mount HOST at GUEST (repeatable)")
    List<String> mapdirs = new ArrayList<>();

    @Option(names = "--dir", paramLabel = "HOST", description = "mount a host directory at the same guest path (repeatable)")
    List<String> dirs = new ArrayList<>();

    @Option(names = "--cwd", paramLabel = "GUEST", description = "the program's working directory (default /home)")
    String cwd;

    @Option(names = "--interpreter", description = "run with Chicory's interpreter instead of compiling to JVM bytecode")
    boolean interpreter;

    @Option(names = "--debug", description = "print Java stack traces for host errors")
    boolean debug;

    @Option(names = "--timeout", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "wall time of one request's guest (default 30s); past it the client gets 504")
    Duration timeout = Duration.ofSeconds(30);

    @Option(names = "--max-threads", paramLabel = "N", description = "guest threads per request (default ${DEFAULT-VALUE})")
    int maxThreads = 64;

    @Option(names = "--max-memory", paramLabel = "SIZE", converter = SizeConverter.class,
            description = "guest memory per request, e.g. 64M (default 256M); past it memory.grow fails")
    long maxMemory = 256L << 20;

    @Option(names = "--max-body", paramLabel = "SIZE", converter = SizeConverter.class,
            description = "largest request body (default 16M); larger gets 413")
    long maxBody = 16L << 20;

    @Option(names = "--max-response", paramLabel = "SIZE", converter = SizeConverter.class,
            description = "largest response body (default 256M); past it the response is cut off")
    long maxResponse = 256L << 20;

    @Option(names = "--max-concurrent", paramLabel = "N", description = "guests running at once (default 64 per processor)")
    Integer maxConcurrent;

    @Option(names = "--queue", paramLabel = "N", description = "requests waiting for a guest (default ${DEFAULT-VALUE}); past it, 503")
    int queue = 1024;

    @Option(names = "--idle-timeout", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "a client silent this long while the server waits on it is dropped (default 30s)")
    Duration idleTimeout = Duration.ofSeconds(30);

    @Option(names = "--drain-timeout", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "on shutdown, how long requests in flight may take to finish (default 30s)")
    Duration drainTimeout = Duration.ofSeconds(30);

    @Option(names = "--access-log", paramLabel = "FILE", description = "access log file, '-' for stdout (default), 'off' for none")
    String accessLog = "-";

    private OutputStream out;
    private OutputStream err;

    void streams(OutputStream out, OutputStream err) {
        this.out = out;
        this.err = err;
    }

    /** The JDK's property for the number of virtual-thread carriers. */
    static final String CARRIERS = "jdk.virtualThreadScheduler.parallelism";

    /**
     * Leaves a processor to Netty's event loops: one carrier fewer than processors (at least one), unless
     * {@code -Djdk.virtualThreadScheduler.parallelism} says otherwise. With a carrier per processor, guests
     * computing on every core made the event loops (reading requests, writing answers) wait for a CPU
     * slice: at 64 connections on 2 cores p99 was 150-160 ms, against 29-50 ms with one carrier, at the
     * same requests/s (docs/performance.md). Only effective before the JVM's first virtual thread: the
     * scheduler reads the property once.
     */
    static void reserveProcessorForEventLoops() {
        if (System.getProperty(CARRIERS) == null) {
            System.setProperty(CARRIERS, Integer.toString(Math.max(1, Runtime.getRuntime().availableProcessors() - 1)));
        }
    }

    @Override
    public Integer call() throws Exception {
        reserveProcessorForEventLoops();
        var errors = new PrintStream(err, true, StandardCharsets.UTF_8);
        InetSocketAddress address;
        try {
            address = parseListen(listen);
        } catch (IllegalArgumentException e) {
            errors.println("wasix4j: " + e.getMessage());
            return WasixCli.USAGE;
        }
        var base = new ArrayList<java.util.function.Consumer<ProcessOptions.Builder>>();
        for (String e : env) {
            int eq = e.indexOf('=');
            if (eq <= 0) {
                errors.println("wasix4j: --env needs KEY=VALUE, got '" + e + "'");
                return WasixCli.USAGE;
            }
            base.add(b -> b.env(e.substring(0, eq), e.substring(eq + 1)));
        }
        var mounts = new ArrayList<MountSpec>();
        try {
            volumes.forEach(v -> mounts.add(MountSpec.parseVolume(v)));
            mapdirs.forEach(v -> mounts.add(MountSpec.parseMapdir(v)));
            dirs.forEach(v -> mounts.add(MountSpec.parseDir(v)));
        } catch (MountException e) {
            errors.println("wasix4j: " + e.getMessage());
            return WasixCli.USAGE;
        }
        if (maxThreads < 1 || queue < 0 || (maxConcurrent != null && maxConcurrent < 1)) {
            errors.println("wasix4j: --max-threads and --max-concurrent must be at least 1, --queue at least 0");
            return WasixCli.USAGE;
        }
        long pages = Math.max(1, maxMemory >> 16);
        PrintStream accessOut = null;
        try {
            var config = ServerConfig.builder()
                    .processOptions(() -> {
                        var b = ProcessOptions.builder();
                        base.forEach(c -> c.accept(b));
                        mounts.forEach(b::mount);
                        if (cwd != null) {
                            b.cwd(cwd);
                        }
                        return b;
                    })
                    .requestTimeout(timeout)
                    .maxThreads(maxThreads)
                    .maxMemoryPages((int) Math.min(pages, 65536))
                    .maxRequestBody(maxBody)
                    .maxResponseBytes(maxResponse)
                    .queueLength(queue)
                    .readIdleTimeout(idleTimeout)
                    .writeIdleTimeout(idleTimeout)
                    .drainTimeout(drainTimeout)
                    .errorLog(errors::println);
            if (maxConcurrent != null) {
                config.maxConcurrent(maxConcurrent);
            }
            switch (accessLog) {
                case "off" -> config.noAccessLog();
                case "-" -> {
                    var stdout = new PrintStream(out, true, StandardCharsets.UTF_8);
                    config.accessLog(stdout::println);
                }
                default -> {
                    try {
                        accessOut = new PrintStream(new FileOutputStream(accessLog, true), true, StandardCharsets.UTF_8);
                    } catch (IOException e) {
                        errors.println("wasix4j: cannot open the access log " + accessLog + ": " + e.getMessage());
                        return ExitCodes.CANNOT_RUN;
                    }
                    config.accessLog(accessOut::println);
                }
            }
            var prog = WasixProgram.load(program, interpreter ? Engine.INTERPRETED : Engine.COMPILED);
            prog.machineFactory(); // compile now, not on the first request
            var argv = new ArrayList<String>();
            argv.add(program.getFileName().toString());
            argv.addAll(programArgs);
            var cgi = new CgiHandler(prog, config.build(), argv);
            WasixServer server;
            try {
                server = WasixServer.start(cgi, address);
            } catch (RuntimeException e) {
                errors.println("wasix4j: cannot listen on " + listen + ": " + e.getMessage());
                return ExitCodes.CANNOT_RUN;
            }
            Thread hook = new Thread(() -> {
                errors.println("wasix serve: shutting down, draining " + cgi.inFlight() + " request(s)");
                server.close();
            }, "wasix-serve-shutdown");
            Runtime.getRuntime().addShutdownHook(hook);
            var a = server.address();
            errors.println("wasix serve: " + program + " on http://" + a.getHostString() + ":" + a.getPort() + "/");
            server.awaitClosed();
            errors.println("wasix serve: stopped; " + cgi.metrics());
            return 0;
        } catch (WasixException e) {
            errors.println("wasix4j: " + e.getMessage());
            if (debug) {
                e.printStackTrace(errors);
            }
            return ExitCodes.CANNOT_RUN;
        } catch (IllegalArgumentException e) {
            errors.println("wasix4j: " + e.getMessage());
            return WasixCli.USAGE;
        } finally {
            if (accessOut != null) {
                accessOut.close();
            }
        }
    }

    static InetSocketAddress parseListen(String s) {
        int colon = s.lastIndexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException("--listen needs HOST:PORT, got '" + s + "'");
        }
        String host = s.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port;
        try {
            port = Integer.parseInt(s.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--listen needs a numeric port, got '" + s + "'");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("--listen port out of range: " + port);
        }
        return new InetSocketAddress(host.isEmpty() ? "0.0.0.0" : host, port);
    }

    /** Reads "1048576", "64k", "64M", "1G" (binary units). */
    static final class SizeConverter implements ITypeConverter<Long> {
        @Override
        public Long convert(String value) {
            String v = value.trim().toUpperCase(Locale.ROOT);
            if (v.endsWith("B")) {
                v = v.substring(0, v.length() - 1);
            }
            int shift = 0;
            if (v.endsWith("K")) {
                shift = 10;
            } else if (v.endsWith("M")) {
                shift = 20;
            } else if (v.endsWith("G")) {
                shift = 30;
            }
            if (shift > 0) {
                v = v.substring(0, v.length() - 1);
            }
            try {
                long n = Long.parseLong(v);
                if (n < 0) {
                    throw new TypeConversionException("'" + value + "' is negative");
                }
                return n << shift;
            } catch (NumberFormatException e) {
                throw new TypeConversionException("'" + value + "' is not a size like 64M, 512k or 1G");
            }
        }
    }
}
