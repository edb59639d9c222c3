package dev.wasix4j.core.syscall;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.dylibso.chicory.runtime.HostFunction;
import dev.wasix4j.abi.Errno;
import dev.wasix4j.core.Engine;
import dev.wasix4j.core.abi.ImportCatalog;
import dev.wasix4j.core.abi.ImportSpec;
import dev.wasix4j.core.abi.Wasi;
import dev.wasix4j.core.module.ImportSurface;
import dev.wasix4j.core.testing.GuestRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every import of the ABI binds, whether or not anything serves it yet, and an unserved one answers
 * ENOSYS: any WASIX binary instantiates and finds out at run time what is missing.
 */
@Timeout(60)
class AllImportsTest {
    /** guests/wat/all_imports.wat, generated from the catalog by tools/gen-all-imports-wat.py. */
    private static final String ALL_IMPORTS = "wat/all_imports.wasm";
    /** Calls wasix_32v1.proc_snapshot and exits with its errno. */
    private static final String NOT_PROVIDED_GUEST = "wat/not_provided.wasm";
    private static final String NOT_PROVIDED_IMPORT = "proc_snapshot";

    @ParameterizedTest
    @EnumSource(Engine.class)
    void moduleImportingEveryNameReachesMain(Engine engine) {
        var r = GuestRun.of(ALL_IMPORTS, engine, b -> {});
        assertEquals(0, r.exitCode(), "stderr: " + r.stderr());
        assertEquals("all imports resolved\n", r.stdout());
        assertEquals("", r.stderr());
    }

    @Test
    void everyWasixImportBindsToAHostFunction() {
        var d = CoverageReport.processDispatcher();
        var wasix = ImportCatalog.get().module(Wasi.WASIX);
        assertTrue(wasix.size() > 100, "the catalog lists WASIX's imports");
        for (ImportSpec spec : wasix) {
            HostFunction f = d.bind(Wasi.WASIX, spec);
            assertNotNull(f, spec.qualifiedName());
            assertEquals(Wasi.WASIX, f.module(), spec.qualifiedName());
            assertEquals(spec.name(), f.name(), spec.qualifiedName());
            assertEquals(spec.functionType(), f.functionType(), spec.qualifiedName());
        }
    }

    @Test
    void everyNamespaceBindsEveryCatalogName() {
        var d = CoverageReport.processDispatcher();
        for (Namespace ns : Namespace.values()) {
            for (ImportSpec spec : ImportCatalog.get().module(ImportSurface.specModule(ns.moduleName()))) {
                HostFunction f = d.bind(ns.moduleName(), spec);
                assertEquals(spec.functionType(), f.functionType(), ns.moduleName() + "." + spec.name());
            }
        }
    }

    @Test
    void everyUnservedImportAnswersEnosys() {
        var d = CoverageReport.processDispatcher();
        Coverage none = new Dispatcher().lookup(Wasi.WASIX, "").coverage();
        for (ImportSpec spec : ImportCatalog.get().all()) {
            if (spec.result() == null || !d.lookup(spec.module(), spec.name()).coverage().equals(none)) {
                continue;
            }
            // the default handler touches neither the instance nor memory: zero arguments do
            long[] args = new long[spec.params().size()];
            long[] result = d.bind(spec.module(), spec).handle().apply(null, args);
            assertArrayEquals(new long[] {Errno.ENOSYS.code()}, result, spec.qualifiedName());
        }
    }

    @Test
    void guestCallingAnUnservedImportGetsEnosys() {
        var d = CoverageReport.processDispatcher();
        Coverage none = new Dispatcher().lookup(Wasi.WASIX, "").coverage();
        assertEquals(none, d.lookup(Wasi.WASIX, NOT_PROVIDED_IMPORT).coverage(),
                NOT_PROVIDED_IMPORT + " is served now: point guests/wat/not_provided.wat at an import nothing serves");
        var r = GuestRun.of(NOT_PROVIDED_GUEST);
        assertEquals(Errno.ENOSYS.code(), r.exitCode(), "stderr: " + r.stderr());
    }
}
