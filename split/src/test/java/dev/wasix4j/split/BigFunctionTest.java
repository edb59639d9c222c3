package dev.wasix4j.split;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.dylibso.chicory.wasm.ChicoryException;
import com.dylibso.chicory.wasm.WasmModule;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * One generated function of over 200 KB of wasm: too large for Chicory to compile, so it would
 * run interpreted. Split, it compiles entirely and computes exactly what the interpreter computes
 * on the original, returns the same values from deep inside, and traps at the same places.
 */
class BigFunctionTest {
    static BigFunctionGenerator generator;
    static byte[] original;
    static WasmModule originalModule;
    static SplitResult result;
    static WasmModule splitModule;

    @BeforeAll
    static void generateAndSplit() {
        generator = new BigFunctionGenerator(15);
        original = generator.module(210_000);
        originalModule = Chicory.parse(original);
        result = Splitter.split(original, SplitOptions.DEFAULTS);
        splitModule = Chicory.parse(result.module());
    }

    @Test
    void theFunctionIsOver200KbAndSplitIntoPieces() {
        int size = new ModuleInfo(original).bodies.getFirst()[1] - new ModuleInfo(original).bodies.getFirst()[0];
        assertTrue(size >= 200_000, "body is " + size + " bytes");
        assertEquals(1, result.split().size(), result.toString());
        var f = result.split().getFirst();
        assertEquals(0, f.index());
        assertTrue(f.pieces() > 20, f.toString());
        assertEquals(List.of(), result.leftAlone());
    }

    @Test
    void unsplitItCannotBeCompiled() {
        assertThrows(ChicoryException.class, () -> Chicory.compiled(originalModule));
    }

    @Test
    void splitEveryMethodIsUnderHotSpotsHugeMethodLimit() throws Exception {
        var sizes = Chicory.methodSizes(splitModule); // compiles with InterpreterFallback.FAIL
        int max = sizes.stream().mapToInt(Integer::intValue).max().orElseThrow();
        assertTrue(max < 8000, "largest method has " + max + " bytes of bytecode");
    }

    @Test
    void compiledSplitComputesWhatTheInterpreterComputes() {
        var compiled = Chicory.compiled(splitModule);
        var args = new ArrayList<long[]>();
        args.add(new long[] {0, 0});
        args.add(new long[] {7, 123456789L});
        args.add(new long[] {-1, Long.MIN_VALUE});
        for (int i = 0; i < Math.min(4, generator.returnArgs.size()); i++) {
            args.add(new long[] {generator.returnArgs.get(i * generator.returnArgs.size() / 4), 42});
        }
        for (var a : args) {
            var expected = Chicory.call(originalModule, Chicory.interpreted(), "run", a);
            var actual = Chicory.call(splitModule, compiled, "run", a);
            assertNotNull(expected.results(), () -> "reference run trapped: " + expected);
            assertEquals(expected, actual, "run(" + a[0] + ", " + a[1] + ")");
        }
    }

    @Test
    void piecesTrapWhereTheWholeFunctionTraps() {
        var compiled = Chicory.compiled(splitModule);
        var traps = generator.trapArgs;
        assertTrue(traps.size() >= 3, "generator made " + traps.size() + " traps");
        for (int i = 0; i < traps.size(); i += Math.max(1, traps.size() / 6)) {
            long[] a = {traps.get(i), 99};
            var expected = Chicory.call(originalModule, Chicory.interpreted(), "run", a);
            var actual = Chicory.call(splitModule, compiled, "run", a);
            if (expected.trap() == null) {
                continue; // an early return came first
            }
            assertEquals(expected, actual, "run(" + a[0] + ")");
        }
    }
}
