package dev.wasix4j.core.syscall;

import dev.wasix4j.abi.Errno;
import dev.wasix4j.core.abi.ImportCatalog;
import dev.wasix4j.core.abi.ImportSpec;
import dev.wasix4j.core.abi.Wasi;
import dev.wasix4j.core.module.ImportSurface;
import dev.wasix4j.core.process.ProcessState;
import dev.wasix4j.core.syscalls.Syscalls;
import dev.wasix4j.threads.GuestThreads;
import dev.wasix4j.threads.Outcome;
import dev.wasix4j.threads.ThreadLimits;
import dev.wasix4j.threads.ThreadMode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Renders {@code docs/syscalls.md}, the syscall coverage table, from the code itself: a dispatcher
 * built the way a process builds one, asked import by import what serves it.
 *
 * <p>Regenerate with {@value #REGENERATE} (from the repository root) after registering, stubbing or
 * re-noting any syscall; {@code CoverageDocTest} fails while the file and the code disagree.
 */
public final class CoverageReport {
    /** The command that rewrites the file; quoted in the file and in the stale-file test failure. */
    public static final String REGENERATE = "mvn -q -pl core compile exec:java";
    /** Where the file lives, relative to the repository root. */
    public static final String DOC = "docs/syscalls.md";

    static final String IMPLEMENTED = "implemented";
    static final String NOT_PROVIDED = "ENOSYS";
    private static final String STUB_ARROW = "stub → ";
    private static final String PROGRAM_NAME = "coverage-report";
    private static final int THROWAWAY_PID = 1;
    private static final int ONE_PROCESSOR = 1;

    /** Calls preview1 added after wasi_unstable: legacy/preview0/witx/wasi_unstable.witx has no sock_accept. */
    static final Set<String> PREVIEW1_ONLY = Set.of("sock_accept");

    /**
     * wasi_unstable calls whose memory layout or enum numbering differs from preview1 (sources in the
     * section header below). A preview1 handler serving them answers wrongly for wasi_unstable callers,
     * so the table flags them until a wasi_unstable-specific handler is registered.
     */
    static final Map<String, String> UNSTABLE_DIFFERS = orderedMap(
            "fd_seek", "whence is numbered CUR=0, END=1, SET=2",
            "fd_filestat_get", "filestat is 56 bytes, nlink u32",
            "path_filestat_get", "filestat is 56 bytes, nlink u32",
            "poll_oneoff", "subscription is 56 bytes, clock subscriptions start with a u64 identifier");

    private CoverageReport() {}

    /** Writes the report to {@code args[0]}, or to {@value #DOC} under the current directory. */
    public static void main(String[] args) throws IOException {
        Path out = Path.of(args.length > 0 ? args[0] : DOC);
        Files.createDirectories(out.toAbsolutePath().getParent());
        Files.writeString(out, render(), StandardCharsets.UTF_8);
        System.out.println("wrote " + out.normalize());
    }

    /**
     * A dispatcher with every family registered as {@code WasixProcess} registers them, over a
     * throwaway process state and thread group that never run anything.
     */
    public static Dispatcher processDispatcher() {
        var state = new ProcessState(List.of(PROGRAM_NAME), List.of(), ProcessState.DEFAULT_CWD, THROWAWAY_PID);
        var threads = new GuestThreads(PROGRAM_NAME, ThreadMode.VIRTUAL, ThreadLimits.defaults(),
                (tid, failure) -> new Outcome.ThreadDone(), message -> {});
        // a sibling is passed so thread-spawn registers as it does for a module exporting wasi_thread_start
        return Syscalls.forProcess(state, threads, (tid, startArg) -> {}, ONE_PROCESSOR);
    }

    /** The whole of docs/syscalls.md for the current code. */
    public static String render() {
        return render(processDispatcher(), ImportCatalog.get());
    }

    /** What a row says of one import. */
    record Row(ImportSpec spec, String status, String note, boolean unstableMismatch) {}

    static String render(Dispatcher d, ImportCatalog catalog) {
        // an empty dispatcher answers every name with its default: what "no handler" looks like
        Coverage notProvided = new Dispatcher().lookup(Wasi.WASIX, "").coverage();
        var tables = new LinkedHashMap<Namespace, List<Row>>();
        for (Namespace ns : Namespace.values()) {
            var rows = new ArrayList<Row>();
            for (ImportSpec spec : catalog.module(ImportSurface.specModule(ns.moduleName()))) {
                if (ns == Namespace.UNSTABLE && PREVIEW1_ONLY.contains(spec.name())) {
                    continue;
                }
                rows.add(row(d, ns, spec, notProvided));
            }
            tables.put(ns, rows);
        }
        var md = new StringBuilder(64 * 1024);
        header(md);
        summary(md, tables);
        for (var e : tables.entrySet()) {
            md.append("\n## `").append(e.getKey().moduleName()).append("`\n\n");
            md.append(intro(e.getKey()));
            table(md, e.getValue());
        }
        return md.toString();
    }

    private static Row row(Dispatcher d, Namespace ns, ImportSpec spec, Coverage notProvided) {
        Dispatcher.Definition def = d.lookup(ns.moduleName(), spec.name());
        Coverage c = def.coverage();
        String status;
        String note = c.note();
        if (c.equals(notProvided)) {
            status = NOT_PROVIDED;
        } else if (c.status() == Coverage.Status.STUB) {
            // what this namespace's caller really sees (WASIX never sees ENOTCAPABLE)
            status = STUB_ARROW + Errno.of(ns.translate(c.errno())).name();
        } else {
            status = IMPLEMENTED;
        }
        boolean mismatch = false;
        if (ns == Namespace.UNSTABLE && UNSTABLE_DIFFERS.containsKey(spec.name()) && status.equals(IMPLEMENTED)
                && def.equals(d.lookup(Wasi.PREVIEW1, spec.name()))) {
            mismatch = true;
            note = "⚠ served by the preview1 handler, but " + UNSTABLE_DIFFERS.get(spec.name()) + ". " + note;
        }
        return new Row(spec, status, note, mismatch);
    }

    private static void header(StringBuilder md) {
        md.append("# Syscall coverage\n\n");
        md.append("<!-- Generated by dev.wasix4j.core.syscall.CoverageReport: do not edit by hand. -->\n\n");
        md.append("Every function import wasix4j binds, namespace by namespace, and what answers it. ")
                .append("The table is generated from the code: a dispatcher is built the way a process builds ")
                .append("one and asked, for each import of the ABI catalog ")
                .append("(`core/src/main/resources/dev/wasix4j/core/abi/imports.tsv`, in its order), ")
                .append("which registration serves it and with what note. ")
                .append("After registering, stubbing or re-noting any syscall, regenerate it from the repository root:\n\n");
        md.append("```sh\n").append(REGENERATE).append("\n```\n\n");
        md.append("(It takes the other modules from the local Maven repository: on a fresh clone run ")
                .append("`./build install -DskipTests` once first.) ")
                .append("`CoverageDocTest` fails while this file differs from what the code says.\n\n");
        md.append("Status: **implemented**: a handler serves the call. ")
                .append("**stub → ERRNO**: the call deliberately always answers that errno. ")
                .append("**ENOSYS**: the ABI lists the import, so every program that imports it still ")
                .append("instantiates, but nothing serves it yet; calling it answers ENOSYS (52).\n");
    }

    private static void summary(StringBuilder md, Map<Namespace, List<Row>> tables) {
        md.append("\n## Summary\n\n");
        for (var e : tables.entrySet()) {
            List<Row> rows = e.getValue();
            long implemented = rows.stream().filter(r -> r.status().equals(IMPLEMENTED)).count();
            long missing = rows.stream().filter(r -> r.status().equals(NOT_PROVIDED)).count();
            long stubs = rows.size() - implemented - missing;
            long mismatched = rows.stream().filter(Row::unstableMismatch).count();
            md.append("- `").append(e.getKey().moduleName()).append("`: ").append(rows.size())
                    .append(rows.size() == 1 ? " import: " : " imports: ")
                    .append(implemented).append(" implemented");
            if (mismatched > 0) {
                md.append(" (").append(mismatched).append(" of them with preview1's layout where wasi_unstable differs)");
            }
            md.append(", ").append(stubs).append(stubs == 1 ? " stub" : " stubs").append(" with a fixed errno, ")
                    .append(missing).append(" not provided → ENOSYS\n");
        }
    }

    private static String intro(Namespace ns) {
        return switch (ns) {
            case PREVIEW1 -> "WASI preview 1, as wasi-libc and wasix-libc programs import it.\n\n";
            case UNSTABLE -> UNSTABLE_INTRO;
            case WASIX -> "WASIX: preview1's calls again, then its own. A name shared with preview1 is served "
                    + "by the same handler; a WASIX caller sees ENOENT where a preview1 caller sees ENOTCAPABLE.\n\n";
            case WASI_THREADS -> "wasi-threads: `thread-spawn` starts a new guest thread on a sibling instance. "
                    + "It returns the new thread id, or a negated errno, rather than an errno.\n\n";
        };
    }

    /** The exact differences between wasi_unstable (preview 0) and preview1, with their sources. */
    private static final String UNSTABLE_INTRO = """
            WASI preview 0, the module old toolchains import. It has preview1's function names (all but \
            `sock_accept`, which preview1 added) and the same wasm signatures, so wasix4j binds it against \
            preview1's catalog entries and serves it from the same process state; a handler registered for \
            `wasi_unstable` alone takes precedence where the ABI differs. The differences a host must honour:

            - **`fd_seek` whence**: preview 0 numbers it `CUR`=0, `END`=1, `SET`=2 (preview1: `SET`=0, \
            `CUR`=1, `END`=2). Any other value is EINVAL.
            - **`filestat`** (`fd_filestat_get`, `path_filestat_get`): `linkcount` is u32, so the struct is \
            56 bytes, not 64: `dev` u64 @0, `ino` u64 @8, `filetype` u8 @16, `nlink` u32 @20, `size` u64 @24, \
            `atim` @32, `mtim` @40, `ctim` @48 (preview1: `nlink` u64 @24, `size` @32, `atim` @40, `mtim` @48, \
            `ctim` @56). A link count above 2³²−1 saturates (wasmtime) or fails (toywasm).
            - **`subscription`** (`poll_oneoff`'s input): the clock variant starts with a u64 `identifier`, so \
            each subscription is 56 bytes, not 48: `userdata` u64 @0, tag u8 @8, then for a clock \
            `identifier` u64 @16, `id` u32 @24, `timeout` u64 @32, `precision` u64 @40, `flags` u16 @48 \
            (preview1: `id` @16, `timeout` @24, `precision` @32, `flags` @40); for fd_read/fd_write, `fd` u32 @16 \
            in both. The `identifier` is ignored. `event` (32 bytes) is unchanged.
            - **rights**: preview 0 defines bits 0–28; preview1's `SOCK_ACCEPT` (bit 29) and WASIX's higher bits \
            do not exist there (wasmtime masks them out of `fd_fdstat_get`). Harmless to report.
            - Unchanged: errno values, clock ids, filetype, advice, fdflags, oflags, lookupflags, fstflags, \
            signal, eventtype, riflags/roflags/sdflags, and the `fdstat` (24 bytes), `dirent` (24), `prestat` (8), \
            `iovec` and `event` layouts.

            Sources: WebAssembly/WASI `legacy/preview0/witx/typenames.witx` and `legacy/preview0/docs.md` \
            (offsets and sizes), wasmtime `crates/wasi-common/src/snapshots/preview_0.rs`, wasmer \
            `lib/wasix/src/syscalls/legacy/snapshot0.rs`. The ABI meaning column below quotes preview1; ⚠ marks \
            a call still served by preview1's handler where the layouts above differ.

            """;

    private static void table(StringBuilder md, List<Row> rows) {
        md.append("| import | status | note | ABI meaning |\n");
        md.append("|---|---|---|---|\n");
        for (Row r : rows) {
            md.append("| `").append(r.spec().name()).append("` | ").append(r.status()).append(" | ")
                    .append(cell(r.note())).append(" | ").append(cell(r.spec().meaning())).append(" |\n");
        }
    }

    /** Markdown table cells cannot hold a pipe or a line break. */
    private static String cell(String text) {
        return text == null ? "" : text.replace("|", "\\|").replace("\n", " ").strip();
    }

    private static Map<String, String> orderedMap(String... keysAndValues) {
        var m = new LinkedHashMap<String, String>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            m.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return java.util.Collections.unmodifiableMap(m);
    }
}
