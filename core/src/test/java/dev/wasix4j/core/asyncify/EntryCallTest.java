package dev.wasix4j.core.asyncify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.dylibso.chicory.runtime.ByteArrayMemory;
import com.dylibso.chicory.runtime.HostFunction;
import com.dylibso.chicory.runtime.ImportMemory;
import com.dylibso.chicory.runtime.ImportValues;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.InterpreterMachine;
import com.dylibso.chicory.runtime.Memory;
import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.FunctionType;
import com.dylibso.chicory.wasm.types.MemoryLimits;
import com.dylibso.chicory.wasm.types.ValType;
import dev.wasix4j.core.testing.Guests;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The engine the way proc_fork will use it (guests/control/wat/fork_engine.wat): one unwind, then
 * the same saved stack rewound in a second instance on a copy of the memory and in the first.
 */
class EntryCallTest {
    private static final WasmModule MODULE = Parser.parse(Guests.path("control/wat/fork_engine.wasm"));

    /** What each instance reported: "which:value", in order. */
    private final List<String> reports = Collections.synchronizedList(new ArrayList<>());

    private Instance instance(String who, Memory memory, HostFunction fork) {
        var report = new HostFunction("host", "report", FunctionType.of(List.of(ValType.I32, ValType.I32), List.of()),
                (inst, args) -> {
                    reports.add(who + ":" + args[0] + "=" + args[1]);
                    return null;
                });
        var imports = ImportValues.builder()
                .addFunction(fork, report)
                .addMemory(new ImportMemory("env", "memory", memory))
                .build();
        return Instance.builder(MODULE).withImportValues(imports).withStart(false).build();
    }

    private static HostFunction fork(Forker body) {
        return new HostFunction("host", "fork", FunctionType.of(List.of(), List.of(ValType.I32)), (inst, args) -> {
            EntryCall call = EntryCall.current();
            if (call.rewinding()) {
                return new long[] {call.finishRewind()};
            }
            body.fork(call);
            return new long[] {0};   // ignored: the guest is unwinding
        });
    }

    @FunctionalInterface
    interface Forker {
        void fork(EntryCall call);
    }

    @Test
    void oneUnwoundStackRewoundInACopyAndInTheOriginal() {
        var limits = new MemoryLimits(1, 1);
        var parentMemory = new ByteArrayMemory(limits);
        int[] stacksSaved = {0};
        HostFunction fork = fork(call -> call.unwind(stack -> {
            stacksSaved[0]++;
            // the child: a new instance on a copy of the memory, entered by rewinding the stack
            var childMemory = new ByteArrayMemory(limits);
            childMemory.write(0, parentMemory.readBytes(0, Memory.PAGE_SIZE));
            Instance child = instance("child", childMemory, fork(c -> {
                throw new AssertionError("the child must come back through its rewind, not fork again");
            }));
            call.on(child).resume(stack, 0);
            // the parent rewinds in place and sees the child's pid
            return Resume.rewind(stack, 7);
        }));
        Instance parent = instance("parent", parentMemory, fork);
        var entry = EntryCall.ofExport(parent, "_start", new long[0], StackBounds.forMain(parent), InterpreterMachine::new);
        assertTrue(entry.asyncified());

        entry.run();

        assertEquals(1, stacksSaved[0]);
        // fork's result plus the value kept on the shadow stack across the fork; then the
        // stack pointer is back at its top in both
        assertEquals(List.of("child:1=100", "child:2=65536", "parent:1=107", "parent:2=65536"), reports);
    }

    @Test
    void aModuleWithoutAsyncifyExportsIsReportedAsSuch() {
        var m = Parser.parse(Guests.path("wat/no_start.wasm"));
        var inst = Instance.builder(m).withStart(false).build();
        assertEquals(null, Asyncify.of(inst, inst.getMachine()));
    }
}
