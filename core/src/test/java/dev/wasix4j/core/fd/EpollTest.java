package dev.wasix4j.core.fd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wasix4j.abi.FileType;
import dev.wasix4j.core.abi.Wasi;
import dev.wasix4j.core.abi.Wasi.EpollType;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * epoll over a resource that never reports readiness (an embedder's sockets provider may offer
 * no listener): a wait still sees it become ready, as poll_oneoff does, instead of sleeping forever.
 */
@Timeout(30)
class EpollTest {
    /** Readable once {@code ready} is set; tells nobody. */
    private record Silent(AtomicBoolean ready) implements FdResource {
        @Override
        public FileType fileType() {
            return FileType.SOCKET_STREAM;
        }

        @Override
        public boolean readReady() {
            return ready.get();
        }
    }

    private static final byte[] DATA = new byte[24];

    @Test
    void aWaitForeverSeesASilentResourceBecomeReady() throws Exception {
        var fds = new FdTable();
        var flag = new AtomicBoolean();
        int fd = fds.insert(new OpenDescription(new Silent(flag), Wasi.Rights.STREAM, 0, 0));
        var ep = new Epoll(fds);
        ep.add(fd, fds.find(fd).resource(), EpollType.IN, DATA, false);
        assertTrue(ep.await(8, 0).isEmpty(), "not ready yet");
        var waiting = CompletableFuture.supplyAsync(() -> {
            try {
                return ep.await(8, -1);
            } catch (InterruptedException e) {
                throw new RuntimeException(e);
            }
        });
        Thread.sleep(50);
        flag.set(true);
        List<Epoll.Ready> got = waiting.get(10, TimeUnit.SECONDS);
        assertEquals(1, got.size());
        assertEquals(EpollType.IN, got.get(0).events() & EpollType.IN);
        assertTrue(ep.readReady(), "an epoll holding a ready silent interest is itself readable");
    }

    @Test
    void aSilentEdgeTriggeredInterestIsReportedWhileReady() throws Exception {
        var fds = new FdTable();
        var flag = new AtomicBoolean(true);
        int fd = fds.insert(new OpenDescription(new Silent(flag), Wasi.Rights.STREAM, 0, 0));
        var ep = new Epoll(fds);
        ep.add(fd, fds.find(fd).resource(), EpollType.IN | EpollType.ET, DATA, false);
        assertEquals(1, ep.await(8, 0).size());
        assertEquals(1, ep.await(8, 0).size(), "no edge can be seen: reported as level-triggered");
        flag.set(false);
        assertTrue(ep.await(8, TimeUnit.MILLISECONDS.toNanos(30)).isEmpty());
    }
}
