package dev.wasix4j.cli;

import dev.wasix4j.core.Engine;
import dev.wasix4j.core.ProcessOptions;
import dev.wasix4j.sockets.NetworkPolicy;
import dev.wasix4j.core.WasixException;
import dev.wasix4j.core.WasixProgram;
import dev.wasix4j.core.process.ExitCodes;
import dev.wasix4j.fs.MountException;
import dev.wasix4j.fs.MountSpec;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code wasix run [options] program.wasm [args...]}: flags follow wasmer's run command. */
@Command(name = "run", mixinStandardHelpOptions = true, description = "Run a WebAssembly program.")
final class RunCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "PROGRAM", description = "the .wasm file to run")
    Path program;

    @Parameters(index = "1..*", paramLabel = "ARGS", description = "arguments passed to the program")
    List<String> programArgs = new ArrayList<>();

    @Option(names = "--env", paramLabel = "KEY=VALUE", description = "set an environment variable for the program (repeatable)")
    List<String> env = new ArrayList<>();

    @Option(names = "--interpreter", description = "run with Chicory's interpreter instead of compiling to JVM bytecode")
    boolean interpreter;

    @Option(names = "--trace", description = "print every syscall with its arguments, result and duration to stderr")
    boolean trace;

    @Option(names = "--debug", description = "print Java stack traces for host errors")
    boolean debug;

    @Option(names = "--volume", paramLabel = "HOST[:GUEST]",
            description = "mount a host directory at a guest path (repeatable); '.' alone mounts the current directory at /home")
    List<String> volumes = new ArrayList<>();

    @Option(names = "--mapdir", paramLabel = "GUEST:HOST", description = "mount HOST at GUEST (wasmer's older spelling; repeatable)")
    List<String> mapdirs = new ArrayList<>();

    @Option(names = "--dir", paramLabel = "HOST", description = "mount a host directory at the same guest path; '.' means /home (repeatable)")
    List<String> dirs = new ArrayList<>();

    @Option(names = "--cwd", paramLabel = "GUEST", description = "the program's working directory (default /home)")
    String cwd;

    @Option(names = "--timeout", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "stop the program after this long (e.g. 30s, 500ms, 2m); exit code 124")
    java.time.Duration timeout;

    @Option(names = "--max-threads", paramLabel = "N",
            description = "most guest threads alive at once, main included (default ${DEFAULT-VALUE}); spawning more fails with EAGAIN")
    int maxThreads = dev.wasix4j.threads.ThreadLimits.DEFAULT_MAX_THREADS;

    @Option(names = "--thread-mode", paramLabel = "MODE",
            description = "virtual (default: cheap threads, progress through blocking calls and atomics) or platform (OS time-slicing)")
    dev.wasix4j.threads.ThreadMode threadMode = dev.wasix4j.threads.ThreadMode.VIRTUAL;

    @Option(names = "--net", description = "give the program the host's network (off by default: socket calls answer ENOTSUP)")
    boolean net;

    @Option(names = "--net-allow", paramLabel = "RULE",
            description = "allow only this network (repeatable): ADDRESS:PORTS such as 127.0.0.1:8080, [::1]:*, loopback:*, "
                    + "10.0.0.0/8:1000-2000, or dns:NAME for lookups; other addresses answer EPERM")
    List<String> netAllow = new ArrayList<>();

    private InputStream in;
    private OutputStream out;
    private OutputStream err;
    private boolean terminal;

    void streams(InputStream in, OutputStream out, OutputStream err, boolean terminal) {
        this.in = in;
        this.out = out;
        this.err = err;
        this.terminal = terminal;
    }

    static boolean debugRequested(String[] args) {
        for (String a : args) {
            if (a.equals("--debug")) {
                return true;
            }
        }
        return false;
    }

    @Override
    public Integer call() {
        var errors = new PrintStream(err, true, StandardCharsets.UTF_8);
        var options = ProcessOptions.builder()
                .stdin(in)
                .stdout(out)
                .stderr(err)
                .terminal(terminal, terminal, terminal);
        var argv = new ArrayList<String>();
        argv.add(program.toString());
        argv.addAll(programArgs);
        options.args(argv);
        for (String e : env) {
            int eq = e.indexOf('=');
            if (eq <= 0) {
                errors.println("wasix4j: --env needs KEY=VALUE, got '" + e + "'");
                return WasixCli.USAGE;
            }
            options.env(e.substring(0, eq), e.substring(eq + 1));
        }
        if (trace) {
            options.trace(errors);
        }
        if (maxThreads < 1) {
            errors.println("wasix4j: --max-threads must be at least 1, got " + maxThreads);
            return WasixCli.USAGE;
        }
        options.maxThreads(maxThreads).threadMode(threadMode).timeout(timeout);
        try {
            volumes.forEach(v -> options.mount(MountSpec.parseVolume(v)));
            mapdirs.forEach(v -> options.mount(MountSpec.parseMapdir(v)));
            dirs.forEach(v -> options.mount(MountSpec.parseDir(v)));
        } catch (MountException e) {
            errors.println("wasix4j: " + e.getMessage());
            return WasixCli.USAGE;
        }
        if (cwd != null) {
            options.cwd(cwd);
        }
        if (net) {
            options.network(NetworkPolicy.ALLOW_ALL);
        } else if (!netAllow.isEmpty()) {
            try {
                options.network(NetworkPolicy.allow(netAllow));
            } catch (IllegalArgumentException e) {
                errors.println("wasix4j: --net-allow: " + e.getMessage());
                return WasixCli.USAGE;
            }
        }
        try {
            var prog = WasixProgram.load(program, interpreter ? Engine.INTERPRETED : Engine.COMPILED);
            return prog.run(options.build());
        } catch (WasixException e) {
            errors.println("wasix4j: " + e.getMessage());
            if (debug) {
                e.printStackTrace(errors);
            }
            return ExitCodes.CANNOT_RUN;
        }
    }
}
