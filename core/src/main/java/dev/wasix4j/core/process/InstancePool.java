package dev.wasix4j.core.process;

import com.dylibso.chicory.runtime.GlobalInstance;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.wasm.types.MutabilityType;
import java.util.function.Supplier;
import org.jctools.queues.atomic.MpmcAtomicArrayQueue;

/**
 * The instances a process's guest threads run in, reused: a thread that ends normally (returns from
 * {@code wasi_thread_start} or calls {@code thread_exit}) hands its instance back, and the next spawn takes it instead
 * of instantiating the module again (import matching, globals, element segments, start section, exports map).
 *
 * <p>What makes a reused instance the same as a new one: its mutable globals are put back to the values they had when
 * it was built (wasi_thread_start then sets the stack pointer and TLS base from its start argument, as on a new
 * instance); memory is shared anyway; its table holds what the element segments put there, which stays true as long
 * as no code changes tables (no {@code table.set/grow/fill/copy/init} or {@code elem.drop}: checked once per module;
 * a module with any of them gets a new instance for every thread, as before). A thread that trapped or was stopped
 * never returns its instance.
 *
 * <p>Idle instances wait in a bounded lock-free queue (JCTools' MPMC array queue, its field-updater flavour: the
 * Unsafe one makes JDK 25 print warnings on stderr): no lock between spawning and exiting
 * threads; past {@value #MAX_IDLE} idle instances the rest are left to the garbage collector.
 */
public final class InstancePool {
    /** Idle instances kept at most: a burst of exits beyond this is not worth its memory (~2 KB an instance). */
    static final int MAX_IDLE = 256;

    private final Supplier<Instance> build;
    private final boolean reuse;
    private final MpmcAtomicArrayQueue<Lease> idle;

    /**
     * @param reuse false when the program's code changes tables ({@link ThreadStart#reusesInstances}, found once per
     *     program): every thread then gets a new instance
     * @param build makes a new instance, ready to be entered
     */
    public InstancePool(boolean reuse, Supplier<Instance> build) {
        this.build = build;
        this.reuse = reuse;
        this.idle = reuse ? new MpmcAtomicArrayQueue<>(MAX_IDLE) : null;
    }

    /** An instance for a new thread: an idle one reset to its initial globals, else a new one. */
    public Lease acquire() {
        if (reuse) {
            Lease lease = idle.relaxedPoll();
            if (lease != null) {
                lease.reset();
                return lease;
            }
        }
        return new Lease(build.get());
    }

    /** Hands back the instance of a thread that ended normally. */
    public void release(Lease lease) {
        if (reuse) {
            idle.relaxedOffer(lease); // dropped when full
        }
    }

    /** Whether instances are reused for this module (false when its code changes tables). */
    public boolean reuses() {
        return reuse;
    }

    /** Idle instances now (for tests). */
    public int idle() {
        return reuse ? idle.size() : 0;
    }

    /** An instance and the initial values of its mutable globals. */
    public static final class Lease {
        private final Instance instance;
        private final GlobalInstance[] mutable;
        private final long[] low;
        private final long[] high;

        Lease(Instance instance) {
            this.instance = instance;
            // defined globals only: an imported one belongs to whoever supplied it
            int first = instance.imports().globalCount();
            int n = 0;
            for (int i = first; i < instance.globalCount(); i++) {
                if (instance.global(i).getMutabilityType() == MutabilityType.Var) {
                    n++;
                }
            }
            mutable = new GlobalInstance[n];
            low = new long[n];
            high = new long[n];
            n = 0;
            for (int i = first; i < instance.globalCount(); i++) {
                GlobalInstance g = instance.global(i);
                if (g.getMutabilityType() == MutabilityType.Var) {
                    mutable[n] = g;
                    low[n] = g.getValueLow();
                    high[n] = g.getValueHigh();
                    n++;
                }
            }
        }

        public Instance instance() {
            return instance;
        }

        void reset() {
            for (int i = 0; i < mutable.length; i++) {
                mutable[i].setValueLow(low[i]);
                mutable[i].setValueHigh(high[i]);
            }
        }
    }
}
