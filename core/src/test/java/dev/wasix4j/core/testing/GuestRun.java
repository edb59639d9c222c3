package dev.wasix4j.core.testing;

import dev.wasix4j.core.Engine;
import dev.wasix4j.core.ProcessOptions;
import dev.wasix4j.core.WasixProgram;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** Runs a committed guest through the embedding API and keeps what a user would see. */
public record GuestRun(int exitCode, String stdout, String stderr) {

    public static GuestRun of(String guest, String... args) {
        return of(guest, Engine.COMPILED, b -> {}, args);
    }

    public static GuestRun of(String guest, Engine engine, Consumer<ProcessOptions.Builder> config, String... args) {
        var path = Guests.path(guest);
        var out = new ByteArrayOutputStream();
        var err = new ByteArrayOutputStream();
        var argv = new ArrayList<String>();
        argv.add(path.getFileName().toString());
        argv.addAll(List.of(args));
        var options = ProcessOptions.builder()
                .args(argv)
                .stdin(new ByteArrayInputStream(new byte[0]))
                .stdout(out)
                .stderr(err);
        config.accept(options);
        int code = WasixProgram.load(path, engine).run(options.build());
        return new GuestRun(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
