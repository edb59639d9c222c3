package dev.wasix4j.server;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/**
 * An HTTP/1.1 server that answers every request with a fresh guest of one WASIX program, run as CGI
 * ({@code wasix serve}). {@link #close} drains: it stops accepting, lets requests in flight finish
 * (up to {@link ServerConfig#drainTimeout()}), then stops what is left.
 */
public final class WasixServer implements AutoCloseable {
    private final CgiHandler cgi;
    private final EventLoopGroup boss;
    private final EventLoopGroup workers;
    private final Channel serverChannel;
    private final ChannelGroup connections = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
    private volatile boolean draining;
    private volatile boolean closed;
    private final java.util.concurrent.CountDownLatch closedLatch = new java.util.concurrent.CountDownLatch(1);

    private WasixServer(CgiHandler cgi, InetSocketAddress listen, int eventLoops) throws InterruptedException {
        this.cgi = cgi;
        boolean epoll = Epoll.isAvailable();
        this.boss = new MultiThreadIoEventLoopGroup(1, epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
        this.workers = new MultiThreadIoEventLoopGroup(eventLoops,
                epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
        try {
            var bootstrap = new ServerBootstrap()
                    .group(boss, workers)
                    .channel(epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class)
                    .option(ChannelOption.SO_BACKLOG, 4096)
                    .option(ChannelOption.SO_REUSEADDR, true)
                    .childOption(ChannelOption.AUTO_READ, false)
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(64 << 10, 256 << 10))
                    .childHandler(new ChannelInitializer<Channel>() {
                        @Override
                        protected void initChannel(Channel ch) {
                            connections.add(ch);
                            WasixHttpHandler.install(ch.pipeline(), cgi, () -> draining);
                        }
                    });
            this.serverChannel = bootstrap.bind(listen).sync().channel();
        } catch (RuntimeException | InterruptedException e) {
            boss.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
            workers.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
            throw e;
        }
    }

    /** Starts serving {@code cgi} on {@code listen} (port 0: any free port, see {@link #port()}). */
    public static WasixServer start(CgiHandler cgi, InetSocketAddress listen) throws InterruptedException {
        return new WasixServer(cgi, listen, Math.max(1, Runtime.getRuntime().availableProcessors()));
    }

    public InetSocketAddress address() {
        return (InetSocketAddress) serverChannel.localAddress();
    }

    public int port() {
        return address().getPort();
    }

    public CgiHandler handler() {
        return cgi;
    }

    public ServerMetrics metrics() {
        return cgi.metrics();
    }

    /** Blocks until the server is closed. */
    public void awaitClosed() throws InterruptedException {
        closedLatch.await();
    }

    /**
     * Stops accepting connections, answers new requests on open connections with 503, waits for the
     * requests in flight to finish (at most the drain timeout), then stops any guest still running
     * and closes every connection. Idempotent.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        draining = true;
        serverChannel.close().awaitUninterruptibly();
        boolean interrupted = false;
        try {
            cgi.awaitIdle(cgi.config().drainTimeout());
            // a connection closes its guest when it closes (WasixHttpHandler.channelInactive)
            connections.close().awaitUninterruptibly();
            cgi.awaitIdle(java.time.Duration.ofSeconds(5));
        } catch (InterruptedException e) {
            interrupted = true;
            connections.close().awaitUninterruptibly();
        }
        boss.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly();
        workers.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly();
        closed = true;
        closedLatch.countDown();
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
