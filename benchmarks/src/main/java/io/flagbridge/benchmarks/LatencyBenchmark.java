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
 * P5: the caller's latency distribution of an evaluation (targeted flag, a distinct user each call, so each is an
 * exposure that goes to the event thread and Segment) with the Segment endpoint healthy and down (the fake Segment
 * stopped: connections refused). Compare p0.99 of the two.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = { "-Xms2g", "-Xmx2g", "-Dsun.net.httpserver.nodelay=true" })
public class LatencyBenchmark {

    private static final int USERS = 1 << 18; // 4 x the dedupe table: nearly every call is an exposure
    private static final int MASK = USERS - 1;

    @Param({ "healthy", "down" })
    public String segment;

    private BenchApp app;
    private ConfigCatClient client;
    private User[] users;
    private int next;

    @Setup(Level.Trial)
    public void start() {
        app = BenchApp.start(Map.of());
        client = app.client();
        users = new User[USERS];
        for (int i = 0; i < USERS; i++) {
            users[i] = BenchApp.distinctUser("p5-", i);
        }
        if (segment.equals("down")) {
            app.segment().stop();
        }
    }

    /** The fake Segment keeps every message it got: forget them, so its memory does not grow across iterations. */
    @Setup(Level.Iteration)
    public void forget() {
        app.segment().clear();
    }

    @TearDown(Level.Trial)
    public void stop() {
        System.out.println("FlagBridge (Segment " + segment + ") " + app.stats());
        app.close();
    }

    @Benchmark
    public boolean p5Evaluate() {
        return client.getValue(Boolean.class, BenchApp.TARGETED, users[next++ & MASK], false);
    }
}
