package dev.wasix4j.server;

import jdk.jfr.Category;
import jdk.jfr.DataAmount;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.Timespan;

/**
 * One JFR event per request a guest answered (or the queue refused), {@code dev.wasix4j.server.Request}:
 * record with {@code -XX:StartFlightRecording}. Registered when the first {@link CgiHandler} is made.
 */
@Name("dev.wasix4j.server.Request")
@Label("WASIX CGI Request")
@Category({"wasix4j", "Server"})
@Description("One HTTP request answered by a WASIX guest run as CGI")
public final class RequestEvent extends Event {
    @Label("Method")
    String method;

    @Label("Path")
    String path;

    @Label("Status")
    int status;

    @Label("Guest Exit Code")
    @Description("-1 when no guest ran")
    int exitCode;

    @Label("Response Bytes")
    @DataAmount
    long bytes;

    @Label("Queue Wait")
    @Timespan
    long queueNanos;

    @Label("Guest Start-up")
    @Timespan
    long startupNanos;
}
