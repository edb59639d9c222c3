package dev.wasix4j.core.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.dylibso.chicory.wasm.Parser;
import dev.wasix4j.core.Engine;
import dev.wasix4j.core.ProcessOptions;
import dev.wasix4j.core.WasixProgram;
import dev.wasix4j.core.cache.CodeCache;
import dev.wasix4j.core.testing.GuestRun;
import dev.wasix4j.core.testing.Guests;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

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
    void aThreadNeverSeesAnEarlierThreadsTableChangesEvenOnACodeCacheHit(@TempDir Path cacheDir) {
        // each thread calls table slot 0 then repoints it: a reused instance would answer 13 instead of 42.
        // The second load is a cache hit, whose module skeleton must still show the table.set
        var cache = CodeCache.at(cacheDir);
        for (int run = 1; run <= 2; run++) {
            var out = new ByteArrayOutputStream();
            var program = WasixProgram.load(Guests.path("wat/thread_table_writes.wasm"), Engine.COMPILED, cache);
            assertEquals(run == 2, program.compileReport().orElseThrow().fromCache(), "run " + run);
            int code = program.run(ProcessOptions.builder().args(List.of("t.wasm")).stdout(out).stderr(out).build());
            assertEquals(0, code, "run " + run + ": a thread called an earlier thread's table entry\n" + out);
        }
    }

    @Test
    void tableChangingCodeIsRecognised() {
        assertFalse(dev.wasix4j.core.module.TableWrites.any(Parser.parse(Guests.path("wat/thread_globals.wasm"))));
        assertTrue(dev.wasix4j.core.module.TableWrites.any(Parser.parse(Guests.path("wat/thread_globals_table.wasm"))));
        assertFalse(dev.wasix4j.core.module.TableWrites.any(Parser.parse(Guests.path("threads/wasm/thread_bench.wasm"))));
    }
}
