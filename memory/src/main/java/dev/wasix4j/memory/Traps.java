package dev.wasix4j.memory;

import com.dylibso.chicory.runtime.TrapException;
import com.dylibso.chicory.runtime.WasmRuntimeException;
import com.dylibso.chicory.wasm.InvalidException;

/** The exceptions a guest memory raises, with the types and messages Chicory's own memories and machines use. */
final class Traps {

    /** Prefix the spec test harness and Chicory's memories use for every bounds trap. */
    static final String OUT_OF_BOUNDS = "out of bounds memory access";
    /** Chicory's interpreter and compiler report misaligned atomics with this message (as InvalidException). */
    static final String UNALIGNED_ATOMIC = "unaligned atomic";
    /** The threads proposal's trap for memory.atomic.wait on an unshared memory. */
    static final String EXPECTED_SHARED = "expected shared memory";

    private Traps() {}

    /** Same type and message as {@code ByteArrayMemory} raises for an access outside the memory. */
    static WasmRuntimeException outOfBounds(long addr, long size, long limit) {
        return new WasmRuntimeException(OUT_OF_BOUNDS
                + ": attempted to access address: " + addr
                + " but limit is: " + limit
                + " and size: " + size);
    }

    static WasmRuntimeException closed(long addr, long size) {
        return new WasmRuntimeException(OUT_OF_BOUNDS
                + ": attempted to access address: " + addr
                + " and size: " + size
                + " after the memory was released");
    }

    static InvalidException unalignedAtomic() {
        return new InvalidException(UNALIGNED_ATOMIC);
    }

    static TrapException expectedShared() {
        return new TrapException(EXPECTED_SHARED);
    }
}
