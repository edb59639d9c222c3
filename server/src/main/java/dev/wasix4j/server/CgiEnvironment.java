package dev.wasix4j.server;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The CGI/1.1 meta-variables of a request (RFC 3875, as wasmer's WCGI runner sets them): the guest
 * reads the request from its environment.
 *
 * <p>The program answers for the whole URL space, so, as under wasmer, SCRIPT_NAME and PATH_INFO
 * both carry the request path. Headers become {@code HTTP_NAME} (upper case, '-' as '_'); a header
 * whose name already holds '_' is left out, so that no client can forge another header's variable
 * ("X_Forwarded_For" against "X-Forwarded-For"), and so is Proxy (HTTP_PROXY would read as a proxy
 * setting: "httpoxy"). Content-Type and Content-Length go to CONTENT_TYPE
 * and CONTENT_LENGTH only; repeated headers are joined with ", ".
 */
final class CgiEnvironment {
    static final String GATEWAY_INTERFACE = "CGI/1.1";

    private CgiEnvironment() {}

    static Map<String, String> of(CgiRequest r, String serverSoftware) {
        var env = new LinkedHashMap<String, String>();
        env.put("GATEWAY_INTERFACE", GATEWAY_INTERFACE);
        env.put("SERVER_SOFTWARE", serverSoftware);
        env.put("SERVER_PROTOCOL", r.protocol());
        env.put("SERVER_NAME", r.serverName());
        env.put("SERVER_PORT", Integer.toString(r.serverPort()));
        env.put("REQUEST_METHOD", r.method());
        env.put("REQUEST_URI", r.query().isEmpty() ? r.path() : r.path() + "?" + r.query());
        env.put("SCRIPT_NAME", r.path());
        env.put("PATH_INFO", r.path());
        env.put("QUERY_STRING", r.query());
        env.put("REMOTE_ADDR", r.remoteAddress());
        env.put("REMOTE_PORT", Integer.toString(r.remotePort()));
        for (var h : r.headers()) {
            String name = h.getKey();
            if (name.equalsIgnoreCase("Content-Type")) {
                env.put("CONTENT_TYPE", h.getValue());
            } else if (name.equalsIgnoreCase("Content-Length")) {
                env.put("CONTENT_LENGTH", h.getValue());
            } else if (name.indexOf('_') < 0 && !name.isEmpty() && !name.equalsIgnoreCase("Proxy")) {
                String key = "HTTP_" + name.toUpperCase(Locale.ROOT).replace('-', '_');
                env.merge(key, h.getValue(), (a, b) -> a + ", " + b);
            }
        }
        return env;
    }
}
