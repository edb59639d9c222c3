package dev.wasix4j.split;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.dylibso.chicory.wasm.ChicoryException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The benchmark VM (a 64 KB dispatch function) compiles entirely once split, with the defaults. */
class VmGuestTest {
    @Test
    void vmCompilesWithNoFunctionInterpreted() throws Exception {
        byte[] vm = Files.readAllBytes(Path.of("..", "guests", "vm", "vm.wasm"));
        assertThrows(ChicoryException.class, () -> Chicory.compiled(Chicory.parse(vm)));
        var result = Splitter.split(vm, SplitOptions.DEFAULTS);
        var dispatch = result.split().stream().filter(f -> f.originalBytes() > 60_000).toList();
        assertEquals(1, dispatch.size(), result.split().toString());
        assertTrue(dispatch.getFirst().pieces() > 100, dispatch.toString());
        assertDoesNotThrow(() -> Chicory.compiled(Chicory.parse(result.module())));
    }
}
