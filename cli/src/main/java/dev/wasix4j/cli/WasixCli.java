package dev.wasix4j.cli;

import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code wasix} command. Usage errors are one line and exit 2; guest exit codes pass through.
 * Tests call {@link #execute} with their own streams, the launcher calls {@link #main}.
 */
@Command(
        name = "wasix",
        mixinStandardHelpOptions = true,
        versionProvider = Version.class,
        description = "Runs WASIX and WASI programs on the JVM.",
        subcommands = {RunCommand.class, ServeCommand.class})
public final class WasixCli implements Runnable {
    /** Usage errors, as most Unix tools report them. */
    static final int USAGE = 2;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** wasmer takes -q before the command too ({@code $WASMER -q run ...}). */
    @CommandLine.Option(names = {"-q", "--quiet"}, description = "print nothing but errors")
    boolean quiet;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing command: try 'wasix run program.wasm'");
    }

    public static void main(String[] args) {
        Prefetch.start(args); // the program loads on a second core while picocli parses
        var out = new FileOutputStream(FileDescriptor.out);
        var err = new FileOutputStream(FileDescriptor.err);
        var console = System.console();
        boolean tty = console != null && console.isTerminal();
        System.exit(execute(args, new FileInputStream(FileDescriptor.in), out, err, tty));
    }

    /** Runs the command line; returns the exit code. Nothing here calls System.exit. */
    public static int execute(String[] args, InputStream in, OutputStream out, OutputStream err, boolean terminal) {
        var errors = new PrintStream(err, true, StandardCharsets.UTF_8);
        var stdout = new PrintStream(out, true, StandardCharsets.UTF_8);
        var cli = new CommandLine(new WasixCli());
        boolean debug = RunCommand.debugRequested(args);
        var run = cli.getSubcommands().get("run");
        ((RunCommand) run.getCommand()).streams(in, out, err, terminal);
        // options may follow the program, as with wasmer; "--" ends them
        run.setStopAtPositional(false);
        run.setUnmatchedOptionsArePositionalParams(false);
        run.setCaseInsensitiveEnumValuesAllowed(true);
        var serve = cli.getSubcommands().get("serve");
        ((ServeCommand) serve.getCommand()).streams(out, err);
        serve.setStopAtPositional(true);
        cli.setOut(new java.io.PrintWriter(stdout, true));
        cli.setErr(new java.io.PrintWriter(errors, true));
        cli.setParameterExceptionHandler((e, a) -> {
            String hint = e instanceof CommandLine.UnmatchedArgumentException
                    ? "; to pass it to the program, put it after '--'" : "";
            errors.println("wasix4j: " + e.getMessage() + hint + " (see 'wasix run --help')");
            return USAGE;
        });
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            errors.println("wasix4j: internal error: " + e);
            if (debug) {
                e.printStackTrace(errors);
            }
            return dev.wasix4j.core.process.ExitCodes.HOST_FAILURE;
        });
        // `wasix program.wasm …` is `wasix run program.wasm …`, as with wasmer.
        int first = 0;
        while (first < args.length && (args[first].equals("-q") || args[first].equals("--quiet"))) {
            first++;
        }
        if (first < args.length && args[first].equals("package")) {
            // wasmer builds .webc containers; wasix4j runs the package directory itself
            errors.println("wasix4j: 'package' is not supported (wasix4j reads no .webc); run the package directory instead: wasix run DIR");
            return USAGE;
        }
        if (first < args.length && args[first].endsWith(".wasm")) {
            String[] withRun = new String[args.length + 1];
            System.arraycopy(args, 0, withRun, 0, first);
            withRun[first] = "run";
            System.arraycopy(args, first, withRun, first + 1, args.length - first);
            args = withRun;
        }
        return cli.execute(args);
    }
}
