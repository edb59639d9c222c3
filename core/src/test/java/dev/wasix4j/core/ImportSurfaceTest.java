package dev.wasix4j.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.dylibso.chicory.runtime.TableInstance;
import com.dylibso.chicory.wasm.types.MemoryLimits;
import com.dylibso.chicory.wasm.types.Table;
import com.dylibso.chicory.wasm.types.TableLimits;
import com.dylibso.chicory.wasm.types.ValType;
import com.dylibso.chicory.wasm.types.Value;
import dev.wasix4j.core.testing.GuestRun;
import dev.wasix4j.core.testing.Guests;
import dev.wasix4j.memory.GuestMemories;
import org.junit.jupiter.api.Test;

/**
 * The host reads what a module imports before running it, builds a matching memory and table, and
 * refuses an embedder-supplied one that does not fit with one line naming both sides.
 */
class ImportSurfaceTest {
    private static final String THREADED = "threads/wasm/create_join.wasm";

    static WasixProgram load(String guest) {
        return WasixProgram.load(Guests.path(guest), Engine.COMPILED);
    }

    @Test
    void wasixLibcStyleImportsAreRead() {
        var decl = load(THREADED).surface().memory().orElseThrow();
        assertEquals("env", decl.module());
        assertEquals("memory", decl.name());
        assertTrue(decl.shared());
        assertEquals(65536, decl.maximumPages());
        assertEquals(32767, decl.effectiveMaximumPages(), "Chicory addresses at most 32767 pages");
        var table = load("wat/table_import.wasm").surface().table().orElseThrow();
        assertEquals(ValType.FuncRef, table.elementType());
        assertEquals(4, table.min());
        assertEquals(16, table.max());
    }

    /**
     * A section size that wraps past 2^32 once made the pre-parse scan of memory limits jump back
     * and read the same bytes forever (found by ModuleFuzzTest): refused in one line instead.
     */
    @Test
    @org.junit.jupiter.api.Timeout(value = 10, threadMode = org.junit.jupiter.api.Timeout.ThreadMode.SEPARATE_THREAD)
    void aSectionSizeThatWrapsIsRefusedNotLoopedOn() {
        byte[] module = {
            0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, // magic, version
            0x05, (byte) 0xfa, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x0f, // memory section of 2^32 - 6 bytes: back to itself
            0x00, 0x00, 0x00, 0x00,
        };
        var e = assertThrows(WasixException.class, () -> WasixProgram.fromBytes("wrapped", module, Engine.COMPILED));
        assertTrue(e.getMessage().startsWith("wrapped"), e.getMessage());
    }

    @Test
    void aModuleExportingItsMemoryNeedsNone() {
        var surface = load("basic/hello.wasm").surface();
        assertTrue(surface.memory().isEmpty());
        assertTrue(surface.exportsMemory());
    }

    @Test
    void anUnsharedMemoryForASharedDeclarationIsRefused() {
        var p = load(THREADED);
        var e = assertThrows(WasixException.class, () -> p.run(ProcessOptions.builder()
                .memory(GuestMemories.create(new MemoryLimits(64, 32767, false), false)).build()));
        assertTrue(e.getMessage().contains("declares env.memory (shared"), e.getMessage());
        assertTrue(e.getMessage().contains("is not shared"), e.getMessage());
    }

    @Test
    void aTooSmallMemoryIsRefused() {
        var p = load(THREADED);
        int initial = p.surface().memory().orElseThrow().initialPages();
        var e = assertThrows(WasixException.class, () -> p.run(ProcessOptions.builder()
                .memory(GuestMemories.create(new MemoryLimits(initial - 1, 32767, true), true)).build()));
        assertTrue(e.getMessage().contains("smaller than its initial size"), e.getMessage());
    }

    @Test
    void aMemoryThatCannotGrowToTheMaximumIsRefused() {
        var p = load(THREADED);
        int initial = p.surface().memory().orElseThrow().initialPages();
        var e = assertThrows(WasixException.class, () -> p.run(ProcessOptions.builder()
                .memory(GuestMemories.create(new MemoryLimits(initial, initial + 1, true), true)).build()));
        assertTrue(e.getMessage().contains("cannot grow to its maximum"), e.getMessage());
    }

    @Test
    void aSuppliedMemoryThatFitsIsUsed() {
        var p = load(THREADED);
        int initial = p.surface().memory().orElseThrow().initialPages();
        var memory = GuestMemories.create(new MemoryLimits(initial, 32767, true), true);
        var r = GuestRun.of(THREADED, Engine.COMPILED, b -> b.memory(memory));
        assertEquals("sum=36000\n", r.stdout());
        assertTrue(memory.pages() >= initial, "the guest ran in the embedder's memory");
    }

    @Test
    void aTableOfTheWrongTypeOrSizeIsRefused() {
        var p = load("wat/table_import.wasm");
        var externs = new TableInstance(new Table(ValType.ExternRef, new TableLimits(4, 16)), Value.REF_NULL_VALUE);
        var e = assertThrows(WasixException.class, () -> p.run(ProcessOptions.builder().table(externs).build()));
        assertTrue(e.getMessage().contains("another element type"), e.getMessage());
        var small = new TableInstance(new Table(ValType.FuncRef, new TableLimits(2, 16)), Value.REF_NULL_VALUE);
        e = assertThrows(WasixException.class, () -> p.run(ProcessOptions.builder().table(small).build()));
        assertTrue(e.getMessage().contains("smaller than its initial size"), e.getMessage());
    }

    @Test
    void anImportedTableIsBuiltAndFilled() {
        var r = GuestRun.of("wat/table_import.wasm");
        assertEquals(35, r.exitCode(), "call_indirect through the host-made table: 42 - 7");
    }

    @Test
    void forcingAnUnsharedMemoryWarnsOnceAndRunsSingleThreaded() {
        var r = GuestRun.of("threads/wasm/recursion.wasm", Engine.COMPILED, b -> b.unsharedMemory(true));
        assertEquals("depth=50000 checksum=1167156904\n", r.stdout(), r.stderr());
        assertEquals(1, r.stderr().lines().filter(l -> l.contains("warning")).count(), r.stderr());
        assertTrue(r.stderr().contains("declares a shared memory but an unshared one was requested"), r.stderr());
        var threaded = GuestRun.of(THREADED, Engine.COMPILED, b -> b.unsharedMemory(true));
        // thread-spawn answers -ENOTSUP; like wasix-libc, the guest's pthread_create reports any refusal as EAGAIN
        assertTrue(threaded.stderr().contains("rt_thread_create #0 returned 6"), threaded.stderr());
    }
}
