package dev.wasix4j.cli;

import dev.wasix4j.core.WasixProcess;
import dev.wasix4j.core.process.Signals;
import java.io.PrintStream;
import java.util.concurrent.atomic.AtomicInteger;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Forwards Ctrl-C (SIGINT) and SIGTERM sent to the {@code wasix} command to the guest, so its
 * handlers run (or its default action ends it with 130/143). A second Ctrl-C or SIGTERM ends the
 * program at once, for a guest that computes without calling the host (it sees a signal only then)
 * or ignores the first. sun.misc.Signal is the JDK's supported way (module jdk.unsupported) to catch
 * these: without it the JVM would exit without telling the guest.
 */
final class HostSignals implements AutoCloseable {
    private final SignalHandler oldInt;
    private final SignalHandler oldTerm;

    private HostSignals(WasixProcess process, PrintStream errors) {
        var received = new AtomicInteger();
        oldInt = install("INT", s -> forward(process, errors, received, Signals.SIGINT));
        oldTerm = install("TERM", s -> forward(process, errors, received, Signals.SIGTERM));
    }

    /**
     * The first Ctrl-C or SIGTERM goes to the guest; a second of either ends the program at once
     * with 128 + n, so `timeout` (which sends SIGTERM) or a repeated kill also stops a guest that
     * never calls the host.
     */
    private static void forward(WasixProcess process, PrintStream errors, AtomicInteger received, int sig) {
        if (received.incrementAndGet() == 1) {
            process.signal(sig);
        } else {
            errors.println("wasix4j: " + (sig == Signals.SIGINT ? "interrupted" : "terminated") + " again: stopping the program");
            process.kill(128 + sig);
        }
    }

    /** Forwards until closed; where the JVM cannot catch a signal, that one keeps the JVM's default. */
    static HostSignals forward(WasixProcess process, PrintStream errors) {
        return new HostSignals(process, errors);
    }

    private static SignalHandler install(String name, SignalHandler handler) {
        try {
            return Signal.handle(new Signal(name), handler);
        } catch (IllegalArgumentException e) {
            return null; // the JVM reserves it (e.g. -Xrs) or the platform lacks it
        }
    }

    @Override
    public void close() {
        restore("INT", oldInt);
        restore("TERM", oldTerm);
    }

    private static void restore(String name, SignalHandler old) {
        if (old != null) {
            try {
                Signal.handle(new Signal(name), old);
            } catch (IllegalArgumentException e) {
                // nothing was installed
            }
        }
    }
}
