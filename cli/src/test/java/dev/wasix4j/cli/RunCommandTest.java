package dev.wasix4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wasix4j.core.testing.Guests;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The `wasix run` command as a user types it: stdout, stderr and exit code. */
@Timeout(60)
class RunCommandTest {

    record Result(int code, String out, String err) {
        /** Bad input is reported in one line, without a Java stack trace. */
        void assertOneLineError(String fragment) {
            assertTrue(code != 0, "exit code must be non-zero");
            assertEquals(1, err.strip().lines().count(), "one line on stderr, got:\n" + err);
            assertTrue(err.contains(fragment), "stderr should mention '" + fragment + "', got: " + err);
            assertFalse(err.contains("\tat "), "no stack trace: " + err);
        }
    }

    static Result wasixWithStdin(String stdin, String... args) {
        var out = new ByteArrayOutputStream();
        var err = new ByteArrayOutputStream();
        int code = WasixCli.execute(args, new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)), out, err, false);
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    static Result wasix(String... args) {
        return wasixWithStdin("", args);
    }

    static String guest(String relative) {
        return Guests.path(relative).toString();
    }

    @Test
    void helloPrintsItsGreetingAndExitsZero() {
        var r = wasix("run", guest("basic/hello.wasm"));
        assertEquals("Hello, world from wasix4j!\n", r.out());
        assertEquals("", r.err());
        assertEquals(0, r.code());
    }

    @Test
    void stdoutAndStderrReadAsTerminalsAsWithWasmerButPipedStdinDoesNot() {
        var r = wasix("run", guest("basic/stdio_tty.wasm"));
        assertEquals("isatty 0 1 1\n", r.out(), r.err());
        assertEquals(0, r.code());
    }

    @Test
    void stdoutIsLineBufferedSoALinePrintedBeforeATrapIsKept() {
        var r = wasix("run", guest("basic/stdio_tty.wasm"), "--", "trap");
        assertEquals("isatty 0 1 1\nbefore the trap\n", r.out(), r.err());
        assertTrue(r.code() != 0, "the trap ends the program");
    }

    @Test
    void helloRunsOnTheInterpreterToo() {
        var r = wasix("run", "--interpreter", guest("basic/hello.wasm"));
        assertEquals("Hello, world from wasix4j!\n", r.out());
        assertEquals(0, r.code());
    }

    @Test
    void programPathAloneMeansRun() {
        var r = wasix(guest("basic/hello.wasm"));
        assertEquals("Hello, world from wasix4j!\n", r.out());
    }

    @Test
    void argumentsAndEnvironmentReachTheGuest() {
        String prog = guest("basic/args_env.wasm");
        var r = wasix("run", "--env", "GREETING=hi there", "--env", "EMPTY=", prog, "one", "two words", "--", "--env", "x=y");
        assertEquals(0, r.code(), r.err());
        List<String> lines = r.out().lines().toList();
        assertEquals(List.of("argc=5", "argv[0]=" + prog, "argv[1]=one", "argv[2]=two words", "argv[3]=--env",
                "argv[4]=x=y"), lines.subList(0, 6));
        var env = new ArrayList<>(lines.subList(6, lines.size()));
        assertEquals(List.of("env:GREETING=hi there", "env:EMPTY=", "env:PWD=/"), env,
                "nothing mounted at /home: the program starts in /, as under wasmer");
    }

    @Test
    void exitCodeOfExitIsTheCommandsExitCode() {
        var r = wasix("run", guest("basic/exit42.wasm"));
        assertEquals(42, r.code());
        assertEquals("about to exit with 42\n", r.out(), "stdio is flushed before exit");
    }

    @Test
    void stdinReachesTheGuest() {
        var r = wasixWithStdin("line one\nline two\n", "run", guest("basic/stdin_echo.wasm"));
        assertEquals("line one\nline two\n", r.out());
        assertEquals("copied 18 bytes\n", r.err());
        assertEquals(0, r.code());
    }

    @Test
    void clocksAndRandomWork() {
        var r = wasix("run", guest("basic/clock_random.wasm"));
        assertEquals("monotonic ok\nrealtime year>=2024: yes\nrandom nonzero bytes>32: yes\n", r.out());
        assertEquals(0, r.code(), r.err());
    }

    @Test
    void aTrapEndsTheProgramWithAMessageAndNonZeroExit() {
        var r = wasix("run", guest("basic/trap.wasm"));
        assertEquals("before trap\n", r.out());
        r.assertOneLineError("unreachable");
        assertTrue(r.err().contains("trap"), r.err());
    }

    @Test
    void aBadGuestPointerIsEfaultNotACrash() {
        var r = wasix("run", guest("wat/bad_pointer.wasm"));
        assertEquals(21, r.code(), "the guest exits with the errno it got: EFAULT is 21");
        assertEquals("", r.err());
    }

    @Test
    void missingFileIsOneLine() {
        wasix("run", "no/such/program.wasm").assertOneLineError("no/such/program.wasm: no such file");
    }

    @Test
    void aFileThatIsNotWebAssemblyIsOneLine(@TempDir Path dir) throws Exception {
        Path text = dir.resolve("notes.wasm");
        Files.writeString(text, "this is not wasm\n");
        wasix("run", text.toString()).assertOneLineError("is not a WebAssembly module");
    }

    @Test
    void aTruncatedModuleIsOneLine() {
        wasix("run", guest("wat/malformed.wasm")).assertOneLineError("malformed");
    }

    @Test
    void anExceptionFromChicorysParserIsOneLineAndExit126() {
        // Chicory 1.7.5 throws NullPointerException on this body; the user sees a refusal, not "internal error"
        var r = wasix("run", guest("wat/parser_npe.wasm"));
        r.assertOneLineError("malformed module: NullPointerException");
        assertEquals(126, r.code());
    }

    @Test
    void aModuleFailingValidationIsOneLine() {
        wasix("run", guest("wat/invalid.wasm")).assertOneLineError("failed validation");
    }

    @Test
    void anImportNoHostProvidesIsNamed() {
        wasix("run", guest("wat/unknown_import.wasm")).assertOneLineError("env.launch_missiles");
    }

    @Test
    void aModuleWithoutStartIsNamed() {
        wasix("run", guest("wat/no_start.wasm")).assertOneLineError("no _start");
    }

    @Test
    void memory64IsRefusedByName() {
        wasix("run", guest("wat/memory64.wasm")).assertOneLineError("64-bit memory");
    }

    @Test
    void anUnknownFlagIsOneLineAndExitTwo() {
        var r = wasix("run", "--frobnicate", guest("basic/hello.wasm"));
        r.assertOneLineError("--frobnicate");
        assertEquals(2, r.code());
    }

    @Test
    void aMalformedEnvFlagIsOneLine() {
        var r = wasix("run", "--env", "NOEQUALS", guest("basic/hello.wasm"));
        r.assertOneLineError("--env needs KEY=VALUE");
    }

    @Test
    void traceShowsEachSyscallWithDecodedArguments() {
        var r = wasix("run", "--trace", guest("basic/hello.wasm"));
        assertEquals("Hello, world from wasix4j!\n", r.out());
        assertTrue(r.err().lines().anyMatch(l -> l.matches("\\[\\d+\\] fd_write\\(fd=1, iovs=0x[0-9a-f]+, iovs_len=\\d+, retptr0=0x[0-9a-f]+\\) = 0 SUCCESS <\\d+us>")),
                "an fd_write line, got:\n" + r.err());
    }

    @Test
    void noCommandIsAUsageError() {
        var r = wasix();
        r.assertOneLineError("missing command");
    }

    @Test
    void timeoutStopsARunawayProgramWithExit124() {
        var r = wasix("run", "--timeout", "300ms", guest("wat/forever.wasm"));
        assertEquals(124, r.code());
        assertEquals("wasix4j: time limit of 300 ms reached; process stopped\n", r.err());
    }

    @Test
    void threadModeAndLimitFlagsReachTheProcess() {
        var r = wasix("run", "--thread-mode", "platform", "--max-threads", "100", guest("threads/wasm/mutex_counter.wasm"));
        assertEquals("counter=64000\n", r.out());
        assertEquals(0, r.code(), r.err());
    }

    @Test
    void badThreadFlagsAreOneLine() {
        wasix("run", "--max-threads", "0", guest("basic/hello.wasm")).assertOneLineError("--max-threads must be at least 1");
        wasix("run", "--timeout", "soon", guest("basic/hello.wasm")).assertOneLineError("not a duration");
        wasix("run", "--thread-mode", "green", guest("basic/hello.wasm")).assertOneLineError("--thread-mode");
    }

    @Test
    void volumeMountsAHostDirectory(@TempDir Path dir) throws Exception {
        var r = wasix("run", "--volume", dir + ":/data", guest("fs/fs_ops.wasm"), "/data");
        assertEquals("fs ok\n", r.out(), r.err());
        assertTrue(Files.exists(dir.resolve("a.txt")));
    }

    @Test
    void aMissingVolumeDirectoryIsOneLine() {
        var r = wasix("run", "--volume", "/no/such/host/dir:/data", guest("basic/hello.wasm"));
        r.assertOneLineError("/no/such/host/dir");
    }

    @Test
    void aMissingWorkingDirectoryIsOneLine() {
        wasix("run", "--cwd", "/nowhere", guest("basic/hello.wasm")).assertOneLineError("/nowhere");
    }

    // ---- wasmer's command line (issue 16): scripts written for `wasmer run` work unchanged ----

    @Test
    void optionsAfterTheProgramAreWasixOptionsAndDoubleDashEndsThem(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("hello.txt"), "hi from the host\n");
        var r = wasix("run", guest("wasix/paths.wasm"), "--volume", dir + ":/data", "--", "cat", "/data/hello.txt");
        assertEquals("hi from the host\n", r.out(), r.err());
        assertEquals(0, r.code());
        var args = wasix("run", guest("basic/args_env.wasm"), "a", "--", "--volume", "-x");
        assertTrue(args.out().contains("argv[2]=--volume\nargv[3]=-x\n"), args.out());
    }

    @Test
    void anUnknownOptionAfterTheProgramIsAUsageErrorWithAHint() {
        var r = wasix("run", guest("basic/args_env.wasm"), "--frobnicate");
        r.assertOneLineError("--frobnicate");
        assertTrue(r.err().contains("after '--'"), r.err());
        assertEquals(2, r.code());
    }

    @Test
    void quietAndBackendFlagsAreAcceptedWhereWasmerScriptsPutThem() {
        for (var cmd : List.of(
                List.of("-q", "run", guest("basic/hello.wasm")),
                List.of("run", "-q", "--llvm", guest("basic/hello.wasm")),
                List.of("run", "--cranelift", "--quiet", guest("basic/hello.wasm"), "--singlepass"),
                List.of("-q", guest("basic/hello.wasm")),
                List.of("run", "--net", guest("basic/hello.wasm")),
                List.of("run", guest("basic/hello.wasm"), "--enable-threads", "--enable-all"))) {
            var r = wasix(cmd.toArray(String[]::new));
            assertEquals("Hello, world from wasix4j!\n", r.out(), cmd + ": " + r.err());
            assertEquals(0, r.code(), cmd.toString());
        }
    }

    @Test
    void wasmersPackageBuildIsRefusedInOneLine() {
        var r = wasix("-q", "package", "build", ".", "-o", "x.webc");
        r.assertOneLineError("'package' is not supported");
        assertEquals(2, r.code());
    }

    @Test
    void theRootHasWasmersDirectories() {
        var r = wasix("run", guest("wasix/paths.wasm"), "--", "write", "/bin/file", "x", "write", "/etc/conf", "y", "cat", "/bin/file");
        assertEquals("x", r.out(), r.err());
    }

    @Test
    void theProgramStartsInSlashUnlessADirectoryIsMountedAtHome(@TempDir Path dir) {
        assertEquals("cwd=/\n", wasix("run", guest("wasix/paths.wasm"), "--", "cwd").out());
        assertEquals("cwd=/\n", wasix("run", "--volume", dir + ":/data", guest("wasix/paths.wasm"), "--", "cwd").out());
        assertEquals("cwd=/home\n", wasix("run", guest("wasix/paths.wasm"), "--volume", dir + ":/home", "--", "cwd").out());
        assertEquals("cwd=/home\n", wasix("run", guest("wasix/paths.wasm"), "--mapdir", "/home::" + dir, "--", "cwd").out());
        assertEquals("cwd=/home\n", wasix("run", guest("wasix/paths.wasm"), "--mapdir=/home:" + dir, "--", "cwd").out());
        assertEquals("cwd=/data\n", wasix("run", guest("wasix/paths.wasm"), "--volume=" + dir + ":/data", "--cwd=/data", "--", "cwd").out());
    }

    @Test
    void dirDotMountsTheCurrentDirectoryAtHomeAndStartsThere() {
        // the test's working directory is the cli module, which holds pom.xml
        var r = wasix("run", guest("wasix/paths.wasm"), "--dir", ".", "--", "cwd", "cat", "pom.xml");
        assertTrue(r.out().startsWith("cwd=/home\n<?xml"), r.out() + r.err());
        var v = wasix("run", guest("wasix/paths.wasm"), "--volume=.", "--", "cat", "/home/pom.xml");
        assertTrue(v.out().startsWith("<?xml"), v.out() + v.err());
        var m = wasix("run", guest("wasix/paths.wasm"), "--volume", ".:/mount", "--", "cwd", "cat", "/mount/pom.xml");
        assertTrue(m.out().startsWith("cwd=/\n<?xml"), m.out() + m.err());
    }

    @Test
    void aRenameAcrossTwoMountsMovesTheFile(@TempDir Path one, @TempDir Path two) throws Exception {
        var r = wasix("run", guest("wasix/paths.wasm"), "--volume", one + ":/temp1", "--volume", two + ":/temp2", "--",
                "write", "/temp1/a", "hello", "mv", "/temp1/a", "/temp2/b",
                "write", "/tmp/c", "memory", "mv", "/tmp/c", "/temp1/c", "mv", "/temp2/b", "/tmp/b", "cat", "/tmp/b");
        assertEquals("hello", r.out(), r.err());
        assertEquals(0, r.code());
        assertFalse(Files.exists(one.resolve("a")));
        assertFalse(Files.exists(two.resolve("b")));
        assertEquals("memory", Files.readString(one.resolve("c")));
    }

    @Test
    void forwardHostEnvGivesTheHostEnvironment() {
        String someHostVariable = System.getenv().keySet().stream().filter(k -> k.matches("[A-Z_]+")).findFirst().orElseThrow();
        var r = wasix("run", "--forward-host-env", guest("basic/args_env.wasm"), "--env", "ADDED=1");
        assertTrue(r.out().contains("env:" + someHostVariable + "="), r.out());
        assertTrue(r.out().contains("env:ADDED=1"), r.out());
    }

    @Test
    void aWasmerPackageDirectoryRunsItsCommandWithItsMounts(@TempDir Path pkg) throws Exception {
        Files.copy(Guests.path("wasix/paths.wasm"), pkg.resolve("main.wasm"));
        Files.createDirectory(pkg.resolve("data"));
        Files.writeString(pkg.resolve("data/testfile.txt"), "Hello, Wasix!\n");
        Files.writeString(pkg.resolve("wasmer.toml"), """
                [package]
                name = "paths-test"
                version = "0.1.0"
                entrypoint = "main"

                [fs]
                "/mount" = "data"

                [[module]]
                name = "main"
                source = "./main.wasm"
                abi = "wasi"

                [[command]]
                name = "main"
                module = "main"

                [[command]]
                name = "where"
                module = "main"
                [command.annotations.wasi]
                main-args = ["cwd"]
                cwd = "/mount"
                env = ["FROM_MANIFEST=yes"]
                """);
        var r = wasix("run", pkg.toString(), "cat", "/mount/testfile.txt");
        assertEquals("Hello, Wasix!\n", r.out(), r.err());
        assertEquals(0, r.code());
        var w = wasix("run", "--entrypoint", "where", pkg.resolve("wasmer.toml").toString(), "cat", "testfile.txt");
        assertEquals("cwd=/mount\nHello, Wasix!\n", w.out(), w.err());
        // a package's files are read-only, as in a wasmer package
        var ro = wasix("run", pkg.toString(), "write", "/mount/new.txt", "x");
        assertTrue(ro.out().contains("Read-only file system"), ro.out());
        assertFalse(Files.exists(pkg.resolve("data/new.txt")));
        wasix("run", "--entrypoint", "nope", pkg.toString()).assertOneLineError("no command named \"nope\"");
    }
}
