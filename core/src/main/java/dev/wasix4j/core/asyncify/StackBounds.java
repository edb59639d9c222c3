package dev.wasix4j.core.asyncify;

import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Memory;
import com.dylibso.chicory.wasm.types.ExternalType;
import java.util.OptionalInt;

/**
 * The part of linear memory that is one guest thread's shadow stack, {@code [lower, upper)}.
 * Like wasmer, the engine puts the asyncify buffer at its bottom: everything between
 * {@code lower} and the current stack pointer is free while the thread is unwound.
 *
 * @param lower lowest byte of the stack
 * @param upper one past its highest byte (the initial stack pointer)
 */
public record StackBounds(int lower, int upper) {
    /** wasm-ld's default stack size: the assumption when a module tells nothing else. */
    static final int DEFAULT_STACK = 64 * 1024;
    /** Offsets in the 64-byte __wasi_thread_start_t wasix-libc passes to wasi_thread_start. */
    static final int START_STACK = 0;
    static final int START_STACK_SIZE = 56;
    static final int START_SIZE = 64;

    /**
     * The main thread's stack, read before {@code _start} runs: {@code __stack_high} or the
     * initial stack pointer on top; {@code __stack_low}, else {@code __data_end} when it lies below,
     * else wasm-ld's default size below the top (never below 0).
     */
    public static StackBounds forMain(Instance instance) {
        var sp = Asyncify.stackPointer(instance);
        if (sp == null) {
            return new StackBounds(0, 0);
        }
        int upper = exportedI32(instance, "__stack_high").orElse((int) sp.getValue());
        OptionalInt low = exportedI32(instance, "__stack_low");
        int lower;
        if (low.isPresent() && Integer.compareUnsigned(low.getAsInt(), upper) < 0) {
            lower = low.getAsInt();
        } else {
            OptionalInt dataEnd = exportedI32(instance, "__data_end");
            lower = dataEnd.isPresent() && Integer.compareUnsigned(dataEnd.getAsInt(), upper) < 0
                    ? dataEnd.getAsInt()
                    : Math.max(0, upper - DEFAULT_STACK);
        }
        return new StackBounds(lower, upper);
    }

    /**
     * A spawned thread's stack, from the start block its {@code wasi_thread_start} receives: the
     * stack top at offset 0 and, in wasix-libc's layout, the stack size at offset 56. A
     * wasi-threads block has no size: then wasm-ld's default size is assumed.
     */
    public static StackBounds forThread(Memory memory, int startArg, boolean wasixLayout) {
        long end = Integer.toUnsignedLong(startArg) + START_SIZE;
        if (end > (long) memory.pages() * Memory.PAGE_SIZE) {
            return new StackBounds(0, 0);
        }
        int upper = memory.readInt(startArg + START_STACK);
        int size = wasixLayout ? memory.readInt(startArg + START_STACK_SIZE) : 0;
        if (size <= 0 || Integer.compareUnsigned(size, upper) > 0) {
            size = Math.min(DEFAULT_STACK, upper);
        }
        return new StackBounds(upper - size, upper);
    }

    private static OptionalInt exportedI32(Instance instance, String name) {
        OptionalInt idx = ModuleExports.find(instance.module(), name, ExternalType.GLOBAL);
        return idx.isPresent() ? OptionalInt.of((int) instance.global(idx.getAsInt()).getValue()) : OptionalInt.empty();
    }
}
