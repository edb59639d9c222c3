package dev.wasix4j.split;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.dylibso.chicory.wasm.Parser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every committed guest, split with the smallest budget so nearly every function splits, stays valid. */
class GuestRoundTripTest {
    static Stream<Path> guests() throws IOException {
        Path root = Path.of("..", "guests");
        try (var files = Files.walk(root)) {
            List<Path> all = files.filter(p -> p.toString().endsWith(".wasm")).sorted().toList();
            return all.stream();
        }
    }

    @ParameterizedTest
    @MethodSource("guests")
    void splitModuleStillValidates(Path guest) throws IOException {
        byte[] original = Files.readAllBytes(guest);
        try {
            Parser.parse(original);
        } catch (RuntimeException e) {
            return; // the deliberately broken guests
        }
        var result = Splitter.split(original, new SplitOptions(64));
        Path out = Path.of("target", "split-guests", guest.getFileName().toString());
        Files.createDirectories(out.getParent());
        Files.write(out, result.module());
        assertDoesNotThrow(() -> Parser.parse(result.module()), () -> guest + " split into an invalid module");
        assertTrue(result.leftAlone().stream().noneMatch(l -> l.reason().startsWith("not split")),
                () -> guest + ": " + result.leftAlone());
        var info = new ModuleInfo(original);
        boolean anyLarge = info.bodies.stream().anyMatch(r -> r[1] - r[0] > 64);
        assertTrue(!anyLarge || !result.split().isEmpty(), guest + " had nothing split");
    }
}
