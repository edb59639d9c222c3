package dev.wasix4j.server;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;

/**
 * The answer of a CGI program: status and headers as its CGI header block said (or the server's own
 * error answer), and the body as a stream that delivers the guest's output as it writes it. Closing
 * the body before its end stops the guest.
 *
 * @param status HTTP status code
 * @param headers response headers (no hop-by-hop headers; Content-Length only when the guest gave one)
 * @param body the response body
 */
public record CgiResponse(int status, List<Map.Entry<String, String>> headers, InputStream body)
        implements AutoCloseable {

    public CgiResponse {
        headers = List.copyOf(headers);
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

    @Override
    public void close() throws IOException {
        body.close();
    }
}
