package io.flagbridge.benchmarks;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;

import com.configcat.ConfigCatClient;
import com.segment.analytics.Analytics;
import com.segment.analytics.Callback;
import com.segment.analytics.messages.IdentifyMessage;
import com.segment.analytics.messages.Message;
import com.segment.analytics.messages.TrackMessage;

import io.flagbridge.SegmentStats;
import io.flagbridge.internal.config.SegmentSettings;
import io.flagbridge.internal.delivery.NoDelaySocketFactory;
import io.flagbridge.testing.FakeSegment;
import okhttp3.OkHttpClient;

/**
 * P3: Segment messages (events) per second delivered to a fake Segment on 127.0.0.1 by FlagBridge, with producer
 * threads evaluating the targeted flag for distinct users (each evaluation an exposure: an identify and a track),
 * against the same number of equivalent messages sent through analytics-java's default client
 * ({@code Analytics.builder(key).endpoint(..).build()}, default settings) by as many threads. A third line sends them
 * through analytics-java with only TCP_NODELAY added: the transport's share of the difference.
 *
 * <p>
 * Delivered = messages in batches the fake answered 200 (FlagBridge's {@code SegmentStats.sent()}, a counting
 * {@link Callback} for analytics-java, which changes none of its settings); the fake's record of them is cleared every
 * 100 ms, so that its memory (and GC pauses) does not grow with the run. Time = from the first evaluation (or enqueue)
 * to the last delivery. What is left in a partial batch at the end is flushed.
 *
 * <pre>
 * java -Dsun.net.httpserver.nodelay=true -cp target/benchmarks.jar io.flagbridge.benchmarks.SegmentThroughput
 * </pre>
 *
 * System properties: {@code duration} (seconds of evaluations, default 5), {@code producers} (default 2),
 * {@code rate} (evaluations per second over all producers; default 0: as fast as they go), {@code warmup} (seconds at
 * 8,000 evaluations/s before, default 5; analytics-java gets as many messages), {@code trace} (print the counters
 * every 200 ms), {@code fake} ({@code parse}, the default: the fake Segment parses and records every batch, as in the
 * tests; {@code discard}: it reads each batch and answers 200 without parsing it, as a remote Segment costs this
 * machine nothing; both sides get the same fake), {@code latency} (milliseconds the fake takes to answer each request,
 * served concurrently; default 0). Any system property named {@code segment.*} ({@code -Dsegment.max-in-flight=16})
 * is FlagBridge's configuration key of that name; {@code analytics=false} leaves analytics-java's runs out.
 *
 * <p>
 * P6 is this measure with {@code -Dlatency=50} (and 10, 100): Segment at a real network distance. Its limit is
 * {@code segment.max-in-flight} x {@code segment.flush-size} / round trip: what FlagBridge's defaults can deliver at
 * best.
 */
public final class SegmentThroughput {

    private static final long TIMEOUT_SECONDS = 180;
    private static final int WARMUP_SECONDS = Integer.getInteger("warmup", 5);
    private static final int WARMUP_RATE = 8_000;
    private static final boolean DISCARD = "discard".equals(System.getProperty("fake", "parse"));
    private static final Duration LATENCY = Duration.ofMillis(Long.getLong("latency", 0));

    private SegmentThroughput() {
    }

    record Outcome(long messages, double seconds, String details) {
        double perSecond() {
            return messages / seconds;
        }
    }

    public static void main(String[] args) throws Exception {
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            // Read once, when the JDK's HTTP server classes initialise: before the first FakeSegment.
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
        int seconds = Integer.getInteger("duration", 5);
        int producers = Integer.getInteger("producers", 2);
        int rate = Integer.getInteger("rate", 0);
        String measure = LATENCY.isZero() ? "P3" : "P6";
        System.out.printf("%s: %d producers, %d s, rate %s, sun.net.httpserver.nodelay=%s, %d CPUs, fake Segment %s,"
                + " answers after %d ms; FlagBridge's keys %s%n", measure, producers, seconds,
                rate == 0 ? "unlimited" : rate + "/s",
                System.getProperty("sun.net.httpserver.nodelay"), Runtime.getRuntime().availableProcessors(),
                DISCARD ? "discards bodies" : "parses and records bodies", LATENCY.toMillis(), segmentKeys());

        Outcome flagBridge = flagBridge(seconds, producers, rate);
        print("FlagBridge", flagBridge);
        if (!Boolean.parseBoolean(System.getProperty("analytics", "true"))) {
            return; // -Danalytics=false: FlagBridge alone (to try settings; a P-measure needs the baseline)
        }
        Outcome plain = analyticsJava((int) flagBridge.messages(), producers, false);
        print("analytics-java default", plain);
        Outcome noDelay = analyticsJava((int) flagBridge.messages(), producers, true);
        print("analytics-java + TCP_NODELAY only", noDelay);

        double ratio = flagBridge.perSecond() / plain.perSecond();
        if (!LATENCY.isZero()) {
            int inFlight = Integer.parseInt(segmentKeys().getOrDefault("segment.max-in-flight",
                    String.valueOf(SegmentSettings.DEFAULT_MAX_IN_FLIGHT)));
            int flushSize = Integer.parseInt(segmentKeys().getOrDefault("segment.flush-size",
                    String.valueOf(SegmentSettings.DEFAULT_FLUSH_SIZE)));
            double limit = (double) inFlight * flushSize / (LATENCY.toNanos() / 1e9);
            System.out.printf(Locale.ROOT, "P6 at %d ms: FlagBridge / analytics-java default = %.1f (goal >= 8: %s); "
                    + "FlagBridge %,.0f messages/s (goal >= 40,000: %s); limit %d in flight x %d / %d ms = %,.0f/s, "
                    + "reached %.2f (goal >= 0.8: %s)%n", LATENCY.toMillis(), ratio, ratio >= 8 ? "met" : "MISSED",
                    flagBridge.perSecond(), flagBridge.perSecond() >= 40_000 ? "met" : "MISSED", inFlight,
                    flushSize, LATENCY.toMillis(), limit, flagBridge.perSecond() / limit,
                    flagBridge.perSecond() / limit >= 0.8 ? "met" : "MISSED");
            return;
        }
        System.out.printf(Locale.ROOT, "P3 ratio FlagBridge / analytics-java default = %.1f (goal >= 12: %s); "
                + "FlagBridge %,.0f messages/s (goal >= 50,000: %s); analytics-java+TCP_NODELAY / default = %.1f%n",
                ratio, ratio >= 12 ? "met" : "MISSED", flagBridge.perSecond(),
                flagBridge.perSecond() >= 50_000 ? "met" : "MISSED", noDelay.perSecond() / plain.perSecond());
    }

    /** FlagBridge's {@code segment.*} keys given as system properties. */
    private static Map<String, String> segmentKeys() {
        Map<String, String> keys = new LinkedHashMap<>();
        System.getProperties().stringPropertyNames().stream().filter(name -> name.startsWith("segment.")).sorted()
                .forEach(name -> keys.put(name, System.getProperty(name)));
        return keys;
    }

    private static void print(String name, Outcome outcome) {
        System.out.printf(Locale.ROOT, "%-34s %,9d messages in %6.3f s = %,7.0f messages/s; %s%n", name + ":",
                outcome.messages(), outcome.seconds(), outcome.perSecond(), outcome.details());
    }

    private static Outcome flagBridge(int seconds, int producers, int rate) throws Exception {
        try (BenchApp app = BenchApp.start(segmentKeys())) {
            ConfigCatClient client = app.client();
            SegmentStats stats = app.stats();
            FakeSegment segment = app.segment();
            if (DISCARD) {
                segment.discardBodies();
            }
            segment.slow(LATENCY);
            Runnable flushAndForget = () -> {
                app.flushSegment();
                segment.clear();
            };

            // Warm-up: the same path (all of it: paced, so that little is dropped), other users; then wait until
            // everything is delivered. The JIT needs several seconds for Gson, analytics-java and OkHttp here.
            produce(client, producers, WARMUP_SECONDS, WARMUP_RATE, "warm-", new ConcurrentHashMap<>());
            Load.await(stats::sent, -1, 500, 30, System.nanoTime(), () -> stats.pending() == 0, flushAndForget);
            segment.clear();
            long requests0 = segment.requestsEver();
            long bytes0 = segment.bodyBytesEver();
            long sent0 = stats.sent();
            long dropped0 = stats.dropped();
            long droppedEvents0 = stats.droppedEvents();
            long failed0 = stats.failed();

            Map<String, Long> producerCpu = new ConcurrentHashMap<>();
            Load.Cpu cpu = new Load.Cpu();
            long start = System.nanoTime();
            Thread trace = Boolean.getBoolean("trace") ? trace(stats, start) : null;
            Thread forget = forgetter(segment);
            long evaluations = produce(client, producers, seconds, rate, "p3-", producerCpu);
            long produced = System.nanoTime() - start;
            forget.interrupt();
            Load.Arrivals arrivals = Load.await(() -> stats.sent() - sent0, -1, 500, TIMEOUT_SECONDS, start,
                    () -> stats.pending() == 0, flushAndForget);
            if (trace != null) {
                trace.interrupt();
            }
            double elapsed = (arrivals.lastArrivalNanos() - start) / 1e9;
            String details = String.format(Locale.ROOT,
                    "%,d evaluations (all exposures) in %.3f s = %,.0f/s; dropped %,d exposures at the event queue, "
                            + "%,d messages at the Segment queue; failed %,d; %,d requests, %.0f messages and %,.0f"
                            + " bytes a request%n    %s",
                    evaluations, produced / 1e9, evaluations / (produced / 1e9), stats.droppedEvents() - droppedEvents0,
                    stats.dropped() - dropped0,
                    stats.failed() - failed0, segment.requestsEver() - requests0,
                    arrivals.count() / (double) Math.max(1, segment.requestsEver() - requests0),
                    (segment.bodyBytesEver() - bytes0) / (double) Math.max(1, segment.requestsEver() - requests0),
                    new Load.Cpu().since(cpu, producerCpu));
            return new Outcome(arrivals.count(), elapsed, details);
        }
    }

    /** Clears the fake's records every 100 ms (deliveries are counted by callbacks, not by the fake). */
    private static Thread forgetter(FakeSegment segment) {
        Thread thread = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                segment.clear();
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "forget");
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    /** With -Dtrace=true: FlagBridge's counters every 200 ms. */
    private static Thread trace(SegmentStats stats, long start) {
        Thread thread = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                System.out.printf(Locale.ROOT, "  t=%5.2f s %s%n", (System.nanoTime() - start) / 1e9, stats);
                try {
                    Thread.sleep(200);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "trace");
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    /** Evaluates the targeted flag for distinct users on {@code producers} threads; returns the evaluations. */
    private static long produce(ConfigCatClient client, int producers, int seconds, int rate, String prefix,
            Map<String, Long> cpu) throws InterruptedException {
        AtomicLong total = new AtomicLong();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        long intervalNanos = rate == 0 ? 0 : TimeUnit.SECONDS.toNanos(1) * producers / rate;
        List<Thread> threads = new ArrayList<>();
        for (int p = 0; p < producers; p++) {
            String threadPrefix = prefix + p + "-";
            Thread thread = new Thread(() -> {
                long n = 0;
                long next = System.nanoTime();
                while (System.nanoTime() < deadline) {
                    client.getValue(Boolean.class, BenchApp.TARGETED, BenchApp.distinctUser(threadPrefix, n++), false);
                    if (intervalNanos > 0) {
                        next += intervalNanos;
                        long wait = next - System.nanoTime();
                        if (wait > 0) {
                            LockSupport.parkNanos(wait);
                        }
                    }
                }
                total.addAndGet(n);
                cpu.merge("producer-N", ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime(), Long::sum);
            }, "producer-" + p);
            threads.add(thread);
            thread.start();
        }
        for (Thread thread : threads) {
            thread.join();
        }
        return total.get();
    }

    /**
     * The same number of equivalent messages (identify, track, ...) through analytics-java: its defaults, or its
     * defaults with a TCP_NODELAY socket factory.
     */
    private static Outcome analyticsJava(int messages, int producers, boolean noDelay) throws Exception {
        try (FakeSegment segment = FakeSegment.start()) {
            if (DISCARD) {
                segment.discardBodies();
            }
            segment.slow(LATENCY);
            LongAdder delivered = new LongAdder();
            Analytics.Builder builder = Analytics.builder(BenchApp.WRITE_KEY).endpoint(segment.baseUrl())
                    .callback(new Callback() {
                        @Override
                        public void success(Message message) {
                            delivered.increment();
                        }

                        @Override
                        public void failure(Message message, Throwable throwable) {
                            // counted as not delivered
                        }
                    });
            if (noDelay) {
                builder.client(new OkHttpClient.Builder().socketFactory(new NoDelaySocketFactory()).build());
            }
            Analytics analytics = builder.build();
            try {
                // Warm-up, as for FlagBridge: as many messages as its warm-up makes.
                int warmup = 2 * WARMUP_SECONDS * WARMUP_RATE;
                send(analytics, warmup, "warm-");
                analytics.flush();
                Load.await(delivered::sum, warmup, 500, TIMEOUT_SECONDS, System.nanoTime(), () -> true, () -> {
                });
                segment.clear();
                long delivered0 = delivered.sum();

                Map<String, Long> producerCpu = new ConcurrentHashMap<>();
                Load.Cpu cpu = new Load.Cpu();
                long start = System.nanoTime();
                Thread forget = forgetter(segment);
                List<Thread> threads = new ArrayList<>();
                for (int p = 0; p < producers; p++) {
                    int share = messages / producers + (p < messages % producers ? 1 : 0);
                    String prefix = "p3-" + p + "-";
                    Thread thread = new Thread(() -> {
                        send(analytics, share, prefix);
                        producerCpu.merge("producer-N", ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime(),
                                Long::sum);
                    }, "producer-" + p);
                    threads.add(thread);
                    thread.start();
                }
                for (Thread thread : threads) {
                    thread.join();
                }
                long enqueued = System.nanoTime() - start;
                analytics.flush();
                LongSupplier count = () -> delivered.sum() - delivered0;
                Load.Arrivals arrivals = Load.await(count, messages, 5_000, TIMEOUT_SECONDS, start, () -> true,
                        () -> {
                        });
                forget.interrupt();
                double elapsed = (arrivals.lastArrivalNanos() - start) / 1e9;
                String details = String.format(Locale.ROOT, "enqueued in %.3f s%s%n    %s",
                        enqueued / 1e9, arrivals.count() < messages
                                ? "; INCOMPLETE after " + TIMEOUT_SECONDS + " s"
                                : "",
                        new Load.Cpu().since(cpu, producerCpu));
                return new Outcome(arrivals.count(), elapsed, details);
            } finally {
                analytics.shutdown();
            }
        }
    }

    /** Sends {@code count} messages shaped as FlagBridge's: identify then track "Feature Flag Evaluated". */
    private static void send(Analytics analytics, int count, String prefix) {
        Map<String, Object> context = Map.of("integration", Map.of("name", "configcat", "version", "1.0.0"));
        for (int i = 0; i < count; i++) {
            String userId = prefix + (i / 2);
            Map<String, Object> traits = new LinkedHashMap<>();
            traits.put("email", userId + "@customer.example");
            traits.put("country", "NL");
            if (i % 2 == 0) {
                analytics.enqueue(IdentifyMessage.builder().userId(userId).traits(traits).timestamp(new Date())
                        .context(context));
            } else {
                Map<String, Object> user = new LinkedHashMap<>();
                user.put("identifier", userId);
                user.putAll(traits);
                Map<String, Object> properties = new LinkedHashMap<>();
                properties.put("feature_flag_key", BenchApp.TARGETED);
                properties.put("value", Boolean.TRUE);
                properties.put("variation_id", "v-on");
                properties.put("user", user);
                String name = String.join("\u0000", "flagbridge", userId, BenchApp.TARGETED, "v-on", "0");
                analytics.enqueue(TrackMessage.builder("Feature Flag Evaluated").userId(userId)
                        .properties(properties).timestamp(new Date())
                        .messageId(UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString())
                        .context(context));
            }
        }
    }
}
