package dev.wasix4j.sockets;

/** {@code __wasi_sock_status_t} (u8): what sock_status reports. */
public enum SocketStatus {
    OPENING(0),
    OPENED(1),
    CLOSED(2),
    FAILED(3);

    private final int code;

    SocketStatus(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }
}
