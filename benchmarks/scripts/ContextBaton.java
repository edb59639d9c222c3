import java.util.concurrent.Exchanger;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.locks.LockSupport;

/**
 * How fast can one JVM thread hand a baton to a parked virtual thread and park until it comes
 * back? The options a context switch could be built on, measured alone (no wasm):
 *
 *   java benchmarks/scripts/ContextBaton.java [round trips] [baton name prefix]
 *
 * park      volatile flag + LockSupport.park/unpark (what Contexts uses)
 * spin      the same, spinning up to 200 onSpinWait before parking
 * queue     a SynchronousQueue per direction
 * exchanger one Exchanger
 * Each from a virtual thread and from a platform thread (a guest thread in --thread-mode platform).
 */
public class ContextBaton {
    interface Baton { void handToOther() throws InterruptedException; void awaitMine() throws InterruptedException; }

    static final class Side { volatile boolean go; volatile Thread thread; }

    static Baton[] parkPair(int spin) {
        Side a = new Side(), b = new Side();
        return new Baton[] {pairSide(a, b, spin), pairSide(b, a, spin)};
    }

    static Baton pairSide(Side me, Side other, int spin) {
        return new Baton() {
            public void handToOther() { other.go = true; LockSupport.unpark(other.thread); }
            public void awaitMine() {
                me.thread = Thread.currentThread();
                for (int i = 0; i < spin && !me.go; i++) Thread.onSpinWait();
                while (!me.go) LockSupport.park(this);
                me.go = false;
            }
        };
    }

    static Baton[] queuePair() {
        var toB = new SynchronousQueue<Object>();
        var toA = new SynchronousQueue<Object>();
        return new Baton[] {queueSide(toA, toB), queueSide(toB, toA)};
    }

    static Baton queueSide(SynchronousQueue<Object> mine, SynchronousQueue<Object> theirs) {
        return new Baton() {
            public void handToOther() throws InterruptedException { theirs.put(Boolean.TRUE); }
            public void awaitMine() throws InterruptedException { mine.take(); }
        };
    }

    static Baton[] exchangerPair() {
        var ex = new Exchanger<Object>();
        Baton b = new Baton() {
            public void handToOther() throws InterruptedException { ex.exchange(Boolean.TRUE); }
            public void awaitMine() {}
        };
        return new Baton[] {b, b};
    }

    static double run(Baton[] pair, boolean virtualMain, int n) throws Exception {
        Baton main = pair[0], other = pair[1];
        double[] result = new double[1];
        Thread pong = Thread.ofVirtual().unstarted(() -> {
            try {
                for (;;) { other.awaitMine(); other.handToOther(); }
            } catch (InterruptedException e) {
                // done
            }
        });
        Runnable body = () -> {
            try {
                pong.start();
                for (int round = 0; round < 3; round++) {
                    long t0 = System.nanoTime();
                    for (int i = 0; i < n; i++) { main.handToOther(); main.awaitMine(); }
                    long t1 = System.nanoTime();
                    result[0] = 2.0 * n / ((t1 - t0) / 1e9);   // the last (warmest) round
                }
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        };
        Thread t = virtualMain ? Thread.ofVirtual().start(body) : Thread.ofPlatform().start(body);
        t.join();
        pong.interrupt();
        return result[0];
    }

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
        System.out.println("| baton | from a virtual thread (M switches/s) | from a platform thread (M switches/s) |");
        System.out.println("|---|---:|---:|");
        String[] names = {"park/unpark", "spin 200 then park", "SynchronousQueue", "Exchanger"};
        for (int k = 0; k < names.length; k++) {
            if (args.length > 1 && !names[k].startsWith(args[1])) {
                continue;
            }
            int rounds = k == 0 || k == 2 ? n : n / 10;   // the slow ones get fewer rounds
            double v = run(pair(k), true, rounds), p = run(pair(k), false, rounds / 10);
            System.out.printf("| %s | %.2f | %.2f |%n", names[k], v / 1e6, p / 1e6);
        }
        System.exit(0);
    }

    static Baton[] pair(int k) {
        return switch (k) {
            case 0 -> parkPair(0);
            case 1 -> parkPair(200);
            case 2 -> queuePair();
            default -> exchangerPair();
        };
    }
}
