package dev.wasix4j.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The launcher passes the training's command lines separated by "::"; each must reach WasixCli whole. */
class AotTrainingTest {

    @Test
    void commandLinesAreSplitAtTheSeparatorAndEmptyOnesDropped() {
        var lines = AotTraining.split(new String[] {
            "run", "hello.wasm", "::", "::", "run", "spawn_bench.wasm", "3000", "::", "run", "-q", "p.wasm", "::"});
        assertEquals(3, lines.size());
        assertArrayEquals(new String[] {"run", "hello.wasm"}, lines.get(0));
        assertArrayEquals(new String[] {"run", "spawn_bench.wasm", "3000"}, lines.get(1));
        assertArrayEquals(new String[] {"run", "-q", "p.wasm"}, lines.get(2));
    }
}
