package dev.wasix4j.core.abi;

import com.dylibso.chicory.wasm.types.FunctionType;
import com.dylibso.chicory.wasm.types.ValType;
import java.util.List;

/**
 * One host import as the ABI declares it: where it lives, its parameters by name, and its result.
 *
 * @param module import module ({@code wasi_snapshot_preview1}, {@code wasix_32v1}, {@code wasi})
 * @param name import name
 * @param group the ABI sheet's group (fd, path, proc, thread, sock, …)
 * @param params wasm parameters in order
 * @param result {@code i32} errno for most calls, or {@code null} for a void import
 * @param meaning one line from the ABI sheet
 */
public record ImportSpec(
        String module, String name, String group, List<Param> params, ValType result, String meaning) {

    /**
     * One wasm parameter.
     *
     * @param string true for the pointer half of a (ptr, len) string argument
     */
    public record Param(String name, ValType type, boolean string) {}

    public FunctionType functionType() {
        List<ValType> p = params.stream().map(Param::type).toList();
        return FunctionType.of(p, result == null ? List.of() : List.of(result));
    }

    public String qualifiedName() {
        return module + "." + name;
    }
}
