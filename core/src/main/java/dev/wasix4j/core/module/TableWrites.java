package dev.wasix4j.core.module;

import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.ExternalType;
import com.dylibso.chicory.wasm.types.FunctionBody;
import java.util.HashSet;
import java.util.Set;

/**
 * Which functions of a module can change a table's contents or size at run time ({@code table.set/grow/fill/copy/init},
 * {@code elem.drop}). Thread instances are reused only when no code can (a reused table would carry another thread's
 * changes); the code cache keeps these functions' bodies in its module skeleton so that a cache hit still answers.
 */
public final class TableWrites {
    private TableWrites() {}

    /** True if any function body of {@code module} holds a table-changing instruction. */
    public static boolean any(WasmModule module) {
        for (var body : module.codeSection().functionBodies()) {
            if (changes(body)) {
                return true;
            }
        }
        return false;
    }

    /** Indices (imported functions counted first) of the functions that hold a table-changing instruction. */
    public static Set<Integer> functions(WasmModule module) {
        int imported = module.importSection().count(ExternalType.FUNCTION);
        var found = new HashSet<Integer>();
        var bodies = module.codeSection().functionBodies();
        for (int i = 0; i < bodies.length; i++) {
            if (changes(bodies[i])) {
                found.add(imported + i);
            }
        }
        return found;
    }

    private static boolean changes(FunctionBody body) {
        for (var instruction : body.instructions()) {
            switch (instruction.opcode()) {
                case TABLE_SET, TABLE_GROW, TABLE_FILL, TABLE_COPY, TABLE_INIT, ELEM_DROP -> {
                    return true;
                }
                default -> {}
            }
        }
        return false;
    }
}
