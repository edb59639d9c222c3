package dev.wasix4j.cli;

import dev.wasix4j.core.Engine;
import dev.wasix4j.core.ProcessOptions;
import dev.wasix4j.sockets.NetworkPolicy;
import dev.wasix4j.core.WasixException;
import dev.wasix4j.core.WasixProcess;
import dev.wasix4j.core.WasixProgram;
import dev.wasix4j.core.cache.CodeCache;
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

/**
 * {@code wasix run [options] program.wasm [args...]}: flags and their spellings follow wasmer's run
 * command. As with wasmer (clap), options are recognised before and after the program; {@code --}
 * ends them, and an unknown option is a usage error rather than an argument for the guest.
 */
@Command(name = "run", mixinStandardHelpOptions = true, description = "Run a WebAssembly program.")
final class RunCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "PROGRAM",
            description = "the .wasm file to run, or a directory (or wasmer.toml) of a wasmer package")
    Path program;

    @Parameters(index = "1..*", paramLabel = "ARGS", description = "arguments passed to the program (put them after -- if they start with -)")
    List<String> programArgs = new ArrayList<>();

    @Option(names = "--env", paramLabel = "KEY=VALUE", description = "set an environment variable for the program (repeatable)")
    List<String> env = new ArrayList<>();

    @Option(names = "--forward-host-env", description = "give the program the host's environment too (--env wins)")
    boolean forwardHostEnv;

    @Option(names = "--interpreter", description = "run with Chicory's interpreter instead of compiling to JVM bytecode")
    boolean interpreter;

    @Option(names = "--trace", description = "print every syscall with its arguments, result and duration to stderr")
    boolean trace;

    @Option(names = "--debug", description = "print Java stack traces for host errors, and how the code was compiled (cache hit, time)")
    boolean debug;

    @Option(names = {"-q", "--quiet"}, description = "print nothing but errors (wasix4j prints nothing else anyway)")
    boolean quiet;

    @Option(names = {"-e", "--entrypoint", "--command", "--invoke", "--command-name"}, paramLabel = "NAME",
            description = "which command of a wasmer package to run")
    String entrypoint;

    @Option(names = {"--llvm", "--cranelift", "--singlepass"}, hidden = true,
            description = "wasmer's compiler choice: accepted and ignored (wasix4j compiles with Chicory)")
    boolean[] backend;
    @Option(names = "--no-cache", description = "compile the module afresh: neither read nor write the compiled-code cache")
    boolean noCache;

    @Option(names = {"--enable-threads", "--enable-simd", "--enable-bulk-memory", "--enable-reference-types",
            "--enable-multi-value", "--enable-tail-call", "--enable-module-linking", "--enable-multi-memory",
            "--enable-memory64", "--enable-exceptions", "--enable-relaxed-simd", "--enable-extended-const",
            "--enable-all", "--no-tty"}, hidden = true,
            description = "wasmer's feature switches: accepted and ignored (Chicory decides what it supports, and a module using what it lacks is refused in one line)")
    boolean[] wasmerSwitches;

    @Option(names = "--volume", paramLabel = "HOST[:GUEST]",
            description = "mount a host directory at a guest path (repeatable); '.' alone mounts the current directory at /home")
    List<String> volumes = new ArrayList<>();

    @Option(names = "--mapdir", paramLabel = "GUEST:HOST",
            description = "mount HOST at GUEST (wasmer's older spelling, also GUEST::HOST; repeatable)")
    List<String> mapdirs = new ArrayList<>();

    @Option(names = "--dir", paramLabel = "HOST", description = "mount a host directory at the same guest path; '.' means /home (repeatable)")
    List<String> dirs = new ArrayList<>();

    @Option(names = "--cwd", paramLabel = "GUEST",
            description = "the program's working directory (default /home when a directory is mounted there, else /)")
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
            if (a.equals("--")) {
                return false; // the program's own arguments follow
            }
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
                // stdout and stderr read as terminals wherever they go, as wasmer reports fds 1 and 2
                // (character devices that cannot seek): libc line-buffers stdout, so a file or pipe
                // gets the output line by line, and programs tested with wasmer behave the same.
                // stdin stays truthful: a shell or REPL must not turn interactive on piped input.
                .terminal(terminal, true, true);
        WasmerManifest manifest = null;
        Path module = program;
        var argv = new ArrayList<String>();
        var mounts = new ArrayList<MountSpec>();
        try {
            if (WasmerManifest.isPackage(program)) {
                manifest = WasmerManifest.read(program, entrypoint);
                module = manifest.module();
                argv.add(manifest.command());
                argv.addAll(manifest.mainArgs());
                mounts.addAll(manifest.mounts());
            } else {
                argv.add(program.toString());
            }
        } catch (WasmerManifest.ManifestException e) {
            errors.println("wasix4j: " + e.getMessage());
            return ExitCodes.CANNOT_RUN;
        }
        argv.addAll(programArgs);
        options.args(argv);
        if (forwardHostEnv) {
            System.getenv().forEach((k, v) -> {
                if (!k.isEmpty() && k.indexOf('=') < 0) {
                    options.env(k, v);
                }
            });
        }
        var environment = new ArrayList<String>(manifest == null ? List.of() : manifest.env());
        environment.addAll(env);
        for (String e : environment) {
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
            dirs.forEach(v -> mounts.add(MountSpec.parseDir(v)));
            mapdirs.forEach(v -> mounts.add(MountSpec.parseMapdir(v)));
            volumes.forEach(v -> mounts.add(MountSpec.parseVolume(v)));
        } catch (MountException e) {
            errors.println("wasix4j: " + e.getMessage());
            return WasixCli.USAGE;
        }
        mounts.forEach(options::mount);
        options.cwd(workingDirectory(mounts, cwd, manifest == null ? null : manifest.cwd()));
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
            Engine engine = interpreter ? Engine.INTERPRETED : Engine.COMPILED;
            var prog = Prefetch.take(module, engine, noCache);
            if (prog == null) {
                prog = WasixProgram.load(module, engine, noCache ? CodeCache.disabled() : CodeCache.defaultCache());
            }
            reportCompilation(prog, errors);
            WasixProcess process = prog.start(options.build());
            try (var forwarding = HostSignals.forward(process, errors)) {
                return process.waitFor();
            } catch (IllegalStateException e) {
                // run() on another thread: a program the host cannot run surfaces wrapped
                if (e.getCause() instanceof WasixException w) {
                    throw w;
                }
                throw e;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.kill();
                return ExitCodes.KILLED;
            }
        } catch (WasixException e) {
            errors.println("wasix4j: " + e.getMessage());
            if (debug) {
                e.printStackTrace(errors);
            }
            return ExitCodes.CANNOT_RUN;
        }
    }

    /**
     * wasmer's choice: "/" unless a host directory is mounted at /home (then /home), then --cwd,
     * then the package's own cwd.
     */
    static String workingDirectory(List<MountSpec> mounts, String cwdOption, String packageCwd) {
        String dir = mounts.stream().anyMatch(m -> m.guestPath().equals(MountSpec.HOME)) ? MountSpec.HOME : "/";
        if (cwdOption != null) {
            dir = cwdOption;
        }
        if (packageCwd != null) {
            dir = packageCwd;
        }
        return dir.startsWith("/") ? dir : "/" + dir;
    }

    /** Compiles now (not inside the first instance) so --debug can say how, and warns of interpreted functions. */
    private void reportCompilation(WasixProgram prog, PrintStream errors) {
        prog.compileReport().ifPresent(report -> {
            if (debug) {
                report.debugLines().forEach(line -> errors.println("wasix4j: " + line));
            }
            report.interpreterWarning().ifPresent(w -> errors.println("wasix4j: " + w));
        });
    }
}
