package io.flagbridge.benchmarks;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;

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

import com.configcat.ConfigCache;
import com.configcat.ConfigCatClient;
import com.configcat.User;

import io.flagbridge.testing.ConfigJson;

/**
 * P8: an evaluation through the injected client on remote flags (a 2,000-flag config from a fake CDN on 127.0.0.1,
 * auto polling, Segment on, the same user each call) with a shared config cache, the application's
 * {@code ConfigCache} bean ({@link MapStore}, a map in memory standing in for Hazelcast or Redis), against the same
 * evaluation without one. ConfigCat 9 reads its cache on every evaluation; FlagBridge reads the application's store
 * at most once a second and hands ConfigCat the same {@code String} while the entry is unchanged, so a large config
 * is neither copied nor compared per evaluation. Goal: within 1.5x.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = { "-Xms1g", "-Xmx1g", "-Dsun.net.httpserver.nodelay=true" })
public class SharedCacheBenchmark {

    /** Flags in the config. */
    public static final int FLAGS = 2_000;
    /** The flag evaluated: a plain boolean, one of the {@link #FLAGS}. */
    public static final String PLAIN = "plain";

    /** The application's shared cache: a map in memory that counts what reaches it. */
    @ApplicationScoped
    public static class MapStore extends ConfigCache {
        private final Map<String, String> entries = new ConcurrentHashMap<>();
        private final AtomicLong reads = new AtomicLong();

        @Override
        protected String read(String key) {
            reads.incrementAndGet();
            return entries.get(key);
        }

        @Override
        protected void write(String key, String value) {
            entries.put(key, value);
        }

        /** The bytes of config the store holds. */
        public int size() {
            return entries.values().stream().mapToInt(String::length).sum();
        }

        public long reads() {
            return reads.get();
        }
    }

    /** The config: {@link #PLAIN} and 1,999 other flags, every other one with a targeting rule. */
    static String config(String cdnBaseUrl) {
        ConfigJson config = ConfigJson.forCdn(cdnBaseUrl).boolFlag(PLAIN, true, "v-plain");
        for (int i = 1; i < FLAGS; i++) {
            String key = String.format("flag-%04d", i);
            config = i % 2 == 0 ? config.boolFlag(key, false, key + "-off")
                    : config.boolFlag(key, false, key + "-off", new ConfigJson.Rule("Email",
                            ConfigJson.TextComparator.CONTAINS_ANY_OF, List.of("@team-" + i + ".example"), true,
                            key + "-on"));
        }
        return config.build();
    }

    /** One application on the fake CDN; its subclasses say whether it has a shared cache. */
    @State(Scope.Benchmark)
    public abstract static class App {

        /** FlagBridge's OpenTelemetry metrics: {@code off} or {@code on} (see {@link BenchTelemetry}). */
        @Param({ "off", "on" })
        public String telemetry;

        BenchApp app;
        ConfigCatClient client;
        User user;

        void start(boolean sharedCache) {
            Map<String, String> config = Map.of("flagbridge.telemetry.enabled", String.valueOf(telemetry.equals(
                    "on")));
            app = sharedCache ? BenchApp.startOnCdn(SharedCacheBenchmark::config, config, BenchTelemetry.class,
                    MapStore.class) : BenchApp.startOnCdn(SharedCacheBenchmark::config, config, BenchTelemetry.class);
            client = app.client();
            user = User.newBuilder().email("ann@customer.example").country("NL").build("user-1");
            if (!client.getValue(Boolean.class, PLAIN, user, false)) {
                throw new IllegalStateException("FlagBridge's client must serve true from the CDN's config");
            }
            if (sharedCache && app.select(MapStore.class).size() < 100_000) {
                throw new IllegalStateException("the shared cache must hold the config: it holds "
                        + app.select(MapStore.class).size() + " characters");
            }
        }

        /** What the teardown prints besides FlagBridge's counts. */
        String store() {
            return "no shared cache";
        }

        @TearDown(Level.Trial)
        public void stop() {
            System.out.println("FlagBridge " + app.stats() + "; CDN requests: " + app.cdn().requests(BenchApp.SDK_KEY)
                    + "; " + store());
            app.close();
        }
    }

    @State(Scope.Benchmark)
    public static class WithSharedCache extends App {
        @Setup(Level.Trial)
        public void setUp() {
            start(true);
        }

        @Override
        String store() {
            return "shared cache: " + app.select(MapStore.class).reads() + " reads of the store";
        }
    }

    @State(Scope.Benchmark)
    public static class WithoutSharedCache extends App {
        @Setup(Level.Trial)
        public void setUp() {
            start(false);
        }
    }

    @Benchmark
    public boolean p8SharedCache(WithSharedCache app) {
        return app.client.getValue(Boolean.class, PLAIN, app.user, false);
    }

    @Benchmark
    public boolean p8NoSharedCache(WithoutSharedCache app) {
        return app.client.getValue(Boolean.class, PLAIN, app.user, false);
    }
}
