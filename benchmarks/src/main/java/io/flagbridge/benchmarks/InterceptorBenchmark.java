package io.flagbridge.benchmarks;

import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import com.configcat.User;

/**
 * P1: a {@code @FeatureFlag} method on an {@code @ApplicationScoped} bean (FlagBridge with Segment on, the targeted
 * flag evaluated for the same user each call: every evaluation after the first is a dedupe hit) against the same
 * method behind a hand-written interceptor that asks a raw client without hooks.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = { "-Xms1g", "-Xmx1g", "-Dsun.net.httpserver.nodelay=true" })
public class InterceptorBenchmark {

    /**
     * {@code segment-on} (the measurement); {@code segment-off} ({@code -p mode=segment-off}) is a diagnostic: no
     * write key, so FlagBridge's hook only fires the synchronous event, with no dedupe.
     */
    @Param({ "segment-on" })
    public String mode;

    /**
     * FlagBridge's OpenTelemetry metrics and span events: {@code off} ({@code flagbridge.telemetry.enabled=false}) or
     * {@code on} (through the application's OpenTelemetry bean, the SDK: see {@link BenchTelemetry}).
     */
    @Param({ "off", "on" })
    public String telemetry;

    private BenchApp app;
    private FlagBridgeGated flagBridge;
    private RawGated raw;
    private User user;

    @Setup(Level.Trial)
    public void start() {
        app = BenchApp.start(mode.equals("segment-on"), Map.of("flagbridge.telemetry.enabled",
                String.valueOf(telemetry.equals("on"))), FlagBridgeGated.class, RawGated.class,
                RawFlagInterceptor.class, BenchTelemetry.class);
        flagBridge = app.select(FlagBridgeGated.class);
        raw = app.select(RawGated.class);
        user = BenchApp.targetedUser(app.raw());
        if (flagBridge.run(user) != 1 || raw.run(user) != 1) {
            throw new IllegalStateException("both gates must let the call through");
        }
    }

    @TearDown(Level.Trial)
    public void stop() {
        System.out.println("FlagBridge " + app.stats());
        app.close();
    }

    @Benchmark
    public int p1FlagBridge() {
        return flagBridge.run(user);
    }

    @Benchmark
    public int p1Raw() {
        return raw.run(user);
    }
}
