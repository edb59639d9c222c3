package dev.wasix4j.abi;

/** {@code __wasi_filetype_t} (u8): what fd_filestat_get, fd_fdstat_get and fd_readdir report. */
public enum FileType {
    UNKNOWN(0),
    BLOCK_DEVICE(1),
    CHARACTER_DEVICE(2),
    DIRECTORY(3),
    REGULAR_FILE(4),
    SOCKET_DGRAM(5),
    SOCKET_STREAM(6),
    SYMBOLIC_LINK(7);

    private final int code;

    FileType(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }
}
