package dev.wasix4j.core.compile;

import com.dylibso.chicory.wasm.Parser;
import dev.wasix4j.split.SplitOptions;
import dev.wasix4j.split.SplitResult;
import dev.wasix4j.split.Splitter;
import java.util.ArrayList;
import java.util.List;

/**
 * The function splitter as the compile pipeline's module transform: every function too large for
 * one well-compiled JVM method is split into pieces before Chicory compiles the module, and each
 * split (and each function left whole) becomes a line of {@code --debug}.
 */
public final class SplitTransform implements ModuleTransform {
    private final SplitOptions options;

    public SplitTransform() {
        this(SplitOptions.DEFAULTS);
    }

    public SplitTransform(SplitOptions options) {
        this.options = options;
    }

    @Override
    public String version() {
        return "split-" + Splitter.VERSION + "-" + options.maxMethodBytes();
    }

    @Override
    public Result apply(byte[] wasm) {
        SplitResult split = Splitter.split(wasm, options);
        var notes = new ArrayList<String>();
        for (var f : split.split()) {
            notes.add(String.format("split func %d%s: %d bytes of wasm into %d pieces (%d bytes left in it)",
                    f.index(), f.name() == null ? "" : " (" + f.name() + ")", f.originalBytes(), f.pieces(),
                    f.remainingBytes()));
        }
        for (var f : split.leftAlone()) {
            notes.add(String.format("func %d%s (%d bytes) not split: %s",
                    f.index(), f.name() == null ? "" : " (" + f.name() + ")", f.bytes(), f.reason()));
        }
        if (!split.changed()) {
            return new Result(wasm, notes);
        }
        try {
            // a split module that does not parse is the splitter's bug, never the user's: the
            // original decides (its own error, or it runs as it is)
            Parser.parse(split.module());
        } catch (RuntimeException | AssertionError e) {
            return new Result(wasm, List.of("splitting skipped: the split module did not parse (" + e.getMessage() + ")"));
        }
        return new Result(split.module(), notes);
    }
}
