package dev.wasix4j.fs;

/**
 * The base of an {@link OpenFile#seek} offset. The ABI numbers each namespace gives these (preview1
 * and wasi_unstable differ) are decoded by the dispatcher, not here.
 */
public enum Whence {
    SET,
    CUR,
    END
}
