package dev.wasix4j.core.module;

import com.dylibso.chicory.runtime.Memory;
import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.ExternalType;
import com.dylibso.chicory.wasm.types.FunctionImport;
import com.dylibso.chicory.wasm.types.FunctionType;
import com.dylibso.chicory.wasm.types.Import;
import com.dylibso.chicory.wasm.types.MemoryImport;
import com.dylibso.chicory.wasm.types.TableImport;
import com.dylibso.chicory.wasm.types.ValType;
import dev.wasix4j.core.WasixException;
import dev.wasix4j.core.abi.ImportCatalog;
import dev.wasix4j.core.abi.ImportSpec;
import dev.wasix4j.core.abi.Wasi;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What a module asks the host for, read before anything is instantiated: its memory, its function
 * table, and each function import matched against the ABI catalog. Anything the host cannot
 * supply is reported here, in one line, before guest code runs.
 */
public final class ImportSurface {
    /** An imported memory as the module declares it. */
    public record MemoryDecl(String module, String name, int initialPages, int maximumPages, boolean shared) {
        public String describe() {
            return module + "." + name + " (" + (shared ? "shared" : "unshared") + ", " + initialPages
                    + " initial pages, " + maximumPages + " maximum pages)";
        }

        /**
         * Chicory addresses memory with a signed int: it cannot grow past 32767 pages (2 GiB), so a
         * module declaring up to 65536 gets that much. A module never notices until it grows past it.
         */
        public int effectiveMaximumPages() {
            return Math.min(maximumPages, Memory.RUNTIME_MAX_PAGES);
        }
    }

    /** An imported table as the module declares it. */
    public record TableDecl(String module, String name, ValType elementType, long min, long max) {
        public String describe() {
            return module + "." + name + " (" + elementType + ", " + min + " initial, " + max + " maximum)";
        }
    }

    /** A function import and its ABI specification. */
    public record FunctionBinding(String module, String name, ImportSpec spec) {}

    private final MemoryDecl memory;
    private final TableDecl table;
    private final List<FunctionBinding> functions;
    private final boolean exportsMemory;
    private final java.util.Set<String> exportedFunctions;

    private ImportSurface(MemoryDecl memory, TableDecl table, List<FunctionBinding> functions, boolean exportsMemory,
            java.util.Set<String> exportedFunctions) {
        this.memory = memory;
        this.table = table;
        this.functions = functions;
        this.exportsMemory = exportsMemory;
        this.exportedFunctions = exportedFunctions;
    }

    /** Whether the module exports a function called {@code name} (_start, wasi_thread_start, …). */
    public boolean exportsFunction(String name) {
        return exportedFunctions.contains(name);
    }

    public Optional<MemoryDecl> memory() {
        return Optional.ofNullable(memory);
    }

    public Optional<TableDecl> table() {
        return Optional.ofNullable(table);
    }

    public List<FunctionBinding> functions() {
        return functions;
    }

    public boolean exportsMemory() {
        return exportsMemory;
    }

    /** Reads the imports of {@code module}; {@code name} is used in error messages. */
    public static ImportSurface of(String name, WasmModule module) {
        MemoryDecl memory = null;
        TableDecl table = null;
        var functions = new ArrayList<FunctionBinding>();
        var catalog = ImportCatalog.get();
        var imports = module.importSection();
        for (int i = 0; i < imports.importCount(); i++) {
            Import imp = imports.getImport(i);
            String what = imp.module() + "." + imp.name();
            switch (imp.importType()) {
                case MEMORY -> {
                    if (memory != null) {
                        throw new WasixException(name + " imports two memories; wasix4j supplies one");
                    }
                    var limits = ((MemoryImport) imp).limits();
                    memory = new MemoryDecl(
                            imp.module(), imp.name(), limits.initialPages(), limits.maximumPages(), limits.shared());
                }
                case TABLE -> {
                    if (table != null) {
                        throw new WasixException(name + " imports two tables; wasix4j supplies one");
                    }
                    var t = (TableImport) imp;
                    table = new TableDecl(imp.module(), imp.name(), t.entryType(), t.limits().min(), t.limits().max());
                }
                case FUNCTION -> {
                    ImportSpec spec = catalog.find(specModule(imp.module()), imp.name());
                    if (spec == null) {
                        throw new WasixException(name + " imports " + what + ", which wasix4j does not provide");
                    }
                    FunctionType declared = module.typeSection().getType(((FunctionImport) imp).typeIndex());
                    if (!declared.equals(spec.functionType())) {
                        throw new WasixException(name + " imports " + what + " as " + declared
                                + " but the ABI defines it as " + spec.functionType());
                    }
                    functions.add(new FunctionBinding(imp.module(), imp.name(), spec));
                }
                default -> throw new WasixException(
                        name + " imports " + what + " (a " + imp.importType().name().toLowerCase()
                                + "), which wasix4j does not provide");
            }
        }
        boolean exportsMemory = false;
        var exportedFunctions = new java.util.HashSet<String>();
        var exports = module.exportSection();
        for (int i = 0; i < exports.exportCount(); i++) {
            var e = exports.getExport(i);
            if (e.exportType() == ExternalType.MEMORY) {
                exportsMemory = true;
            } else if (e.exportType() == ExternalType.FUNCTION) {
                exportedFunctions.add(e.name());
            }
        }
        return new ImportSurface(memory, table, List.copyOf(functions), exportsMemory, java.util.Set.copyOf(exportedFunctions));
    }

    /**
     * Checks an embedder-supplied memory against the module's declaration, before anything runs.
     * The shared flag must match, the memory must already hold the declared initial pages, and its
     * maximum must reach the declared one (as far as Chicory can address), or the guest would fail
     * obscurely when it grows.
     */
    public static void checkSuppliedMemory(String program, MemoryDecl decl, Memory supplied) {
        String given = "the supplied memory (" + (supplied.shared() ? "shared" : "unshared") + ", " + supplied.pages()
                + " pages, " + supplied.maximumPages() + " maximum pages)";
        String declared = program + " declares " + decl.describe();
        if (decl.shared() != supplied.shared()) {
            throw new WasixException(declared + " but " + given + (decl.shared() ? " is not shared" : " is shared"));
        }
        if (supplied.pages() < decl.initialPages()) {
            throw new WasixException(declared + " but " + given + " is smaller than its initial size");
        }
        if (supplied.maximumPages() < decl.effectiveMaximumPages()) {
            throw new WasixException(declared + " but " + given + " cannot grow to its maximum");
        }
    }

    /** Checks an embedder-supplied table: element type, current size and maximum. */
    public static void checkSuppliedTable(String program, TableDecl decl, com.dylibso.chicory.runtime.TableInstance supplied) {
        String given = "the supplied table (" + supplied.elementType() + ", " + supplied.size() + " entries, "
                + supplied.limits().max() + " maximum)";
        String declared = program + " declares " + decl.describe();
        if (!decl.elementType().equals(supplied.elementType())) {
            throw new WasixException(declared + " but " + given + " holds another element type");
        }
        if (supplied.size() < decl.min()) {
            throw new WasixException(declared + " but " + given + " is smaller than its initial size");
        }
        if (supplied.limits().max() < decl.max()) {
            throw new WasixException(declared + " but " + given + " cannot grow to its maximum");
        }
    }

    /** wasi_unstable shares preview1's signatures; its few differences are handled by the dispatcher. */
    public static String specModule(String importModule) {
        return Wasi.UNSTABLE.equals(importModule) ? Wasi.PREVIEW1 : importModule;
    }

    /**
     * Chicory cannot parse 64-bit memories and would report them as a malformed limit; look at the
     * raw import and memory sections first so the user hears what is really wrong.
     */
    public static void rejectUnsupportedMemories(String name, byte[] bytes) {
        RawSections.forEachMemoryLimitFlag(bytes, (where, flags) -> {
            if ((flags & RawSections.LIMIT_FLAG_MEMORY64) != 0) {
                throw new WasixException(name + " declares a 64-bit memory (memory64) " + where
                        + "; wasix4j supports 32-bit memories only");
            }
        });
    }
}
