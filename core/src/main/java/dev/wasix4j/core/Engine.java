package dev.wasix4j.core;

/** How guest code runs. */
public enum Engine {
    /** Chicory's runtime compiler: wasm to JVM bytecode, once per program. The default. */
    COMPILED,
    /** Chicory's interpreter: no compile cost, roughly 300 times slower. */
    INTERPRETED
}
