package io.flagbridge.benchmarks;

import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Consumer;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.CompilerControl;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.Blackhole;

import com.configcat.ConfigCatClient;
import com.configcat.ConfigCatHooks;
import com.configcat.EvaluationDetails;
import com.configcat.User;

/**
 * A diagnostic of P2: FlagBridge's {@code flagEvaluated} hook alone, called with an evaluation that ConfigCat's client
 * made (the same user each call, so a dedupe hit), against a hook that only consumes it. P2 measures the hook inside
 * ConfigCat's evaluation, where its time is mixed with the client's lock and loop and varies from fork to fork; here
 * it is measured on its own, to tell what a change to the hook saves before P2 says whether that shows in place.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = { "-Xms1g", "-Xmx1g", "-Dsun.net.httpserver.nodelay=true" })
public class HookBenchmark {

    /** FlagBridge's OpenTelemetry metrics and span events, as in {@link ClientBenchmark#telemetry}. */
    @Param({ "off", "on" })
    public String telemetry;

    private BenchApp app;
    private Consumer<EvaluationDetails<Object>> hook;
    private EvaluationDetails<Object> plain;
    private EvaluationDetails<Object> targeted;
    /** A fair read lock, as ConfigCat's {@code ConfigCatHooks} takes around its listeners. */
    private final Lock readLock = new ReentrantReadWriteLock(true).readLock();

    @Setup(Level.Trial)
    public void start() {
        app = BenchApp.start(true, Map.of("flagbridge.telemetry.enabled", String.valueOf(telemetry.equals("on"))),
                BenchTelemetry.class);
        ConfigCatClient injected = app.client();
        List<Consumer<EvaluationDetails<Object>>> hooks = flagEvaluated(injected.getHooks());
        if (hooks.size() != 1) {
            throw new IllegalStateException("FlagBridge's client must have one flagEvaluated hook, not " + hooks);
        }
        hook = hooks.get(0);
        // The evaluations as the hook gets them in P2: made by a client with the same config, for the same user.
        ConfigCatClient raw = app.raw();
        List<EvaluationDetails<Object>> seen = new ArrayList<>();
        raw.getHooks().addOnFlagEvaluated(seen::add);
        User user = BenchApp.targetedUser(raw);
        seen.clear();
        raw.getValue(Boolean.class, BenchApp.PLAIN, user, false);
        raw.getValue(Boolean.class, BenchApp.TARGETED, user, false);
        plain = seen.get(0);
        targeted = seen.get(1);
        if (!Boolean.TRUE.equals(plain.getValue()) || !Boolean.TRUE.equals(targeted.getValue())) {
            throw new IllegalStateException("both flags must serve true");
        }
    }

    @SuppressWarnings("unchecked")
    private static List<Consumer<EvaluationDetails<Object>>> flagEvaluated(ConfigCatHooks hooks) {
        try {
            Field field = ConfigCatHooks.class.getDeclaredField("onFlagEvaluated");
            field.setAccessible(true);
            return new ArrayList<>((List<Consumer<EvaluationDetails<Object>>>) field.get(hooks));
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("ConfigCat's hooks changed shape", e);
        }
    }

    @TearDown(Level.Trial)
    public void stop() {
        System.out.println("FlagBridge " + app.stats());
        app.close();
    }

    /** What a hook costs that does nothing with the evaluation but take it (a call that is not inlined). */
    @Benchmark
    public void hookBaseline(Blackhole blackhole) {
        consume(plain, blackhole);
    }

    @CompilerControl(CompilerControl.Mode.DONT_INLINE)
    private static void consume(EvaluationDetails<Object> details, Blackhole blackhole) {
        blackhole.consume(details.getKey());
    }

    @Benchmark
    public void hookPlain() {
        hook.accept(plain);
    }

    @Benchmark
    public void hookTargeted() {
        hook.accept(targeted);
    }

    /** The read lock around a call that only takes the evaluation: the baseline of the locked measurements. */
    @Benchmark
    public void lockedBaseline(Blackhole blackhole) {
        readLock.lock();
        try {
            consume(plain, blackhole);
        } finally {
            readLock.unlock();
        }
    }

    /**
     * The hook between the two compare-and-sets of the read lock, as ConfigCat calls it. The unlock waits for the
     * hook's loads and stores, which the unlocked loop above may overlap from one call to the next; measured in session
     * 13, the hook added no more under the lock than without it (benchmarks/RESULTS.md).
     */
    @Benchmark
    public void lockedPlain() {
        readLock.lock();
        try {
            hook.accept(plain);
        } finally {
            readLock.unlock();
        }
    }

    @Benchmark
    public void lockedTargeted() {
        readLock.lock();
        try {
            hook.accept(targeted);
        } finally {
            readLock.unlock();
        }
    }
}
