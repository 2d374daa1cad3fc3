package io.flagbridge.benchmarks;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import com.configcat.ConfigCatClient;
import com.configcat.User;
import com.google.gson.JsonObject;

import io.flagbridge.SegmentStats;
import io.flagbridge.testing.FakeSegment;

/**
 * P4: heap growth while the Segment endpoint is down (the fake Segment stopped: connections refused) and the
 * application makes ~10k distinct exposures a second, against {@code segment.queue-capacity} x 2 KB. Heap is read
 * with the MemoryMXBean after {@code System.gc()}: at the start of the outage, every {@code sample} seconds during
 * it, and at its end. Then Segment comes back, and the users exposed last during the outage are evaluated for another
 * flag: were they ever identified at Segment?
 *
 * <pre>
 * java -cp target/benchmarks.jar io.flagbridge.benchmarks.SegmentDownHeap            # 60 s
 * java -Dduration=20 -cp target/benchmarks.jar io.flagbridge.benchmarks.SegmentDownHeap
 * </pre>
 *
 * System properties: {@code duration} (seconds, default 60), {@code rate} (exposures/s, default 10000),
 * {@code capacity} ({@code segment.queue-capacity}, default 10000), {@code sample} (seconds, default 10),
 * {@code messageKb} (each user carries an attribute that makes its messages about this many KB, default none: small
 * messages), {@code maxBytes} ({@code segment.queue-max-bytes}, default 16MB). With small messages the budget is
 * {@code capacity} x 2 KB and the goal growth <= 1 budget; with {@code messageKb} it is {@code maxBytes} and the goal
 * growth <= 1.5 of it.
 */
public final class SegmentDownHeap {

    private static final long BYTES_PER_MESSAGE = 2048;
    private static final int RECOVERY_USERS = 200;

    private SegmentDownHeap() {
    }

    public static void main(String[] args) throws Exception {
        int seconds = Integer.getInteger("duration", 60);
        int rate = Integer.getInteger("rate", 10_000);
        int capacity = Integer.getInteger("capacity", 10_000);
        int sample = Integer.getInteger("sample", 10);
        int messageKb = Integer.getInteger("messageKb", 0);
        long maxBytes = Long.getLong("maxBytes", 16L << 20);
        padding = messageKb == 0 ? null : "x".repeat(messageKb * 1024 - 600);
        long budget = messageKb == 0 ? capacity * BYTES_PER_MESSAGE : maxBytes;
        double goal = messageKb == 0 ? 1 : 1.5;
        System.out.printf("P4: Segment down for %d s at %,d distinct exposures/s, segment.queue-capacity=%,d, "
                + "segment.queue-max-bytes=%s, messages of %s, budget %s, max heap %s%n", seconds, rate, capacity,
                Load.mb(maxBytes), messageKb == 0 ? "about 0.5 KB" : "about " + messageKb + " KB", Load.mb(budget),
                Load.mb(Runtime.getRuntime().maxMemory()));

        try (BenchApp app = BenchApp.start(Map.of("segment.queue-capacity", Integer.toString(capacity),
                "segment.queue-max-bytes", Long.toString(maxBytes)))) {
            ConfigCatClient client = app.client();
            SegmentStats stats = app.stats();
            FakeSegment segment = app.segment();

            // Warm-up on the same path with Segment healthy, then let it all be delivered.
            evaluate(client, "warm-", 2, rate);
            Load.await(segment::messageCount, -1, 500, 30, System.nanoTime(), () -> stats.pending() == 0, app::flushSegment);
            segment.clear();

            segment.stop();
            Map<String, long[]> histogramBefore = Load.histogram();
            long before = Load.usedAfterGc();
            System.out.printf("outage starts: heap after GC %s; %s%n", Load.mb(before), stats);

            long peak = 0;
            long exposures = 0;
            String lastPrefix = null;
            long lastCount = 0;
            for (int done = 0; done < seconds;) {
                int step = Math.min(sample, seconds - done);
                lastPrefix = "p4-" + done + "-";
                lastCount = evaluate(client, lastPrefix, step, rate);
                exposures += lastCount;
                done += step;
                long used = Load.usedAfterGc();
                peak = Math.max(peak, used - before);
                System.out.printf(Locale.ROOT, "t=%3d s: heap after GC %s (growth %s = %.2f of budget); %s%n", done,
                        Load.mb(used), Load.mb(used - before), (used - before) / (double) budget, stats);
            }
            long after = Load.usedAfterGc();
            long growth = after - before;
            System.out.printf(Locale.ROOT, "P4 end of outage: growth %s / budget %s = %.2f (goal <= %.1f: %s); "
                    + "worst sample %.2f; %,d exposures%n", Load.mb(growth), Load.mb(budget),
                    growth / (double) budget, goal, growth <= budget * goal ? "met" : "MISSED", peak / (double) budget,
                    exposures);
            Load.printGrowth(histogramBefore, Load.histogram(), 15);

            recovery(app, client, lastPrefix, lastCount);
        }
    }

    /** Evaluates the targeted flag for distinct users at {@code rate}/s for {@code seconds}, paced per millisecond. */
    private static long evaluate(ConfigCatClient client, String prefix, int seconds, int rate) {
        long perTick = Math.max(1, rate / 1000);
        long tick = TimeUnit.SECONDS.toNanos(1) * perTick / rate;
        long start = System.nanoTime();
        long end = start + TimeUnit.SECONDS.toNanos(seconds);
        long n = 0;
        for (long next = start; next < end; next += tick) {
            for (int i = 0; i < perTick; i++) {
                client.getValue(Boolean.class, BenchApp.TARGETED, user(prefix, n++), false);
            }
            long wait = next + tick - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
        }
        return n;
    }

    /**
     * Segment is back. The users exposed last in the outage (their identify was dropped with the rest) are evaluated
     * for another flag: a new exposure, so a track goes out. Does an identify go with it?
     */
    private static void recovery(BenchApp app, ConfigCatClient client, String prefix, long count) throws Exception {
        FakeSegment segment = app.segment();
        segment.healthy();
        // Let what was pending from the outage drain first (it is retried or given up).
        Load.await(segment::messageCount, -1, 2_000, 60, System.nanoTime(), () -> app.stats().pending() == 0,
                app::flushSegment);
        segment.clear();
        Set<String> users = new HashSet<>();
        for (int i = 0; i < RECOVERY_USERS; i++) {
            long n = count - 1 - i;
            users.add(prefix + n);
            client.getValue(Boolean.class, BenchApp.PLAIN, user(prefix, n), false);
        }
        Load.await(segment::messageCount, 2 * RECOVERY_USERS, 1_000, 30, System.nanoTime(), () -> app.stats().pending() == 0,
                app::flushSegment);
        List<JsonObject> messages = segment.messages();
        long tracks = messages.stream().filter(m -> type(m, "track") && users.contains(userId(m))).count();
        long identifies = messages.stream().filter(m -> type(m, "identify") && users.contains(userId(m))).count();
        System.out.printf("after recovery: %d users exposed at the end of the outage, evaluated for '%s': Segment got "
                + "%d tracks and %d identifies for them (identify expected: theirs was dropped in the outage); %s%n",
                RECOVERY_USERS, BenchApp.PLAIN, tracks, identifies, app.stats());
    }

    /** The padding of each user's messages with {@code -DmessageKb}, else null. */
    private static String padding;

    private static User user(String prefix, long n) {
        User user = BenchApp.distinctUser(prefix, n);
        return padding == null ? user
                : User.newBuilder().email(prefix + n + "@customer.example").country("NL")
                        .custom(Map.of("notes", padding)).build(prefix + n);
    }

    private static boolean type(JsonObject message, String type) {
        return message.has("type") && message.get("type").getAsString().equals(type);
    }

    private static String userId(JsonObject message) {
        return message.has("userId") ? message.get("userId").getAsString() : null;
    }
}
