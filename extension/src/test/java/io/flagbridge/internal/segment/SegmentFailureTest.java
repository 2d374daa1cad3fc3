package io.flagbridge.internal.segment;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.ObservesAsync;
import jakarta.interceptor.Interceptor;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.configcat.User;

import io.flagbridge.FlagEvaluated;
import io.flagbridge.SegmentStats;
import io.flagbridge.internal.segment.SegmentEvaluatedTest.Shop;
import io.flagbridge.testing.ConfigJson;
import io.flagbridge.testing.Eventually;
import io.flagbridge.testing.FakeConfigCatCdn;
import io.flagbridge.testing.FakeSegment;
import io.flagbridge.testing.Fakes;
import io.flagbridge.testing.Fakes.Fake;
import io.flagbridge.testing.WeldApp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Segment down, failing, rate limiting or slow: the evaluating thread never waits or fails, the queue stays bounded,
 * drops and failures are counted, delivery resumes, and stopping keeps to its deadline. No assertion here is a
 * timing: every wait is bounded and checks a state.
 */
@ExtendWith(Fakes.class)
class SegmentFailureTest {

    @Fake
    FakeSegment segment;
    @Fake
    WeldApp app;

    Shop start(String... more) throws Exception {
        Map<String, String> config = new HashMap<>(Map.of("configcat.overrides.resource",
                "flags/segment.json", "configcat.overrides.behaviour", "local-only",
                "segment.write-key", SegmentEvaluatedTest.WRITE_KEY, "segment.endpoint", segment.baseUrl(),
                "segment.flush-interval", "PT1S", "segment.flush-size", "10", "segment.dedupe-window", "PT0S"));
        for (int i = 0; i < more.length; i += 2) {
            config.put(more[i], more[i + 1]);
        }
        app = WeldApp.start(config, Shop.class);
        return app.select(Shop.class);
    }

    static User user(int i) {
        return User.newBuilder().build("user-" + i);
    }

    static List<String> threadsNamed(String prefix) {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
                .filter(name -> name.startsWith(prefix)).toList();
    }

    @Test
    void withSegmentDownEvaluationsGoOnTheQueueStaysBoundedAndDeliveryResumes() throws Exception {
        segment.stop();
        Shop shop = start("segment.queue-capacity", "50", "segment.retries", "1000", "segment.max-in-flight", "1");
        SegmentStats stats = app.select(SegmentStats.class);

        for (int i = 0; i < 500; i++) {
            assertThat(shop.on(user(i))).isTrue(); // every evaluation returns its value at once
        }
        // 500 users make 1000 messages (identify + track): at most 50 wait, and the one lane's batch (taken when the
        // queue was half full: at most 50) is retried; the rest are dropped and counted.
        assertThat(Eventually.reach(() -> stats.dropped() + stats.pending(), 1000)).isEqualTo(1000);
        assertThat(stats.pending()).isLessThanOrEqualTo(50 + 50);
        assertThat(stats.dropped()).isGreaterThanOrEqualTo(900);

        segment.restart();
        assertThat(Eventually.reach(stats::sent, stats.sent() + stats.pending())).isGreaterThan(0);
        assertThat(Eventually.reach(() -> 50 - stats.pending(), 50)).as("nothing left pending").isEqualTo(50);
        shop.on(user(1_000));
        assertThat(segment.awaitMessages(segment.messageCount() + 2, Duration.ofSeconds(10))).isNotEmpty();
    }

    @Test
    void serverErrorsAreAnOutageWhoseMessagesAreKeptAndDeliveredOnceSegmentIsBack() throws Exception {
        segment.failWith500();
        Shop shop = start("segment.retries", "2", "segment.flush-size", "2");
        SegmentStats stats = app.select(SegmentStats.class);
        shop.on(user(1));
        assertThat(Eventually.reach(() -> segment.requestCount(), 4)).as("more attempts than segment.retries")
                .isGreaterThanOrEqualTo(4);
        assertThat(stats.failed()).isZero();
        assertThat(stats.pending()).isEqualTo(2);

        segment.healthy();
        shop.on(user(2));
        assertThat(Eventually.until(stats::sent, sent -> sent == 4, Duration.ofSeconds(15))).isEqualTo(4);
        assertThat(stats.failed()).isZero();
    }

    @Test
    void aRateLimitIsHonouredAndTheBatchDelivered() throws Exception {
        segment.answerNext(429, "2");
        Shop shop = start("segment.flush-size", "2");
        SegmentStats stats = app.select(SegmentStats.class);
        shop.on(user(1));
        assertThat(Eventually.reach(stats::sent, 2)).isEqualTo(2);
        List<FakeSegment.ReceivedRequest> requests = segment.requests();
        assertThat(requests).extracting(FakeSegment.ReceivedRequest::status).containsExactly(429, 200);
        assertThat(Duration.ofNanos(requests.get(1).receivedAtNanos() - requests.get(0).receivedAtNanos()))
                .as("the retry waited for Retry-After").isGreaterThanOrEqualTo(Duration.ofSeconds(2));
        assertThat(segment.messages()).hasSize(2);
    }

    @Test
    void aClientErrorIsNotRetriedAndItsMessagesAreCountedAsFailed() throws Exception {
        segment.failWithStatus(401);
        Shop shop = start("segment.retries", "3", "segment.flush-size", "2");
        SegmentStats stats = app.select(SegmentStats.class);
        shop.on(user(1));
        assertThat(Eventually.reach(stats::failed, 2)).isEqualTo(2);
        assertThat(segment.requests()).as("each batch once").allMatch(r -> r.status() == 401)
                .extracting(FakeSegment.ReceivedRequest::messageCount)
                .satisfies(counts -> assertThat(counts.stream().mapToInt(Integer::intValue).sum()).isEqualTo(2));
        assertThat(stats.sent()).isZero();
        assertThat(stats.pending()).isZero();
    }

    @Test
    void aSlowSegmentDoesNotSlowTheEvaluatingThread() throws Exception {
        segment.slow(Duration.ofSeconds(5));
        Shop shop = start("segment.flush-size", "2", "segment.queue-capacity", "10", "segment.max-in-flight", "1");
        SegmentStats stats = app.select(SegmentStats.class);
        shop.on(user(0));
        assertThat(Eventually.reach(() -> segment.requestCount(), 1)).as("the first batch is being answered slowly")
                .isEqualTo(1);
        // While Segment holds that request, the business thread evaluates on; what cannot wait is dropped.
        for (int i = 1; i <= 100; i++) {
            assertThat(shop.on(user(i))).isTrue();
        }
        assertThat(stats.sent()).isZero();
        // 202 messages: 10 wait, the one lane's batch of 2 is in flight.
        assertThat(Eventually.reach(stats::dropped, 190)).isGreaterThanOrEqualTo(190);
        assertThat(stats.pending()).isLessThanOrEqualTo(10 + 2);
    }

    @Test
    void stoppingWithABacklogAndAHealthyEndpointDeliversEverything() throws Exception {
        Shop shop = start("segment.flush-interval", "PT1H", "segment.flush-size", "1000");
        for (int i = 0; i < 100; i++) {
            shop.on(user(i));
        }
        SegmentStats stats = app.select(SegmentStats.class);
        assertThat(Eventually.reach(stats::pending, 200)).isEqualTo(200);
        assertThat(segment.messageCount()).isZero();

        app.close();
        app = null;

        assertThat(segment.messageCount()).isEqualTo(200);
        assertThat(stats.sent()).isEqualTo(200);
        assertThat(threadsNamed("flagbridge-")).isEmpty();
    }

    @Test
    void stoppingWithADeadEndpointEndsWithinTheTimeoutAndLeavesNoThread() throws Exception {
        List<String> before = liveThreads();
        segment.stop();
        Shop shop = start("segment.shutdown-timeout", "PT2S", "segment.retries", "1000");
        for (int i = 0; i < 20; i++) {
            shop.on(user(i));
        }
        SegmentStats stats = app.select(SegmentStats.class);
        assertThat(Eventually.reach(stats::pending, 40)).isEqualTo(40);

        long stopping = System.nanoTime();
        app.close();
        app = null;
        // The deadline, plus what ending the threads may take after it.
        assertThat(Duration.ofNanos(System.nanoTime() - stopping)).isLessThan(Duration.ofSeconds(2 + 3));

        assertThat(stats.pending()).isZero();
        assertThat(stats.failed()).isEqualTo(40);
        // Every thread the application started has ended, but OkHttp's and Okio's shared daemons, which end after
        // 60 s without work (they are the JVM's here: OkHttp is on the test class path, not the application's).
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(liveThreads()).filteredOn(
                name -> !before.contains(name)).allMatch(
                        name -> name.equals("OkHttp TaskRunner")
                                || name.equals("Okio Watchdog") || JVM_WIDE.matcher(name).matches(),
                        "an OkHttp or Okio daemon"));
    }

    /** Threads of the test JVM or of Weld itself, not of the application. */
    static final Pattern JVM_WIDE = Pattern.compile("awaitility.*|ForkJoinPool\\.commonPool-worker-\\d+|weld-.*");

    /** Notified after FlagBridge's Segment observer (priority APPLICATION + 500), so the first exposure reaches it. */
    @ApplicationScoped
    public static class SlowObserver {
        void seen(@ObservesAsync @Priority(Interceptor.Priority.APPLICATION + 600) FlagEvaluated event)
                throws InterruptedException {
            Thread.sleep(10_000);
        }
    }

    @Test
    void stoppingKeepsToOneDeadlineForTheEventsSegmentAndTheClientTogether() throws Exception {
        segment.slow(Duration.ofSeconds(30)); // Segment holds every request
        Map<String, String> config = new HashMap<>(Map.of("configcat.overrides.resource", "flags/segment.json",
                "configcat.overrides.behaviour", "local-only", "segment.write-key", SegmentEvaluatedTest.WRITE_KEY,
                "segment.endpoint", segment.baseUrl(), "segment.flush-size", "1", "segment.shutdown-timeout",
                "PT2S"));
        app = WeldApp.start(config, Shop.class, SlowObserver.class);
        Shop shop = app.select(Shop.class);
        for (int i = 0; i < 20; i++) {
            shop.on(user(i)); // queued events wait behind the slow observer, messages behind the held request
        }
        assertThat(Eventually.reach(() -> segment.requestCount(), 1)).as("a batch held by Segment")
                .isGreaterThanOrEqualTo(1);
        assertThat(app.select(SegmentStats.class).pending()).as("messages behind it").isPositive();

        long stopping = System.nanoTime();
        app.close();
        app = null;
        assertThat(Duration.ofNanos(System.nanoTime() - stopping)).as("one deadline of 2 s, and a little to end "
                + "the threads").isLessThan(Duration.ofMillis(2_000 + 1_500));
    }

    static List<String> liveThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName).toList();
    }

    @Test
    void aUserWhoseIdentifyWasDroppedIsIdentifiedNextTime() throws Exception {
        segment.stop();
        Shop shop = start("segment.queue-capacity", "2", "segment.retries", "1000", "segment.max-in-flight", "1");
        SegmentStats stats = app.select(SegmentStats.class);
        for (int i = 0; i < 10; i++) {
            shop.on(user(i));
        }
        // user-0's identify and track are kept (the one lane's batch, retried) and at most two more wait: user-5's
        // messages are among those dropped.
        assertThat(Eventually.reach(() -> stats.dropped() + stats.pending(), 20)).isEqualTo(20);
        long kept = stats.pending();
        assertThat(kept).isBetween(2L, 4L);

        segment.restart();
        assertThat(Eventually.reach(stats::sent, kept)).isEqualTo(kept);
        shop.on(user(5));
        assertThat(segment.awaitMessages((int) kept + 2, Duration.ofSeconds(10))).filteredOn(m -> m.get("type").getAsString()
                .equals("identify")).extracting(m -> m.get("userId").getAsString()).contains("user-0", "user-5");
    }

    @Test
    void aHangingConfigCatFetchDoesNotEatSegmentsStopBudget() throws Exception {
        String key = "configcat-sdk-1/flagbridge-stop-budget/0123456789abcdefghijkl";
        try (FakeConfigCatCdn cdn = FakeConfigCatCdn.start()) {
            cdn.serve(key, ConfigJson.forCdn(cdn.baseUrl()).boolFlag("on", true, "v-on").build());
            app = WeldApp.start(Map.of("configcat.sdk-key", key, "configcat.base-url", cdn.baseUrl(),
                    "configcat.poll-interval", "1", "segment.write-key", SegmentEvaluatedTest.WRITE_KEY,
                    "segment.endpoint", segment.baseUrl(), "segment.flush-interval", "PT1H",
                    "segment.shutdown-timeout", "PT5S"), Shop.class);
            Shop shop = app.select(Shop.class);
            SegmentStats stats = app.select(SegmentStats.class);
            for (int i = 0; i < 50; i++) {
                assertThat(shop.on(user(i))).isTrue();
            }
            // 50 identifies and 50 tracks wait for the flush interval, an hour away: the stop must send them.
            assertThat(Eventually.reach(stats::pending, 100)).isEqualTo(100);
            cdn.slow(Duration.ofSeconds(60));
            int before = cdn.requests(key);
            assertThat(Eventually.reach(() -> cdn.requests(key), before + 1)).as("a fetch hangs").isGreaterThan(before);

            app.close();
            app = null;

            assertThat(stats.sent()).isEqualTo(100);
            assertThat(stats.failed()).isZero();
            assertThat(segment.messageCount()).isEqualTo(100);
            assertThat(threadsNamed("flagbridge-configcat-http")).isEmpty();
            cdn.slow(Duration.ZERO);
        }
    }

    @Test
    void aUserWithThousandsOfAttributesIsShrunkWithoutHoldingBackTheExposuresBehindIt() throws Exception {
        Shop shop = start("segment.flush-interval", "PT1S", "segment.flush-size", "100");
        Map<String, Object> attributes = new HashMap<>();
        for (int i = 0; i < 16_000; i++) {
            attributes.put("attribute-" + i, "value-" + i);
        }
        assertThat(shop.on(User.newBuilder().custom(attributes).build("huge"))).isTrue();
        for (int i = 0; i < 200; i++) {
            assertThat(shop.on(user(i))).isTrue();
        }
        // The bound of a state, not a speed: shrinking that user took 7 s per message, twice, on the event thread.
        List<com.google.gson.JsonObject> tracks = Eventually.until(() -> segment.tracks("Feature Flag Evaluated"),
                t -> t.size() == 201);
        assertThat(tracks).hasSize(201);
        com.google.gson.JsonObject huge = tracks.stream()
                .filter(t -> t.get("userId").getAsString().equals("huge")).findFirst().orElseThrow();
        assertThat(huge.toString().length()).isLessThanOrEqualTo(32 * 1024);
        assertThat(huge.getAsJsonObject("properties").get("value").getAsBoolean()).isTrue();
        assertThat(huge.getAsJsonObject("properties").getAsJsonObject("user").get("identifier").getAsString())
                .isEqualTo("huge");
    }

    @Test
    void anApplicationsTrackIsBuiltAndShrunkOnFlagBridgesEventThreadNotTheCallers() throws Exception {
        start("segment.flush-interval", "PT1S");
        List<String> threads = new java.util.concurrent.CopyOnWriteArrayList<>();
        Map<String, Object> cart = new java.util.AbstractMap<>() {
            @Override
            public java.util.Set<Map.Entry<String, Object>> entrySet() {
                threads.add(Thread.currentThread().getName());
                return Map.<String, Object> of("items", 3).entrySet();
            }
        };
        SegmentDispatcher dispatcher = app.select(io.flagbridge.internal.runtime.FlagBridgeRuntime.class).segment()
                .orElseThrow();

        assertThat(dispatcher.track("Checkout Completed", "ann", Map.of("cart", cart), System.currentTimeMillis()))
                .isTrue();

        List<com.google.gson.JsonObject> tracks = Eventually.until(() -> segment.tracks("Checkout Completed"),
                t -> t.size() == 1);
        assertThat(tracks).hasSize(1);
        assertThat(tracks.get(0).getAsJsonObject("properties").getAsJsonObject("cart").get("items").getAsInt())
                .isEqualTo(3);
        assertThat(threads).isNotEmpty().allMatch(name -> name.startsWith("flagbridge-events-"));
    }
}
