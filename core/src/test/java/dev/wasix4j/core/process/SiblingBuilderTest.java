package dev.wasix4j.core.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import com.dylibso.chicory.runtime.ByteArrayMemory;
import com.dylibso.chicory.runtime.HostFunction;
import com.dylibso.chicory.runtime.ImportMemory;
import com.dylibso.chicory.runtime.ImportValues;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.InterpreterMachine;
import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.FunctionImport;
import com.dylibso.chicory.wasm.types.MemoryLimits;
import dev.wasix4j.core.testing.Guests;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A thread instance built without Chicory's builder must be the instance the builder would have made. */
class SiblingBuilderTest {
    private final WasmModule module = Parser.parse(Guests.path("wat/thread_table_writes.wasm"));
    private final ImportMemory memory = new ImportMemory("env", "memory", new ByteArrayMemory(new MemoryLimits(1, 1, true)));

    private List<HostFunction> hostFunctions() {
        var functions = new ArrayList<HostFunction>();
        var imports = module.importSection();
        for (int i = 0; i < imports.importCount(); i++) {
            if (imports.getImport(i) instanceof FunctionImport f) {
                functions.add(new HostFunction(f.module(), f.name(), module.typeSection().getType(f.typeIndex()),
                        (instance, args) -> new long[] {0}));
            }
        }
        return functions;
    }

    private ImportValues imports(List<HostFunction> functions) {
        return ImportValues.builder().addFunction(functions.toArray(HostFunction[]::new)).addMemory(memory).build();
    }

    @Test
    void aSiblingHasTheSameImportsFreshGlobalsAndItsOwnElementInitialisedTable() {
        var functions = hostFunctions();
        Instance first = Instance.builder(module).withImportValues(imports(functions)).withStart(false).build();
        var builder = SiblingBuilder.of(first, imports(functions));
        assertNotNull(builder, "the shortcut applies to a module importing functions and one memory");
        first.table(0).setRef(0, -1, first); // as the guest's table.set would
        first.global(0).setValue(99);

        Instance sibling = builder.build(imports(functions), InterpreterMachine::new);
        assertNotSame(first.table(0), sibling.table(0));
        assertEquals(1, sibling.table(0).size());
        assertEquals(first.imports().function(0), sibling.imports().function(0));
        assertSame(memory.memory(), sibling.memory());
        assertEquals(first.imports().functionCount(), sibling.table(0).ref(0), "slot 0 is $answer again");
        assertEquals(4096, sibling.global(0).getValue(), "globals start from their initialisers");
        assertEquals(42, callAnswer(sibling));
    }

    private static int callAnswer(Instance instance) {
        // $answer is the first defined function: imports come first in the index space
        return (int) instance.getMachine().call(instance.imports().functionCount(), new long[0])[0];
    }

    @Test
    void suppliedImportsThatAreNotWhatTheBuilderMatchedAreRefused() {
        var functions = hostFunctions();
        Instance first = Instance.builder(module).withImportValues(imports(functions)).withStart(false).build();
        var shuffled = new ArrayList<>(functions);
        Collections.reverse(shuffled);
        assertNull(SiblingBuilder.of(first, imports(shuffled)), "other function order");
        assertNull(SiblingBuilder.of(first, imports(hostFunctions())), "other function objects");
    }
}
