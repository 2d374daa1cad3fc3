package io.flagbridge.benchmarks;

import java.util.Map;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.control.RequestContextController;

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

import io.flagbridge.RequestFlags;

/**
 * P8: a repeated evaluation inside a request (one value per request: the first evaluation's result served again)
 * through {@code RequestFlags} and through a {@code @FeatureFlag} method, against the raw client's evaluation of the
 * same targeted flag for the same user. The request context is active on the benchmark thread for the whole trial,
 * so every call after the first is a repeat.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = { "-Xms1g", "-Xmx1g", "-Dsun.net.httpserver.nodelay=true" })
public class RequestBenchmark {

    /** {@code segment-on}, as P1 and P2 ({@code segment-off}: no write key). */
    @Param({ "segment-on" })
    public String mode;

    /** FlagBridge's OpenTelemetry metrics and span events (a repeat reports nothing either way). */
    @Param({ "off" })
    public String telemetry;

    private BenchApp app;
    private RequestContextController request;
    private RequestFlags flags;
    private FlagBridgeGated gated;
    private ConfigCatClient raw;
    private User user;

    @Setup(Level.Trial)
    public void start() {
        app = BenchApp.start(mode.equals("segment-on"),
                Map.of("flagbridge.telemetry.enabled", String.valueOf(telemetry.equals("on"))),
                FlagBridgeGated.class, BenchUser.class, BenchTelemetry.class);
        raw = app.raw();
        user = BenchApp.targetedUser(raw);
        app.select(BenchUser.class).set(user);
        request = app.select(RequestContextController.class);
        request.activate();
        flags = app.select(RequestFlags.class);
        gated = app.select(FlagBridgeGated.class);
        if (!flags.getValue(Boolean.class, BenchApp.TARGETED, false) || gated.run(user) != 1) {
            throw new IllegalStateException("FlagBridge must serve true");
        }
    }

    @TearDown(Level.Trial)
    public void stop() {
        request.deactivate();
        System.out.println("FlagBridge " + app.stats());
        app.close();
    }

    @Benchmark
    public boolean p8RequestFlags() {
        return flags.getValue(Boolean.class, BenchApp.TARGETED, false);
    }

    @Benchmark
    public int p8Gate() {
        return gated.run(user);
    }

    @Benchmark
    public boolean p8Raw() {
        return raw.getValue(Boolean.class, BenchApp.TARGETED, user, false);
    }
}
