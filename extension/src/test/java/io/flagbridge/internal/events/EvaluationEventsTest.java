package io.flagbridge.internal.events;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.ObservesAsync;
import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.configcat.ConfigCatClient;
import com.configcat.User;

import io.flagbridge.FlagEvaluated;
import io.flagbridge.SegmentStats;
import io.flagbridge.testing.Eventually;
import io.flagbridge.testing.WeldApp;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The evaluation hook does only what the application's observers need: these apps have only synchronous, or only
 * asynchronous observers, and no Segment.
 */
class EvaluationEventsTest {

    static final Map<String, String> LOCAL = Map.of("configcat.overrides.resource", "flags/segment.json",
            "configcat.overrides.behaviour", "local-only");

    @ApplicationScoped
    public static class Shop {
        @Inject
        ConfigCatClient client;

        boolean on(User user) {
            return client.getValue(Boolean.class, "on", user, false);
        }
    }

    @ApplicationScoped
    public static class SyncOnly {
        static final List<FlagEvaluated> SEEN = new CopyOnWriteArrayList<>();

        void seen(@Observes FlagEvaluated event) {
            SEEN.add(event);
        }
    }

    @ApplicationScoped
    public static class AsyncOnly {
        static final List<FlagEvaluated> SEEN = new CopyOnWriteArrayList<>();

        void seen(@ObservesAsync FlagEvaluated event) {
            SEEN.add(event);
        }
    }

    @ApplicationScoped
    public static class Stuck {
        static final CountDownLatch RELEASE = new CountDownLatch(1);

        void seen(@ObservesAsync FlagEvaluated event) throws InterruptedException {
            RELEASE.await(10, TimeUnit.SECONDS);
        }
    }

    @BeforeEach
    void clear() {
        SyncOnly.SEEN.clear();
        AsyncOnly.SEEN.clear();
    }

    static User user(String id) {
        return User.newBuilder().build(id);
    }

    @Test
    void aSynchronousObserverAloneSeesEveryEvaluationAndNothingIsDeduped() {
        Instant before = Instant.now().minusMillis(1);
        try (WeldApp app = WeldApp.start(LOCAL, Shop.class, SyncOnly.class)) {
            Shop shop = app.select(Shop.class);
            for (int i = 0; i < 3; i++) {
                assertThat(shop.on(user("ann"))).isTrue();
            }
            assertThat(SyncOnly.SEEN).hasSize(3);
            FlagEvaluated event = SyncOnly.SEEN.get(0);
            assertThat(event.key()).isEqualTo("on");
            assertThat(event.value()).isEqualTo(true);
            assertThat(event.variationId()).isEqualTo("v-on");
            assertThat(event.timestamp()).isBetween(before, Instant.now());
            assertThat(app.select(SegmentStats.class).deduped()).isZero();
        }
    }

    @Test
    void anAsynchronousObserverAloneGetsEachExposureOnce() throws Exception {
        Instant before = Instant.now().minusMillis(1);
        try (WeldApp app = WeldApp.start(LOCAL, Shop.class, AsyncOnly.class)) {
            Shop shop = app.select(Shop.class);
            for (int i = 0; i < 3; i++) {
                assertThat(shop.on(user("ann"))).isTrue();
            }
            shop.on(user("bob"));
            SegmentStats stats = app.select(SegmentStats.class);
            assertThat(stats.deduped()).isEqualTo(2);
            Eventually.reach(AsyncOnly.SEEN::size, 2);
            assertThat(AsyncOnly.SEEN).extracting(e -> e.user().getIdentifier()).containsExactlyInAnyOrder("ann",
                    "bob");
            FlagEvaluated event = AsyncOnly.SEEN.get(0);
            assertThat(event.key()).isEqualTo("on");
            assertThat(event.variationId()).isEqualTo("v-on");
            assertThat(event.defaultValue()).isFalse();
            assertThat(event.timestamp()).isBetween(before, Instant.now());
            assertThat(stats.droppedEvents()).isZero();
        }
    }

    @Test
    void exposuresBeyondTheEventQueueAreDroppedAndCountedAsEventsNotMessages() {
        Map<String, String> config = new java.util.HashMap<>(LOCAL);
        config.put("flagbridge.events.queue-capacity", "1");
        try (WeldApp app = WeldApp.start(config, Shop.class, Stuck.class)) {
            Shop shop = app.select(Shop.class);
            // The first exposure occupies the event thread, the second the queue's one place; 8 more are dropped.
            for (int i = 0; i < 10; i++) {
                assertThat(shop.on(user("user-" + i))).isTrue();
            }
            SegmentStats stats = app.select(SegmentStats.class);
            assertThat(stats.droppedEvents()).isBetween(8L, 9L);
            assertThat(stats.dropped()).as("Segment messages").isZero();
            Stuck.RELEASE.countDown();
        }
    }

    @Test
    void withNoObserverAtAllEvaluationsAreServedAndNothingIsCounted() {
        try (WeldApp app = WeldApp.start(LOCAL, Shop.class)) {
            Shop shop = app.select(Shop.class);
            for (int i = 0; i < 3; i++) {
                assertThat(shop.on(user("ann"))).isTrue();
            }
            SegmentStats stats = app.select(SegmentStats.class);
            assertThat(stats.deduped()).isZero();
            assertThat(stats.droppedEvents()).isZero();
        }
    }
}
