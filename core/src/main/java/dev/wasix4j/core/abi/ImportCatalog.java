package dev.wasix4j.core.abi;

import com.dylibso.chicory.wasm.types.ValType;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Every import the host can be asked for, read once from {@code imports.tsv}.
 *
 * <p>The table is generated from the ABI fact sheets by {@code tools/gen-import-catalog.py}; it is
 * the single source of each import's wasm signature, so handlers never restate one.
 */
public final class ImportCatalog {
    private static final String RESOURCE = "imports.tsv";
    private static final ImportCatalog INSTANCE = load();

    private final Map<String, ImportSpec> byQualifiedName;

    private ImportCatalog(Map<String, ImportSpec> byQualifiedName) {
        this.byQualifiedName = Collections.unmodifiableMap(byQualifiedName);
    }

    public static ImportCatalog get() {
        return INSTANCE;
    }

    /** The spec, or null when the ABI has no such import. */
    public ImportSpec find(String module, String name) {
        return byQualifiedName.get(module + "." + name);
    }

    public Collection<ImportSpec> all() {
        return byQualifiedName.values();
    }

    public List<ImportSpec> module(String module) {
        return byQualifiedName.values().stream().filter(s -> s.module().equals(module)).toList();
    }

    private static ImportCatalog load() {
        var in = Objects.requireNonNull(ImportCatalog.class.getResourceAsStream(RESOURCE), RESOURCE);
        var map = new LinkedHashMap<String, ImportSpec>();
        try (var r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] f = line.split("\t", -1);
                var params = new ArrayList<ImportSpec.Param>();
                if (!f[3].isEmpty()) {
                    for (String p : f[3].split(",")) {
                        String[] parts = p.split(":");
                        boolean string = parts.length > 2 && parts[2].equals("str");
                        params.add(new ImportSpec.Param(parts[0], valType(parts[1]), string));
                    }
                }
                ValType result = f[4].isEmpty() ? null : valType(f[4]);
                var spec = new ImportSpec(f[0], f[1], f[2], List.copyOf(params), result, f[5]);
                map.put(spec.qualifiedName(), spec);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new ImportCatalog(map);
    }

    private static ValType valType(String s) {
        return switch (s.trim()) {
            case "i32" -> ValType.I32;
            case "i64" -> ValType.I64;
            case "f32" -> ValType.F32;
            case "f64" -> ValType.F64;
            default -> throw new IllegalStateException("imports.tsv: unknown wasm type " + s);
        };
    }
}
