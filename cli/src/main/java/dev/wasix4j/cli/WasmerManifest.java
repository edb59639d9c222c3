package dev.wasix4j.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import dev.wasix4j.fs.MountException;
import dev.wasix4j.fs.MountSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The parts of a wasmer package manifest ({@code wasmer.toml}) that {@code wasix run DIR} needs:
 * which module a command runs, its built-in arguments, environment and working directory (the
 * command's {@code [command.annotations.wasi]}), and the {@code [fs]} table mapping guest paths to
 * directories beside the manifest. A package's files are read-only, as in a wasmer package.
 *
 * @param module   the .wasm file to run
 * @param command  the command's name (the guest's argv[0], as wasmer names it)
 * @param mainArgs arguments the manifest puts before the user's
 * @param env      KEY=VALUE strings from the manifest
 * @param cwd      the working directory the manifest asks for, or null
 * @param mounts   the {@code [fs]} mappings
 */
record WasmerManifest(Path module, String command, List<String> mainArgs, List<String> env, String cwd,
        List<MountSpec> mounts) {

    static final String FILE_NAME = "wasmer.toml";

    /** A directory holding a wasmer.toml, or the manifest file itself. */
    static boolean isPackage(Path path) {
        return Files.isDirectory(path) ? Files.isRegularFile(path.resolve(FILE_NAME))
                : path.getFileName() != null && path.getFileName().toString().equals(FILE_NAME);
    }

    /** Reads the manifest at {@code path} and picks {@code wanted} (or the package's entrypoint). */
    static WasmerManifest read(Path path, String wanted) {
        Path file = Files.isDirectory(path) ? path.resolve(FILE_NAME) : path;
        Path dir = file.toAbsolutePath().getParent();
        JsonNode root;
        try {
            ObjectMapper toml = new TomlMapper();
            root = toml.readTree(Files.readString(file));
        } catch (IOException e) {
            throw new ManifestException(file + ": cannot read the package manifest: " + oneLine(e.getMessage()));
        }
        List<JsonNode> commands = list(root.path("command"));
        String name = wanted != null ? wanted : text(root.path("package").path("entrypoint"));
        JsonNode command;
        if (name == null) {
            if (commands.size() != 1) {
                throw new ManifestException(file + ": " + (commands.isEmpty() ? "the package has no [[command]]"
                        : "the package has several commands and no entrypoint; pick one with --entrypoint NAME"));
            }
            command = commands.get(0);
        } else {
            command = commands.stream().filter(c -> name.equals(text(c.path("name")))).findFirst()
                    .orElseThrow(() -> new ManifestException(file + ": the package has no command named \"" + name + "\""));
        }
        String commandName = text(command.path("name"));
        String moduleRef = text(command.path("module"));
        if (moduleRef == null) {
            throw new ManifestException(file + ": command \"" + commandName + "\" names no module");
        }
        // "namespace/package:module" refers to a dependency; only this package's own modules run here
        String moduleName = moduleRef.contains(":") ? moduleRef.substring(moduleRef.lastIndexOf(':') + 1) : moduleRef;
        if (moduleRef.contains("/")) {
            throw new ManifestException(file + ": command \"" + commandName + "\" runs " + moduleRef
                    + " from another package; wasix4j runs only the package's own modules");
        }
        JsonNode module = list(root.path("module")).stream().filter(m -> moduleName.equals(text(m.path("name"))))
                .findFirst()
                .orElseThrow(() -> new ManifestException(file + ": the package has no module named \"" + moduleName + "\""));
        String source = text(module.path("source"));
        if (source == null) {
            throw new ManifestException(file + ": module \"" + moduleName + "\" has no source");
        }
        JsonNode wasi = command.path("annotations").path("wasi");
        var mainArgs = new ArrayList<String>();
        JsonNode annotated = wasi.path("main-args");
        if (annotated.isArray()) {
            annotated.forEach(a -> mainArgs.add(a.asText()));
        } else if (text(command.path("main_args")) != null) {
            // the older manifest form: one string, split on whitespace
            for (String a : text(command.path("main_args")).trim().split("\\s+")) {
                if (!a.isEmpty()) {
                    mainArgs.add(a);
                }
            }
        }
        var env = new ArrayList<String>();
        wasi.path("env").forEach(e -> env.add(e.asText()));
        var mounts = new ArrayList<MountSpec>();
        Iterator<Map.Entry<String, JsonNode>> fs = root.path("fs").fields();
        while (fs.hasNext()) {
            var e = fs.next();
            String host = dir.resolve(e.getValue().asText()).normalize().toString();
            try {
                mounts.add(MountSpec.parseVolume(host + ":" + e.getKey()).withReadOnly(true));
            } catch (MountException ex) {
                throw new ManifestException(file + ": [fs] \"" + e.getKey() + "\": " + ex.getMessage());
            }
        }
        return new WasmerManifest(dir.resolve(source).normalize(), commandName, mainArgs, env,
                text(wasi.path("cwd")), mounts);
    }

    private static List<JsonNode> list(JsonNode node) {
        var out = new ArrayList<JsonNode>();
        if (node.isArray()) {
            node.forEach(out::add);
        } else if (node.isObject()) {
            out.add(node);
        }
        return out;
    }

    private static String text(JsonNode node) {
        return node.isValueNode() ? node.asText() : null;
    }

    private static String oneLine(String s) {
        return s == null ? "" : s.lines().findFirst().orElse("");
    }

    /** A manifest that cannot be run; the message is one line for the user. */
    static final class ManifestException extends RuntimeException {
        ManifestException(String message) {
            super(message);
        }
    }
}
