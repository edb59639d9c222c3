package dev.wasix4j.core.compile;

import dev.wasix4j.core.Engine;
import dev.wasix4j.core.ProcessOptions;
import dev.wasix4j.core.WasixProgram;
import dev.wasix4j.core.cache.CodeCache;
import java.nio.file.Path;
import java.util.List;

/** A second JVM for {@link CompiledCodeCacheTest}: loads args[0] with the cache at args[1], runs it, exits with its code. */
public final class CacheFillerMain {
    private CacheFillerMain() {}

    public static void main(String[] args) {
        var p = WasixProgram.load(Path.of(args[0]), Engine.COMPILED, CodeCache.at(Path.of(args[1])));
        int code = p.run(ProcessOptions.builder().args(List.of("m.wasm")).stdout(System.out).stderr(System.err).build());
        System.out.flush();
        System.exit(code);
    }
}
