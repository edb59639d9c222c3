package dev.wasix4j.server;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One HTTP request as a CGI program sees it: the request line, the headers, where it came from and
 * the body as a stream (read by the guest on its stdin as it arrives). Build with {@link #builder}.
 *
 * @param method request method, e.g. {@code GET}
 * @param path the request path, percent-decoded, starting with '/'
 * @param query the raw query string without '?', or "" when none
 * @param protocol {@code HTTP/1.1} or {@code HTTP/1.0}
 * @param headers header name/value pairs as received (names in any case; repeats allowed)
 * @param remoteAddress client address, e.g. {@code 127.0.0.1}
 * @param remotePort client port
 * @param serverName the host name the client asked for (Host header) or the listening address
 * @param serverPort the listening port
 * @param body the request body; an empty stream when there is none
 */
public record CgiRequest(
        String method,
        String path,
        String query,
        String protocol,
        List<Map.Entry<String, String>> headers,
        String remoteAddress,
        int remotePort,
        String serverName,
        int serverPort,
        InputStream body) {

    public CgiRequest {
        Objects.requireNonNull(method);
        Objects.requireNonNull(path);
        query = query == null ? "" : query;
        protocol = protocol == null ? "HTTP/1.1" : protocol;
        headers = List.copyOf(headers);
        remoteAddress = remoteAddress == null ? "" : remoteAddress;
        serverName = serverName == null ? "" : serverName;
        body = body == null ? InputStream.nullInputStream() : body;
    }

    /** The first value of header {@code name} (case-insensitive), or null. */
    public String header(String name) {
        for (var h : headers) {
            if (h.getKey().equalsIgnoreCase(name)) {
                return h.getValue();
            }
        }
        return null;
    }

    public static Builder builder(String method, String path) {
        return new Builder(method, path);
    }

    /** Builds a request for {@link CgiHandler#handle}; unset parts take the values a local client would have. */
    public static final class Builder {
        private final String method;
        private final String path;
        private String query = "";
        private String protocol = "HTTP/1.1";
        private final List<Map.Entry<String, String>> headers = new ArrayList<>();
        private String remoteAddress = "127.0.0.1";
        private int remotePort;
        private String serverName = "localhost";
        private int serverPort = 80;
        private InputStream body = InputStream.nullInputStream();

        private Builder(String method, String path) {
            this.method = method;
            this.path = path;
        }

        public Builder query(String query) {
            this.query = query;
            return this;
        }

        public Builder protocol(String protocol) {
            this.protocol = protocol;
            return this;
        }

        public Builder header(String name, String value) {
            headers.add(Map.entry(name, value));
            return this;
        }

        public Builder remote(String address, int port) {
            this.remoteAddress = address;
            this.remotePort = port;
            return this;
        }

        public Builder server(String name, int port) {
            this.serverName = name;
            this.serverPort = port;
            return this;
        }

        public Builder body(InputStream body) {
            this.body = body;
            return this;
        }

        public CgiRequest build() {
            return new CgiRequest(method, path, query, protocol, headers, remoteAddress, remotePort, serverName,
                    serverPort, body);
        }
    }
}
