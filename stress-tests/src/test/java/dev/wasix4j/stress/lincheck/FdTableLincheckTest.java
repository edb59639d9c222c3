package dev.wasix4j.stress.lincheck;

import dev.wasix4j.abi.FileType;
import dev.wasix4j.abi.ErrnoException;
import dev.wasix4j.core.fd.FdResource;
import dev.wasix4j.core.fd.FdTable;
import dev.wasix4j.core.fd.OpenDescription;
import java.io.IOException;
import java.util.List;
import org.jetbrains.lincheck.datastructures.IntGen;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;
import org.junit.jupiter.api.Test;

/**
 * The descriptor table under concurrent guest threads behaves as if every open, dup, dup2
 * (renumber) and close happened one at a time: the lowest free number is handed out, a number is
 * never given twice, and a description stays open exactly as long as a number refers to it. Four
 * slots, so the table is often full (EMFILE) and numbers collide.
 */
@Param(name = "fd", gen = IntGen.class, conf = "0:3")
public class FdTableLincheckTest {
    private static final int SLOTS = 4;
    private final FdTable table = new FdTable(SLOTS);

    /** A resource that remembers whether it was closed. */
    static final class Tracked implements FdResource {
        volatile boolean closed;

        @Override
        public FileType fileType() {
            return FileType.CHARACTER_DEVICE;
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    @Operation
    public int open() {
        try {
            return table.insert(new OpenDescription(new Tracked(), -1L, -1L, 0));
        } catch (ErrnoException e) {
            return -e.errno().code();
        }
    }

    @Operation
    public int dup(@Param(name = "fd") int fd, @Param(name = "fd") int min) {
        try {
            return table.dup(fd, min, false);
        } catch (ErrnoException e) {
            return -e.errno().code();
        }
    }

    @Operation
    public int renumber(@Param(name = "fd") int from, @Param(name = "fd") int to) throws IOException {
        try {
            table.renumber(from, to);
            return 0;
        } catch (ErrnoException e) {
            return -e.errno().code();
        }
    }

    @Operation
    public int close(@Param(name = "fd") int fd) throws IOException {
        try {
            table.close(fd);
            return 0;
        } catch (ErrnoException e) {
            return -e.errno().code();
        }
    }

    /**
     * What the number refers to: nothing, an open description, or (a bug) a description already
     * closed while a number still refers to it. The entry is read twice so that this observation is
     * itself atomic: a close between the two reads is retried.
     */
    @Operation
    public String state(@Param(name = "fd") int fd) {
        while (true) {
            var e = table.find(fd);
            if (e == null) {
                return "EBADF";
            }
            boolean closed = ((Tracked) e.resource()).closed;
            if (table.find(fd) == e) {
                return closed ? "closed" : "open";
            }
        }
    }

    @Test
    void stress() {
        Lincheck.stress().check(getClass());
    }

    @Test
    void modelChecking() {
        var t = getClass();
        Lincheck.modelChecking()
                // a dup racing a close of the same number: the copy must keep the description open
                .addCustomScenario(Lincheck.scenario(List.of(Lincheck.call(t, "open")),
                        List.of(Lincheck.call(t, "dup", 0, 1)), List.of(Lincheck.call(t, "close", 0)),
                        List.of(Lincheck.call(t, "state", 1))))
                // dup2 onto a number another thread is closing
                .addCustomScenario(Lincheck.scenario(List.of(Lincheck.call(t, "open"), Lincheck.call(t, "open")),
                        List.of(Lincheck.call(t, "renumber", 0, 1)), List.of(Lincheck.call(t, "close", 0)),
                        List.of(Lincheck.call(t, "state", 1))))
                .check(t);
    }
}
