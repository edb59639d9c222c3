package dev.wasix4j.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wasix4j.core.context.Contexts;
import dev.wasix4j.core.syscalls.ControlCalls;
import dev.wasix4j.core.testing.GuestRun;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * setjmp/longjmp on stack_checkpoint/stack_restore (asyncified guests) and WASIX green contexts,
 * run from guests/control as a user would run them.
 */
@Timeout(120)
class ControlFlowTest {
    private static GuestRun run(String guest, Engine engine, String... args) {
        return GuestRun.of("control/" + guest, engine, b -> {}, args);
    }

    private static String seen(GuestRun r) {
        return "exit " + r.exitCode() + "\nstdout:\n" + r.stdout() + "\nstderr:\n" + r.stderr();
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void setjmpReturnsZeroThenTheLongjmpValueAtAnyDepth(Engine engine) {
        String depth = engine == Engine.COMPILED ? "3000" : "200";
        var r = run("setjmp_basic.wasm", engine, depth);
        assertEquals(0, r.exitCode(), seen(r));
        assertEquals("ok first\nok zero\nok depth " + depth + "\nok nested\nok loop\nok returned\nok locals\ndone\n", r.stdout(), seen(r));
        assertEquals("", r.stderr());
    }

    @Test
    void everyThreadHasItsOwnCheckpoints() {
        var r = run("setjmp_threads.wasm", Engine.COMPILED, "8");
        assertEquals(0, r.exitCode(), seen(r));
        assertEquals("ok threads 8\n", r.stdout(), seen(r));
    }

    @Test
    void longjmpToAnotherThreadsJmpBufEndsTheProcessWithOneLine() {
        var r = run("setjmp_threads.wasm", Engine.COMPILED, "foreign");
        assertEquals(134, r.exitCode(), seen(r));
        assertEquals(1, r.stderr().lines().count(), seen(r));
        assertTrue(r.stderr().contains("longjmp to a jmp_buf this thread never saved"), seen(r));
    }

    @Test
    void aProgramThatIsNotAsyncifiedIsToldSoInOneLine() {
        var r = run("setjmp_basic.plain.wasm", Engine.COMPILED);
        assertEquals(126, r.exitCode(), seen(r));
        assertEquals("wasix4j: " + ControlCalls.NOT_ASYNCIFIED + "\n", r.stderr(), seen(r));
        assertEquals("", r.stdout());
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void contextsPingPong(Engine engine) {
        var r = run("contexts.wasm", engine, "pingpong", "2000");
        assertEquals(0, r.exitCode(), seen(r));
        assertEquals("pingpong n=2000 sum=2001000\n", r.stdout(), seen(r));
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void aContextCreatesSwitchesToAndDestroysAnother(Engine engine) {
        var r = run("contexts.wasm", engine, "chain");
        assertEquals(0, r.exitCode(), seen(r));
        assertEquals("chain ok\n", r.stdout(), seen(r));
    }

    @Test
    void destroyRules() {
        var r = run("contexts.wasm", Engine.COMPILED, "destroy");
        assertEquals(0, r.exitCode(), seen(r));
        assertEquals("destroy ok\n", r.stdout(), seen(r));
    }

    @Test
    void destroyedAndAbandonedContextsLeaveNoThreadBehind() {
        var r = run("contexts.wasm", Engine.COMPILED, "many", "300");
        assertEquals("many ok\n", r.stdout(), seen(r));
        var left = run("contexts.wasm", Engine.COMPILED, "leave", "50");
        assertEquals("leave ok\n", left.stdout(), seen(left));
        assertEquals(0, left.exitCode(), seen(left));
        assertEquals(0, Contexts.liveContextThreads(), "context threads still alive after the processes ended");
    }

    @Test
    void exitInAContextEndsTheProcessWithItsCode() {
        var r = run("contexts.wasm", Engine.COMPILED, "exit");
        assertEquals(7, r.exitCode(), seen(r));
        assertEquals("", r.stderr(), seen(r));
    }

    @Test
    void aTrapInAContextEndsTheProcessLikeAnyTrap() {
        var r = run("contexts.wasm", Engine.COMPILED, "trap");
        assertEquals(134, r.exitCode(), seen(r));
        assertTrue(r.stderr().contains("trapped in thread 1: Trapped on unreachable instruction"), seen(r));
    }

    @Test
    void aContextWhoseEntryReturnsEndsTheProcess() {
        var r = run("contexts.wasm", Engine.COMPILED, "return");
        assertEquals(134, r.exitCode(), seen(r));
        assertTrue(r.stderr().contains("the entry function of context 1 returned"), seen(r));
    }

    @Test
    void contextsOfSeveralThreadsAtOnce() {
        var r = run("contexts.wasm", Engine.COMPILED, "threads", "6");
        assertEquals(0, r.exitCode(), seen(r));
        assertEquals("threads ok\n", r.stdout(), seen(r));
    }

    @Test
    void anEntryThatIsNotAVoidFunctionIsEinval() {
        var r = run("contexts.wasm", Engine.COMPILED, "badentry");
        assertEquals(0, r.exitCode(), seen(r));
        assertEquals("badentry ok\n", r.stdout(), seen(r));
    }

    @Test
    void theTimeLimitStopsASpinningContext() {
        var r = GuestRun.of("control/contexts.wasm", Engine.COMPILED, b -> b.timeout(Duration.ofSeconds(1)), "spin");
        assertEquals(124, r.exitCode(), seen(r));
        assertEquals(0, Contexts.liveContextThreads(), "the spinning context's thread was left running");
    }
}
