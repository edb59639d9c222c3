package dev.wasix4j.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wasix4j.core.testing.GuestRun;
import dev.wasix4j.core.testing.Guests;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Processes inside one JVM, driven by guests/procs/procs.c as a user's program would drive
 * them: posix_spawn with file actions, exec, waitpid, pipes between processes, CLOEXEC, a
 * trapping child, ENOEXEC/ENOENT, fork. The children are the same program, served to spawn at
 * /bin/procs.wasm by the embedder ({@link ProcessOptions.Builder#program}).
 */
@Timeout(300)
class ProcessesTest {
    private static final String SELF = "/bin/procs.wasm";

    private static GuestRun run(String guest, String... args) {
        return GuestRun.of("procs/" + guest, Engine.COMPILED, b -> b.program(SELF, Guests.path("procs/procs.wasm")), args);
    }

    private static String seen(GuestRun r) {
        return "exit " + r.exitCode() + "\nstdout:\n" + r.stdout() + "\nstderr:\n" + r.stderr();
    }

    private static void assertOk(GuestRun r, String what) {
        assertEquals(0, r.exitCode(), seen(r));
        assertTrue(r.stdout().contains("ok " + what + "\n"), seen(r));
    }

    @Test
    void spawnAppliesOpenDup2CloseAndChdirActionsAndPassesArgsAndEnvironment() {
        assertOk(run("procs.wasm", "spawn-actions"), "spawn-actions");
    }

    @Test
    void execKeepsThePidAndDescriptorsButClosesCloseOnExecOnes() {
        var r = run("procs.wasm", "exec");
        assertOk(r, "exec");
        assertEquals("before exec\nok exec\n", r.stdout(), seen(r));
    }

    @Test
    void waitpidWithWnohangSeesARunningChildAndWaitAnyReapsEachChildOnce() {
        assertOk(run("procs.wasm", "wait"), "wait");
    }

    @Test
    void pipesBetweenProcessesCarryEveryByteAndEndWhenTheLastWriterCloses() {
        assertOk(run("procs.wasm", "pipes"), "pipes");
    }

    @Test
    void aTrappingChildEndsAloneAndItsParentSeesSigabrt() {
        var r = run("procs.wasm", "trap-child");
        assertOk(r, "trap");
        assertTrue(r.stderr().contains("trapped"), seen(r));
    }

    @Test
    void killReachesAnotherProcessAndItsDefaultActionEndsItSignalled() {
        assertOk(run("procs.wasm", "kill-child"), "kill");
    }

    @Test
    void notWebAssemblyIsEnoexecMissingIsEnoentAndPathSearchFindsPrograms() {
        assertOk(run("procs.wasm", "errors"), "errors");
    }

    @Test
    void forkCopiesMemoryAndSharesOpenFileDescriptions() {
        assertOk(run("procs.wasm", "fork"), "fork");
    }

    @Test
    void aForkChildStartsWithoutItsParentsContextsAndAVforkChildHasNone() {
        assertOk(run("procs.wasm", "fork-contexts"), "fork-contexts");
    }

    @Test
    void forkOfAProgramThatIsNotAsyncifiedAnswersEnotsup() {
        var r = run("procs.plain.wasm", "fork-refused");
        assertEquals(0, r.exitCode(), seen(r));
        assertEquals("fork answered 58\n", r.stdout(), seen(r));
    }

    @Test
    void theProcessLimitMakesSpawnAnswerEagain() {
        var out = new ByteArrayOutputStream();
        int code = WasixProgram.load(Guests.path("procs/procs.wasm"), Engine.COMPILED).run(ProcessOptions.builder()
                .args(List.of("procs", "limit"))
                .program(SELF, Guests.path("procs/procs.wasm"))
                .maxProcesses(1)
                .stdout(out)
                .build());
        assertEquals(0, code);
        assertEquals("spawn answered 6\n", out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void theTopLevelProcessEndingEndsTheRunAndKillsChildrenStillRunning() {
        var r = run("procs.wasm", "orphan");
        assertEquals(0, r.exitCode(), seen(r));
        assertTrue(r.stdout().startsWith("leaving child "), seen(r));
    }

    @Test
    void programsCanComeFromBytesTheEmbedderHolds() throws Exception {
        byte[] wasm = java.nio.file.Files.readAllBytes(Guests.path("procs/procs.wasm"));
        var out = new ByteArrayOutputStream();
        int code = WasixProgram.fromBytes("procs", wasm, Engine.COMPILED).run(ProcessOptions.builder()
                .args(List.of("procs", "wait"))
                .program(SELF, wasm)
                .stdout(out)
                .build());
        assertEquals(0, code, out.toString(StandardCharsets.UTF_8));
        assertEquals("ok wait\n", out.toString(StandardCharsets.UTF_8));
    }
}
