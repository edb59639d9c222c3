package dev.wasix4j.core.compile;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * How a program's code came to be: compiled now or loaded from the cache, how long that took,
 * what the module transform did, and which functions (if any) still run in Chicory's
 * interpreter.
 *
 * @param fromCache the classes came from the code cache (nothing was compiled)
 * @param time compiling (transform included) on a miss; reading the entry on a hit
 * @param wasmBytes size of the module as given
 * @param classBytes size of the generated classes
 * @param interpreted functions left to the interpreter, as "index (name)"
 * @param transformNotes what the module transform did, one line each
 * @param cacheFile the entry read or written, when the cache is on
 * @param cacheProblem the first I/O problem the cache met, when there was one
 */
public record CompileReport(
        boolean fromCache,
        Duration time,
        long wasmBytes,
        long classBytes,
        List<String> interpreted,
        List<String> transformNotes,
        Optional<Path> cacheFile,
        Optional<String> cacheProblem) {

    public CompileReport {
        interpreted = List.copyOf(interpreted);
        transformNotes = List.copyOf(transformNotes);
    }

    /** The lines {@code wasix run --debug} prints. */
    public List<String> debugLines() {
        var lines = new ArrayList<String>();
        String where = cacheFile.map(p -> " (" + p + ")").orElse("");
        if (fromCache) {
            lines.add(String.format("code cache hit: loaded %d KB of classes in %d ms%s",
                    classBytes >> 10, time.toMillis(), where));
        } else {
            double seconds = Math.max(time.toNanos(), 1) / 1e9;
            lines.add(String.format("compiled %d KB of wasm to %d KB of classes in %d ms (%.0f KB/s); %s",
                    wasmBytes >> 10, classBytes >> 10, time.toMillis(), (wasmBytes / 1024.0) / seconds,
                    cacheFile.isPresent() ? "code cache miss, stored" + where : "code cache off"));
        }
        transformNotes.forEach(lines::add);
        cacheProblem.ifPresent(p -> lines.add("code cache: " + p));
        return lines;
    }

    /** The warning printed once when any function runs interpreted, or empty. */
    public Optional<String> interpreterWarning() {
        if (interpreted.isEmpty()) {
            return Optional.empty();
        }
        int shown = Math.min(interpreted.size(), 5);
        String list = String.join(", ", interpreted.subList(0, shown)) + (interpreted.size() > shown ? ", ..." : "");
        return Optional.of(String.format(
                "warning: %d function%s too large for a JVM method run%s in the interpreter (about 300x slower): %s",
                interpreted.size(), interpreted.size() == 1 ? "" : "s", interpreted.size() == 1 ? "s" : "", list));
    }
}
