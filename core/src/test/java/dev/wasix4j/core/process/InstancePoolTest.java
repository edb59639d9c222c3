package dev.wasix4j.core.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.dylibso.chicory.wasm.Parser;
import dev.wasix4j.core.testing.GuestRun;
import dev.wasix4j.core.testing.Guests;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Reused thread instances behave as new ones: the guests would see another thread's globals otherwise. */
@Timeout(120)
class InstancePoolTest {

    @Test
    void threadsOfAReusingModuleStartWithInitialGlobals() {
        // 50 threads one at a time, each joined before the next spawn: every spawn after the first reuses an
        // instance whose globals the previous thread changed
        var r = GuestRun.of("wat/thread_globals.wasm");
        assertEquals(0, r.exitCode(), "a thread saw a previous thread's global\n" + r.stderr());
    }

    @Test
    void aModuleThatChangesTablesGetsNewInstancesAndTheSameResult() {
        var r = GuestRun.of("wat/thread_globals_table.wasm");
        assertEquals(0, r.exitCode(), r.stderr());
    }

    @Test
    void tableChangingCodeIsRecognised() {
        assertFalse(InstancePool.changesTables(Parser.parse(Guests.path("wat/thread_globals.wasm"))));
        assertTrue(InstancePool.changesTables(Parser.parse(Guests.path("wat/thread_globals_table.wasm"))));
        assertFalse(InstancePool.changesTables(Parser.parse(Guests.path("threads/wasm/thread_bench.wasm"))));
    }
}
