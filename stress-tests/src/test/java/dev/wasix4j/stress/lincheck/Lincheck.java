package dev.wasix4j.stress.lincheck;

import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.List;
import kotlin.Unit;
import org.jetbrains.kotlinx.lincheck.Actor;
import org.jetbrains.lincheck.datastructures.DSLScenarioBuilder;
import org.jetbrains.lincheck.datastructures.DSLThreadScenario;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.StressOptions;

/**
 * The budgets of the linearizability checks: small enough that all of them run in CI within about
 * a minute; {@code -Dwasix4j.lincheck.scale=N} multiplies them for a longer local run.
 */
final class Lincheck {
    private Lincheck() {}

    static int scale() {
        return Integer.getInteger("wasix4j.lincheck.scale", 1);
    }

    /** Real threads, many random scenarios: finds what happens on this machine's memory model. */
    static StressOptions stress() {
        return new StressOptions().iterations(5 * scale()).invocationsPerIteration(100)
                .threads(3).actorsPerThread(3).actorsBefore(2).actorsAfter(1);
    }

    /** Lincheck's scheduler switching threads at every shared access: finds rare interleavings. */
    static ModelCheckingOptions modelChecking() {
        return new ModelCheckingOptions().iterations(2 * scale()).invocationsPerIteration(50)
                .threads(2).actorsPerThread(2).actorsBefore(1).actorsAfter(1);
    }

    /** One call of a test operation, for hand-written scenarios (the races random ones rarely hit). */
    static Actor call(Class<?> test, String operation, Object... args) {
        Method m = Arrays.stream(test.getMethods()).filter(x -> x.getName().equals(operation)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no operation " + operation));
        return new Actor(m, List.of(args), false, false, false, false, false);
    }

    /** initial; then {@code first} and {@code second} on two threads at once; then post. */
    static kotlin.jvm.functions.Function1<DSLScenarioBuilder, Unit> scenario(List<Actor> initial, List<Actor> first,
            List<Actor> second, List<Actor> post) {
        return b -> {
            b.initial(t -> add(t, initial));
            b.parallel(p -> {
                p.thread(t -> add(t, first));
                p.thread(t -> add(t, second));
                return Unit.INSTANCE;
            });
            b.post(t -> add(t, post));
            return Unit.INSTANCE;
        };
    }

    private static Unit add(DSLThreadScenario t, List<Actor> actors) {
        t.addAll(actors);
        return Unit.INSTANCE;
    }
}
