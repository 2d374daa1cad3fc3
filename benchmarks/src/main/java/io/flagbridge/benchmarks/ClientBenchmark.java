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

import com.configcat.ConfigCatClient;
import com.configcat.User;

/**
 * P2: {@code getValue} on the injected client (FlagBridge's hooks, FlagEvaluated events and Segment on; the same
 * user each call, so every evaluation after the first is a dedupe hit) against a raw client without hooks, for the
 * targeted flag and for a plain boolean flag.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = { "-Xms1g", "-Xmx1g", "-Dsun.net.httpserver.nodelay=true" })
public class ClientBenchmark {

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
    private ConfigCatClient injected;
    private ConfigCatClient raw;
    private User user;

    @Setup(Level.Trial)
    public void start() {
        app = BenchApp.start(mode.equals("segment-on"), Map.of("flagbridge.telemetry.enabled",
                String.valueOf(telemetry.equals("on"))), BenchTelemetry.class);
        injected = app.client();
        raw = app.raw();
        user = BenchApp.targetedUser(raw);
        if (!injected.getValue(Boolean.class, BenchApp.TARGETED, user, false)
                || !injected.getValue(Boolean.class, BenchApp.PLAIN, user, false)) {
            throw new IllegalStateException("FlagBridge's client must serve true");
        }
    }

    @TearDown(Level.Trial)
    public void stop() {
        System.out.println("FlagBridge " + app.stats());
        app.close();
    }

    @Benchmark
    public boolean p2FlagBridgeTargeted() {
        return injected.getValue(Boolean.class, BenchApp.TARGETED, user, false);
    }

    @Benchmark
    public boolean p2RawTargeted() {
        return raw.getValue(Boolean.class, BenchApp.TARGETED, user, false);
    }

    @Benchmark
    public boolean p2FlagBridgePlain() {
        return injected.getValue(Boolean.class, BenchApp.PLAIN, user, false);
    }

    @Benchmark
    public boolean p2RawPlain() {
        return raw.getValue(Boolean.class, BenchApp.PLAIN, user, false);
    }
}
