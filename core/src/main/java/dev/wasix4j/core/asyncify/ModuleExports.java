package dev.wasix4j.core.asyncify;

import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.ExternalType;
import java.util.OptionalInt;

/** Index of a module's export by name and kind; the export section is small, a scan is enough. */
final class ModuleExports {
    private ModuleExports() {}

    static OptionalInt find(WasmModule module, String name, ExternalType kind) {
        var exports = module.exportSection();
        for (int i = 0; i < exports.exportCount(); i++) {
            var e = exports.getExport(i);
            if (e.exportType() == kind && e.name().equals(name)) {
                return OptionalInt.of(e.index());
            }
        }
        return OptionalInt.empty();
    }

    static int function(WasmModule module, String name) {
        return find(module, name, ExternalType.FUNCTION)
                .orElseThrow(() -> new IllegalArgumentException("no exported function " + name));
    }
}
