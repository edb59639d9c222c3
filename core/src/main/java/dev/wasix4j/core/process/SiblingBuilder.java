package dev.wasix4j.core.process;

import com.dylibso.chicory.runtime.ExecutionListener;
import com.dylibso.chicory.runtime.GlobalFactory;
import com.dylibso.chicory.runtime.ImportValues;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Machine;
import com.dylibso.chicory.runtime.TableFactory;
import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.DataSegment;
import com.dylibso.chicory.wasm.types.Element;
import com.dylibso.chicory.wasm.types.Export;
import com.dylibso.chicory.wasm.types.ExternalType;
import com.dylibso.chicory.wasm.types.FunctionBody;
import com.dylibso.chicory.wasm.types.FunctionImport;
import com.dylibso.chicory.wasm.types.FunctionType;
import com.dylibso.chicory.wasm.types.Global;
import com.dylibso.chicory.wasm.types.Table;
import com.dylibso.chicory.wasm.types.TagSection;
import com.dylibso.chicory.wasm.types.TagType;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * Builds a thread's instance of a program whose first instance Chicory's {@code Instance.Builder} already made, without
 * the builder's per-instance work: its import matching compares every import with every supplied import by name
 * (quadratic in the imports, with a stream and string concatenation per import: 35 % of the guest threads' CPU when
 * 10 000 threads each need a new instance) and it rebuilds the exports map and the function-type index. Here both are
 * done once; the imports, already checked against the module when the first instance was built, are passed in import
 * order, which is the order the builder's matching would produce.
 *
 * <p>Chicory 1.7.5 has no public way to do this: its {@code Instance} constructor is package-private and is reached by
 * reflection. Where that is not allowed (Chicory on the module path without the package opened, a Chicory whose
 * constructor differs) {@link #of} answers null and the caller keeps using the builder.
 */
public final class SiblingBuilder {
    private static final MethodHandle CONSTRUCTOR = constructor();

    private final WasmModule module;
    private final Global[] globals;
    private final DataSegment[] data;
    private final FunctionBody[] bodies;
    private final FunctionType[] types;
    private final int[] functionTypes;
    private final Table[] tables;
    private final Element[] elements;
    private final TagType[] tags;
    private final Map<String, Export> exports;

    private SiblingBuilder(WasmModule module) {
        this.module = module;
        this.globals = module.globalSection().globals();
        this.data = module.dataSection().dataSegments();
        this.bodies = module.codeSection().functionBodies();
        this.types = module.typeSection().types();
        var imports = module.importSection();
        int importedFunctions = imports.count(ExternalType.FUNCTION);
        this.functionTypes = new int[importedFunctions + module.functionSection().functionCount()];
        int f = 0;
        for (int i = 0; i < imports.importCount(); i++) {
            if (imports.getImport(i) instanceof FunctionImport fi) {
                functionTypes[f++] = fi.typeIndex();
            }
        }
        for (int i = 0; i < module.functionSection().functionCount(); i++) {
            functionTypes[f++] = module.functionSection().getFunctionType(i);
        }
        this.tables = new Table[module.tableSection().tableCount()];
        for (int i = 0; i < tables.length; i++) {
            tables[i] = module.tableSection().getTable(i);
        }
        this.elements = module.elementSection().elements();
        this.tags = module.tagSection().map(TagSection::types).orElse(null);
        var section = module.exportSection();
        this.exports = new HashMap<>();
        for (int i = 0; i < section.exportCount(); i++) {
            Export e = section.getExport(i);
            exports.put(e.name(), e);
        }
    }

    /**
     * A builder for more instances like {@code first}, or null when this shortcut does not apply: the constructor is
     * out of reach, or the module has imports other than functions, one memory and tables, or defines its own memory
     * (a thread must share the imported one), or {@code supplied} is not, kind by kind, exactly what the builder
     * matched for {@code first}.
     */
    public static SiblingBuilder of(Instance first, ImportValues supplied) {
        if (CONSTRUCTOR == null) {
            return null;
        }
        WasmModule module = first.module();
        var imports = module.importSection();
        if (module.memorySection().isPresent() || imports.count(ExternalType.GLOBAL) != 0
                || imports.count(ExternalType.TAG) != 0 || imports.count(ExternalType.MEMORY) > 1) {
            return null;
        }
        ImportValues matched = first.imports();
        if (matched.functionCount() != supplied.functionCount() || matched.memoryCount() != supplied.memoryCount()
                || matched.tableCount() != supplied.tableCount() || matched.globalCount() != 0
                || matched.tagCount() != 0) {
            return null;
        }
        for (int i = 0; i < matched.functionCount(); i++) {
            if (matched.function(i) != supplied.function(i)) {
                return null;
            }
        }
        for (int i = 0; i < matched.memoryCount(); i++) {
            if (matched.memory(i) != supplied.memory(i)) {
                return null;
            }
        }
        return new SiblingBuilder(module);
    }

    /**
     * A new initialised instance (globals, tables and element segments as the builder would make them; no start
     * function, as the thread path builds them) on {@code imports}: the same functions and memory as the first
     * instance's, in import order, and the thread's own tables.
     */
    public Instance build(ImportValues imports, Function<Instance, Machine> machines) {
        try {
            return (Instance) CONSTRUCTOR.invokeExact(module, globals, new com.dylibso.chicory.runtime.Memory[0], data,
                    bodies, types, functionTypes, imports, tables, elements, tags, exports, machines,
                    (TableFactory) null, (GlobalFactory) null, true, false, (ExecutionListener) null);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException("Chicory's Instance constructor failed", t);
        }
    }

    private static MethodHandle constructor() {
        try {
            var c = Instance.class.getDeclaredConstructor(WasmModule.class, Global[].class,
                    com.dylibso.chicory.runtime.Memory[].class, DataSegment[].class, FunctionBody[].class,
                    FunctionType[].class, int[].class, ImportValues.class, Table[].class, Element[].class,
                    TagType[].class, Map.class, Function.class, TableFactory.class, GlobalFactory.class,
                    boolean.class, boolean.class, ExecutionListener.class);
            c.setAccessible(true);
            return MethodHandles.lookup().unreflectConstructor(c);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null; // module path without the package opened, or another Chicory: the builder does it
        }
    }
}
