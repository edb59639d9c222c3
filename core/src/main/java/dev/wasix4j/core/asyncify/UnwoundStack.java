package dev.wasix4j.core.asyncify;

/**
 * A guest thread's call stack as asyncify saved it, plus the instance's mutable globals at that
 * moment (the shadow-stack pointer among them). It is a plain value: it can be rewound later in
 * the same instance (longjmp), or in another instance of the same module on a copy of the memory
 * (fork). The shadow stack's bytes are not part of it: longjmp does not restore them (as in C and
 * in wasmer), and a fork copies them with the rest of the memory.
 *
 * @param data the bytes asyncify wrote between the header and its current position
 * @param globalIndices which globals {@code globals} holds
 * @param globals their values
 */
public record UnwoundStack(byte[] data, int[] globalIndices, long[] globals) {}
