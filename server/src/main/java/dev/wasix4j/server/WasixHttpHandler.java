package dev.wasix4j.server;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.timeout.IdleState;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The Netty side of CGI serving: one instance per connection, after an {@link HttpServerCodec}
 * (use {@link #install} to add both with the idle timeouts). Each request runs a fresh guest on a
 * virtual thread; the event loop never waits for a guest.
 *
 * <p>The connection reads only on demand ({@code AUTO_READ} off): the request body goes into a
 * bounded buffer that the guest's stdin drains, and the socket is not read while it is full. The
 * guest's output is written as it comes; while the channel is not writable the guest's write waits.
 * A client that stops sending a body it started, or stops taking the response, for longer than the
 * idle timeouts has its connection closed and its guest stopped. One request at a time per
 * connection: a pipelined request waits until the previous response is out.
 */
public final class WasixHttpHandler extends ChannelInboundHandlerAdapter {
    private static final int MAX_INITIAL_LINE = 8192;
    private static final int MAX_HEADER_SIZE = 16384;
    private static final int MAX_CHUNK = 65536;

    private final CgiHandler cgi;
    private final Draining draining;
    private final ArrayDeque<Object> pending = new ArrayDeque<>();
    private ChannelHandlerContext ctx;
    private Exchange current;
    /** An answer went out before the request was read to its end: what still comes is dropped. */
    private boolean lingering;
    /** How long a lingering connection may keep sending before it is closed anyway. */
    private static final long LINGER_MS = 2_000;

    public WasixHttpHandler(CgiHandler cgi) {
        this(cgi, Draining.NEVER);
    }

    WasixHttpHandler(CgiHandler cgi, Draining draining) {
        this.cgi = cgi;
        this.draining = draining;
    }

    /** Whether the server is shutting down (then each connection closes after its current response). */
    interface Draining {
        Draining NEVER = () -> false;

        boolean draining();
    }

    /**
     * Adds the HTTP codec, the idle timeouts and a new handler for {@code cgi} to a connection's
     * pipeline. The channel should have {@code AUTO_READ} off: the handler reads on demand.
     */
    public static void install(ChannelPipeline pipeline, CgiHandler cgi) {
        install(pipeline, cgi, Draining.NEVER);
    }

    static void install(ChannelPipeline pipeline, CgiHandler cgi, Draining draining) {
        var c = cgi.config();
        pipeline.channel().config().setAutoRead(false);
        pipeline.addLast("http", new HttpServerCodec(MAX_INITIAL_LINE, MAX_HEADER_SIZE, MAX_CHUNK));
        pipeline.addLast("idle", new IdleStateHandler(c.readIdleTimeout().toMillis(), c.writeIdleTimeout().toMillis(),
                0, TimeUnit.MILLISECONDS));
        pipeline.addLast("wasix", new WasixHttpHandler(cgi, draining));
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        ctx.channel().config().setAutoRead(false);
        if (ctx.channel().isActive()) {
            ctx.read();
        }
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        ctx.read();
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (lingering) {
            ReferenceCountUtil.release(msg);
            return;
        }
        // a pipelined request (and its body) waits until the response before it is out
        if (!pending.isEmpty() || (current != null && msg instanceof HttpRequest)) {
            pending.add(msg);
            return;
        }
        dispatch(msg);
    }

    private void dispatch(Object msg) {
        try {
            if (msg instanceof HttpRequest req) {
                start(req);
            }
            if (msg instanceof HttpContent content) {
                body(content);
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        if (lingering) {
            ctx.read();
            return;
        }
        var ex = current;
        if (ex == null) {
            if (pending.isEmpty() && ctx.channel().isActive()) {
                ctx.read();
            }
        } else if (!ex.bodyDone && !ex.pipe.isFull()) {
            ctx.read();
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        var ex = current;
        if (ex != null) {
            ex.sink.wake();
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        var ex = current;
        if (ex != null) {
            ex.clientGone();
        }
        while (!pending.isEmpty()) {
            ReferenceCountUtil.release(pending.poll());
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof IdleStateEvent idle) {
            var ex = current;
            boolean stalled = idle.state() == IdleState.READER_IDLE
                    ? ex == null || (!ex.bodyDone && !ex.pipe.isFull())
                    : ex != null && !ctx.channel().isWritable();
            if (stalled) {
                ctx.close();
            }
            return;
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (!(cause instanceof IOException)) {
            cgi.config().errorLog().accept("wasix serve: connection error: " + cause);
        }
        ctx.close();
    }

    private void start(HttpRequest req) {
        if (req.decoderResult().isFailure()) {
            refuse(HttpResponseStatus.BAD_REQUEST, "malformed request", List.of(), true);
            return;
        }
        long length = HttpUtil.getContentLength(req, -1L);
        if (length > cgi.config().maxRequestBody()) {
            cgi.metrics().answered(413, 0, 0);
            refuse(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE, "the request body is too large", List.of(), true);
            return;
        }
        if (draining.draining()) {
            cgi.metrics().answered(503, 0, 0);
            refuse(HttpResponseStatus.SERVICE_UNAVAILABLE, "the server is shutting down",
                    List.of(Map.entry("Retry-After", Integer.toString(cgi.config().retryAfterSeconds()))), true);
            return;
        }
        var request = cgiRequest(req);
        var ex = new Exchange(req, request);
        var call = cgi.newCall(request.build(ex.pipe), ex.sink);
        if (call == null) {
            cgi.metrics().answered(503, 0, 0);
            refuse(HttpResponseStatus.SERVICE_UNAVAILABLE, "too many requests; try again later",
                    List.of(Map.entry("Retry-After", Integer.toString(cgi.config().retryAfterSeconds()))), true);
            return;
        }
        if (HttpUtil.is100ContinueExpected(req)) {
            ctx.writeAndFlush(new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.CONTINUE));
        }
        ex.call = call;
        // a request without a body is complete with its head (the decoder's empty last part is then ignored):
        // known now, so a guest that answers at once can keep the connection alive
        if (!HttpUtil.isTransferEncodingChunked(req) && length <= 0) {
            ex.bodyDone = true;
            ex.pipe.end();
        }
        current = ex;
        cgi.execute(call);
    }

    private void body(HttpContent content) {
        var ex = current;
        if (ex == null || ex.bodyDone) {
            return;
        }
        if (content.decoderResult().isFailure()) {
            ex.pipe.fail(new IOException("malformed request body"));
            ex.bodyDone = true;
            ex.closeAfter = true;
            return;
        }
        ByteBuf buf = content.content();
        if (buf.isReadable()) {
            ex.pipe.offer(ByteBufUtil.getBytes(buf));
        }
        if (content instanceof LastHttpContent) {
            ex.bodyDone = true;
            ex.pipe.end();
        }
    }

    /** An answer of the server's own, before any guest ran: always closes the connection after it. */
    private void refuse(HttpResponseStatus status, String message, List<Map.Entry<String, String>> headers,
            boolean close) {
        var res = errorResponse(status.code(), message, headers);
        res.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        current = new Exchange(null, null);
        current.bodyDone = true;
        ctx.writeAndFlush(res).addListener(f -> lingerThenClose());
    }

    /**
     * Closes a connection whose request was not read to its end (413, 400) without losing the
     * answer: closing with unread bytes makes the kernel reset the connection, and a reset can
     * destroy the answer before the client reads it. So the output is shut (the client sees the
     * end of the answer), what the client still sends is read and dropped, and the connection
     * closes when the client does, or after {@value #LINGER_MS} ms.
     */
    private void lingerThenClose() {
        if (!(ctx.channel() instanceof io.netty.channel.socket.DuplexChannel duplex) || !ctx.channel().isActive()) {
            ctx.close();
            return;
        }
        lingering = true;
        pending.forEach(ReferenceCountUtil::release);
        pending.clear();
        duplex.shutdownOutput().addListener(f -> ctx.read());
        ctx.executor().schedule(() -> {
            ctx.close();
        }, LINGER_MS, TimeUnit.MILLISECONDS);
    }

    private static FullHttpResponse errorResponse(int status, String message, List<Map.Entry<String, String>> headers) {
        byte[] body = (message + "\n").getBytes(StandardCharsets.UTF_8);
        var res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(status),
                Unpooled.wrappedBuffer(body));
        headers.forEach(h -> res.headers().add(h.getKey(), h.getValue()));
        res.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8");
        res.headers().set(HttpHeaderNames.CONTENT_LENGTH, body.length);
        return res;
    }

    private RequestParts cgiRequest(HttpRequest req) {
        var decoder = new QueryStringDecoder(req.uri());
        String rawPath = decoder.rawPath();
        String path;
        try {
            path = QueryStringDecoder.decodeComponent(rawPath);
        } catch (IllegalArgumentException e) {
            path = rawPath;
        }
        if (!path.startsWith("/")) {
            path = "/" + path;
        }
        var headers = new ArrayList<Map.Entry<String, String>>();
        for (var h : req.headers()) {
            headers.add(Map.entry(h.getKey(), h.getValue()));
        }
        var remote = ctx.channel().remoteAddress() instanceof InetSocketAddress r ? r : null;
        var local = ctx.channel().localAddress() instanceof InetSocketAddress l ? l : null;
        String host = req.headers().get(HttpHeaderNames.HOST);
        String serverName = host != null ? stripPort(host) : local != null ? local.getHostString() : "";
        return new RequestParts(req.method().name(), path, decoder.rawQuery(), req.protocolVersion().text(), headers,
                remote != null ? remote.getAddress().getHostAddress() : "", remote != null ? remote.getPort() : 0,
                serverName, local != null ? local.getPort() : 0);
    }

    private static String stripPort(String host) {
        if (host.startsWith("[")) {
            int close = host.indexOf(']');
            return close > 0 ? host.substring(0, close + 1) : host;
        }
        int colon = host.lastIndexOf(':');
        return colon > 0 ? host.substring(0, colon) : host;
    }

    private record RequestParts(String method, String path, String query, String protocol,
            List<Map.Entry<String, String>> headers, String remoteAddress, int remotePort, String serverName,
            int serverPort) {
        CgiRequest build(java.io.InputStream body) {
            return new CgiRequest(method, path, query, protocol, headers, remoteAddress, remotePort, serverName,
                    serverPort, body);
        }
    }

    /** The response is out (or cut off): next request, or close. Runs on the event loop. */
    private void finished(Exchange ex, boolean close) {
        if (current != ex) {
            return;
        }
        current = null;
        if (close || !ex.bodyDone || draining.draining() || !ctx.channel().isActive()) {
            if (!ex.bodyDone) {
                lingerThenClose(); // the client may still be sending the body: let it, then close
            } else {
                ctx.close();
            }
            return;
        }
        while (!pending.isEmpty() && !(current != null && pending.peek() instanceof HttpRequest)) {
            dispatch(pending.poll());
        }
        if (current == null) {
            ctx.read();
        } else if (!current.bodyDone && !current.pipe.isFull()) {
            ctx.read();
        }
    }

    /** One request on this connection: its body buffer, its call and the sink its guest writes to. */
    private final class Exchange {
        final HttpRequest request;
        final BytePipe pipe;
        final ChannelSink sink;
        volatile boolean bodyDone;
        volatile boolean closeAfter;
        CgiCall call;

        Exchange(HttpRequest request, RequestParts parts) {
            this.request = request;
            this.pipe = new BytePipe(cgi.config().stdinBufferBytes(), this::drained);
            boolean keepAlive = request != null && HttpUtil.isKeepAlive(request);
            this.sink = new ChannelSink(this, keepAlive,
                    request != null && request.method().equals(HttpMethod.HEAD),
                    request != null ? request.protocolVersion() : HttpVersion.HTTP_1_1);
        }

        /** The guest took the stdin buffer below its low-water mark: read the socket again. */
        private void drained() {
            ctx.executor().execute(() -> {
                if (current == this && !bodyDone && ctx.channel().isActive()) {
                    ctx.read();
                }
            });
        }

        void clientGone() {
            pipe.fail(new IOException("the client closed the connection"));
            sink.wake();
            var c = call;
            if (c != null) {
                c.cancel();
            }
        }
    }

    /** Writes a guest's answer to the channel from the guest's side, waiting while the channel is full. */
    private final class ChannelSink implements ResponseSink {
        private final Exchange ex;
        private final boolean keepAlive;
        private final boolean head;
        private final HttpVersion version;
        private final ReentrantLock lock = new ReentrantLock();
        private final Condition writable = lock.newCondition();

        ChannelSink(Exchange ex, boolean keepAlive, boolean head, HttpVersion version) {
            this.ex = ex;
            this.keepAlive = keepAlive;
            this.head = head;
            this.version = version;
        }

        void wake() {
            lock.lock();
            try {
                writable.signalAll();
            } finally {
                lock.unlock();
            }
        }

        private boolean keepAlive() {
            return keepAlive && ex.bodyDone && !ex.closeAfter && !draining.draining();
        }

        @Override
        public void head(int status, List<Map.Entry<String, String>> headers, long contentLength) throws IOException {
            Channel ch = ctx.channel();
            if (!ch.isActive()) {
                throw new IOException("the client closed the connection");
            }
            HttpResponse res = new DefaultHttpResponse(version, HttpResponseStatus.valueOf(status));
            headers.forEach(h -> res.headers().add(h.getKey(), h.getValue()));
            boolean bodyless = head || status == 204 || status == 304;
            if (contentLength >= 0) {
                res.headers().set(HttpHeaderNames.CONTENT_LENGTH, contentLength);
            } else if (!bodyless) {
                if (version.equals(HttpVersion.HTTP_1_0)) {
                    ex.closeAfter = true;
                } else {
                    HttpUtil.setTransferEncodingChunked(res, true);
                }
            }
            boolean ka = keepAlive();
            HttpUtil.setKeepAlive(res, ka);
            if (!ka) {
                ex.closeAfter = true;
            }
            ctx.writeAndFlush(res);
        }

        @Override
        public void complete(int status, List<Map.Entry<String, String>> headers, byte[] body) throws IOException {
            Channel ch = ctx.channel();
            if (!ch.isActive()) {
                throw new IOException("the client closed the connection");
            }
            // one write, one wake-up of the event loop, for the usual small answer
            boolean noBody = status == 204 || status == 304; // neither may carry a body nor, for 204, a length
            var res = new DefaultFullHttpResponse(version, HttpResponseStatus.valueOf(status),
                    head || noBody ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(body));
            headers.forEach(h -> res.headers().add(h.getKey(), h.getValue()));
            if (!noBody) {
                res.headers().set(HttpHeaderNames.CONTENT_LENGTH, body.length);
            }
            boolean ka = keepAlive();
            HttpUtil.setKeepAlive(res, ka);
            if (!ka) {
                ex.closeAfter = true;
            }
            ctx.writeAndFlush(res).addListener(f -> finished(ex, ex.closeAfter || !f.isSuccess()));
        }

        @Override
        public void body(byte[] data) throws IOException {
            Channel ch = ctx.channel();
            lock.lock();
            try {
                while (!ch.isWritable() && ch.isActive()) {
                    writable.await(100, TimeUnit.MILLISECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted");
            } finally {
                lock.unlock();
            }
            if (!ch.isActive()) {
                throw new IOException("the client closed the connection");
            }
            ctx.writeAndFlush(new DefaultHttpContent(Unpooled.wrappedBuffer(data)));
        }

        @Override
        public void end() {
            ctx.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT)
                    .addListener(f -> finished(ex, ex.closeAfter || !f.isSuccess()));
        }

        @Override
        public void abort() {
            ctx.executor().execute(() -> {
                ctx.close();
                finished(ex, true);
            });
        }

        @Override
        public void fail(int status, String message, List<Map.Entry<String, String>> headers) {
            var res = errorResponse(status, message, headers);
            boolean ka = keepAlive() && status != 413;
            HttpUtil.setKeepAlive(res, ka);
            ctx.writeAndFlush(res).addListener(f -> finished(ex, !ka || !f.isSuccess()));
        }
    }
}
