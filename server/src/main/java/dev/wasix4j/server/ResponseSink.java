package dev.wasix4j.server;

import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * Where a {@link CgiCall} delivers its answer. Calls come from the call's own thread, in order:
 * either {@link #fail} alone, or {@link #head}, any number of {@link #body} and then {@link #end} or
 * {@link #abort}. {@link #body} may block (back-pressure): the guest waits until the client takes
 * its output.
 */
public interface ResponseSink {

    /**
     * The response head. {@code contentLength} is the body's length when known (the guest said so, or
     * its whole output is already in {@code firstBody}), or -1 for a streamed body.
     */
    void head(int status, List<Map.Entry<String, String>> headers, long contentLength) throws IOException;

    /** A piece of the body; the sink may keep {@code data} (it is not reused). */
    void body(byte[] data) throws IOException;

    /**
     * The whole answer at once (the guest ended before its body passed the hold-back size): a sink can
     * send it in one write. The default sends it as {@link #head}, {@link #body}, {@link #end}.
     */
    default void complete(int status, List<Map.Entry<String, String>> headers, byte[] body) throws IOException {
        head(status, headers, body.length);
        if (body.length > 0) {
            body(body);
        }
        end();
    }

    /** The body is complete. */
    void end();

    /** The guest's answer broke after the head went out (trap, time limit, size limit): cut it off. */
    void abort();

    /** No head went out: answer {@code status} with a short plain-text {@code message} instead. */
    void fail(int status, String message, List<Map.Entry<String, String>> headers);
}
