package io.flagbridge.internal.segment;

import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.ObservesAsync;
import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.configcat.ConfigCatClient;
import com.configcat.User;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import io.flagbridge.FlagEvaluated;
import io.flagbridge.SegmentStats;
import io.flagbridge.internal.delivery.Outbox;
import io.flagbridge.testing.Eventually;
import io.flagbridge.testing.FakeSegment;
import io.flagbridge.testing.Fakes;
import io.flagbridge.testing.Fakes.Fake;
import io.flagbridge.testing.WeldApp;

import static org.assertj.core.api.Assertions.assertThat;

/** "Feature Flag Evaluated" and identify, as they reach a fake Segment server on 127.0.0.1. */
@ExtendWith(Fakes.class)
class SegmentEvaluatedTest {

    static final String WRITE_KEY = "segment-write-key-0123456789";
    static final String LONG_TEXT = "{\"banner\":\"" + "x".repeat(300) + "\"}";

    @Fake
    FakeSegment segment;
    @Fake
    WeldApp app;

    @ApplicationScoped
    public static class Shop {
        @Inject
        ConfigCatClient client;

        String eval(String key, User user) {
            return client.getValue(String.class, key, user, "default");
        }

        boolean on(User user) {
            return client.getValue(Boolean.class, "on", user, false);
        }
    }

    @ApplicationScoped
    public static class Observers {
        static final List<FlagEvaluated> SYNC = new CopyOnWriteArrayList<>();
        static final List<FlagEvaluated> ASYNC = new CopyOnWriteArrayList<>();

        void sync(@Observes FlagEvaluated event) {
            SYNC.add(event);
        }

        void async(@ObservesAsync FlagEvaluated event) {
            ASYNC.add(event);
        }
    }

    Shop start(String... more) throws Exception {
        app = WeldApp.start(config(more), Shop.class, Observers.class);
        return app.select(Shop.class);
    }

    Map<String, String> config(String... more) {
        Map<String, String> config = new HashMap<>(Map.of("configcat.overrides.resource", "flags/segment.json",
                "configcat.overrides.behaviour", "local-only", "segment.write-key", WRITE_KEY, "segment.endpoint",
                segment.baseUrl(), "segment.flush-interval", "PT1S", "segment.flush-size", "1"));
        for (int i = 0; i < more.length; i += 2) {
            config.put(more[i], more[i + 1]);
        }
        return config;
    }

    static User ann() {
        return User.newBuilder().email("ann@example.com").country("NL").custom(Map.of("plan", "gold"))
                .build("ann");
    }

    static JsonObject json(String text) {
        return JsonParser.parseString(text).getAsJsonObject();
    }

    @Test
    void anEvaluationBecomesIdentifyAndTrackExactlyAsTheIntegrationDefinesThem() throws Exception {
        Shop shop = start();
        assertThat(shop.on(ann())).isTrue();

        List<JsonObject> messages = awaitExactly(2);
        JsonObject identify = messages.get(0);
        assertThat(identify.get("type").getAsString()).isEqualTo("identify");
        assertThat(identify.get("userId").getAsString()).isEqualTo("ann");
        assertThat(identify.get("traits")).isEqualTo(json("{\"email\":\"ann@example.com\",\"country\":\"NL\","
                + "\"plan\":\"gold\"}"));
        assertThat(identify.getAsJsonObject("context").get("integration"))
                .isEqualTo(json("{\"name\":\"configcat\",\"version\":\"1.0.0\"}"));

        JsonObject track = messages.get(1);
        assertThat(track.get("type").getAsString()).isEqualTo("track");
        assertThat(track.get("event").getAsString()).isEqualTo("Feature Flag Evaluated");
        assertThat(track.get("userId").getAsString()).isEqualTo("ann");
        assertThat(track.get("properties")).isEqualTo(json("{\"feature_flag_key\":\"on\",\"value\":true,"
                + "\"variation_id\":\"v-on\",\"user\":{\"identifier\":\"ann\",\"email\":\"ann@example.com\","
                + "\"country\":\"NL\",\"plan\":\"gold\"}}"));
        assertThat(track.getAsJsonObject("context").get("integration"))
                .isEqualTo(json("{\"name\":\"configcat\",\"version\":\"1.0.0\"}"));
        assertThat(track.has("anonymousId")).isFalse();
        assertThat(segment.lastWriteKey()).contains(WRITE_KEY);
        SegmentStats stats = app.select(SegmentStats.class);
        assertThat(Eventually.reach(stats::sent, 2)).isEqualTo(2);
        assertThat(stats.pending()).isZero();
    }

    @Test
    void theSameExposureIsSentOncePerWindowWithADeterministicMessageId() throws Exception {
        Shop shop = start();
        for (int i = 0; i < 5; i++) {
            shop.on(ann());
        }
        shop.eval("greeting", ann());
        List<JsonObject> messages = awaitExactly(3);
        assertThat(messages).extracting(m -> m.get("type").getAsString()).containsExactly("identify", "track",
                "track");
        assertThat(app.select(SegmentStats.class).deduped()).isEqualTo(4);
        String firstId = messages.get(1).get("messageId").getAsString();
        app.close();
        app = null;

        // Another replica, same window: the same message ID, so Segment collapses the two.
        Shop replica = start();
        replica.on(ann());
        List<JsonObject> again = segment.awaitMessages(5, Duration.ofSeconds(10));
        assertThat(again.get(4).get("messageId").getAsString()).isEqualTo(firstId);
    }

    @Test
    void withoutAnyApplicationObserverEachExposureStillReachesSegmentOnce() throws Exception {
        // No @Observes FlagEvaluated here: the hook then skips fire() and builds the event only for exposures.
        app = WeldApp.start(config(), Shop.class);
        Shop shop = app.select(Shop.class);
        for (int i = 0; i < 5; i++) {
            shop.on(ann());
        }
        shop.on(User.newBuilder().build("bob"));
        List<JsonObject> messages = awaitExactly(4);
        // Each user's messages in order; two users' lanes may interleave (segment.max-in-flight).
        List<String> arrived = messages.stream()
                .map(m -> m.get("type").getAsString() + " " + m.get("userId").getAsString()).toList();
        assertThat(arrived).containsExactlyInAnyOrder("identify ann", "track ann", "identify bob", "track bob");
        assertThat(arrived.indexOf("identify ann")).isLessThan(arrived.indexOf("track ann"));
        assertThat(arrived.indexOf("identify bob")).isLessThan(arrived.indexOf("track bob"));
        assertThat(messages.get(arrived.indexOf("track ann")).get("properties"))
                .isEqualTo(json("{\"feature_flag_key\":\"on\",\"value\":true,"
                        + "\"variation_id\":\"v-on\",\"user\":{\"identifier\":\"ann\",\"email\":\"ann@example.com\","
                        + "\"country\":\"NL\",\"plan\":\"gold\"}}"));
        assertThat(app.select(SegmentStats.class).deduped()).isEqualTo(4);
    }

    @Test
    void aZeroWindowSendsEveryEvaluationAndIdentifiesOnce() throws Exception {
        Shop shop = start("segment.dedupe-window", "PT0S");
        for (int i = 0; i < 3; i++) {
            shop.on(ann());
        }
        List<JsonObject> messages = awaitExactly(4);
        assertThat(messages).extracting(m -> m.get("type").getAsString()).containsExactly("identify", "track",
                "track", "track");
    }

    @Test
    void changedTraitsAreIdentifiedAgain() throws Exception {
        Shop shop = start();
        shop.on(ann());
        shop.eval("greeting", User.newBuilder().email("ann@new.example.com").build("ann"));
        List<JsonObject> identifies = awaitType("identify", 2);
        assertThat(identifies.get(1).get("traits")).isEqualTo(json("{\"email\":\"ann@new.example.com\"}"));
    }

    @Test
    void evaluationsWithoutAUserAreNotSentUnlessAnAnonymousIdIsSet() throws Exception {
        Shop shop = start();
        shop.on(null);
        shop.on(ann());
        segment.awaitMessages(2, Duration.ofSeconds(10));
        app.select(Outbox.class).flush();
        assertThat(segment.messages()).hasSize(2).allMatch(m -> m.get("userId").getAsString().equals("ann"));
        app.close();
        app = null;

        Shop anonymous = start("segment.anonymous-id", "shop-anonymous");
        anonymous.on(null);
        JsonObject track = segment.awaitMessages(3, Duration.ofSeconds(10)).get(2);
        assertThat(track.get("anonymousId").getAsString()).isEqualTo("shop-anonymous");
        assertThat(track.has("userId")).isFalse();
        assertThat(track.get("properties"))
                .isEqualTo(json("{\"feature_flag_key\":\"on\",\"value\":true,\"variation_id\":\"v-on\"}"));
    }

    @Test
    void aLongTextValueIsSentAsItsVariationId() throws Exception {
        Shop shop = start();
        assertThat(shop.eval("long", ann())).isEqualTo(LONG_TEXT);
        assertThat(shop.eval("greeting", ann())).isEqualTo("hello");
        List<JsonObject> tracks = awaitTracks(2);
        assertThat(tracks.get(0).getAsJsonObject("properties").get("value").getAsString()).isEqualTo("v-long");
        assertThat(tracks.get(1).getAsJsonObject("properties").get("value").getAsString()).isEqualTo("hello");
    }

    @Test
    void allowAndDenyListsDecideWhichAttributesLeaveTheProcess() throws Exception {
        Shop shop = start("segment.user-attributes", "Email,plan,Country", "segment.private-attributes", "country");
        shop.on(ann());
        JsonObject track = awaitTracks(1).get(0);
        assertThat(track.getAsJsonObject("properties").get("user"))
                .isEqualTo(json("{\"identifier\":\"ann\",\"email\":\"ann@example.com\",\"plan\":\"gold\"}"));
        assertThat(segment.messages("identify").get(0).get("traits"))
                .isEqualTo(json("{\"email\":\"ann@example.com\",\"plan\":\"gold\"}"));
    }

    @Test
    void hashedUserIdsAreAnHmacOfTheIdentifier() throws Exception {
        Shop shop = start("segment.hash-user-id", "true", "segment.hash-key", "pepper-0123456789");
        shop.on(ann());
        JsonObject track = awaitTracks(1).get(0);
        // printf ann | openssl dgst -sha256 -hmac pepper-0123456789
        String expected = "9ebab63c9a0e53372b132a4e34410021f9a9f752331aa07ad505b0560c6a2cf9";
        String hashed = track.get("userId").getAsString();
        assertThat(hashed).hasSize(64).isNotEqualTo("ann");
        assertThat(track.getAsJsonObject("properties").getAsJsonObject("user").get("identifier").getAsString())
                .isEqualTo(hashed);
        assertThat(segment.messages().toString()).doesNotContain("\"ann\"");
        assertThat(hashed).isEqualTo(expected);
    }

    @Test
    void theEventCanBeTurnedOff() throws Exception {
        Observers.ASYNC.clear();
        Shop shop = start("segment.evaluated.enabled", "false");
        shop.on(ann());
        // The positive control: the exposure was made and reached the async observers, Segment's dispatcher among
        // them (it runs before the application's stop ends).
        assertThat(Eventually.reach(Observers.ASYNC::size, 1)).isEqualTo(1);
        app.close();
        app = null;
        assertThat(segment.requestCount()).as("the stop flushed nothing: there was nothing").isZero();
        assertThat(segment.messages()).isEmpty();
    }

    @Test
    void syncObserversSeeEveryEvaluationAndAsyncObserversEachExposure() throws Exception {
        Observers.SYNC.clear();
        Observers.ASYNC.clear();
        Shop shop = start();
        for (int i = 0; i < 3; i++) {
            shop.on(ann());
        }
        shop.eval("greeting", null);
        awaitTracks(1);
        assertThat(Observers.SYNC).hasSize(4);
        FlagEvaluated first = Observers.SYNC.get(0);
        assertThat(first.key()).isEqualTo("on");
        assertThat(first.value()).isEqualTo(true);
        assertThat(first.variationId()).isEqualTo("v-on");
        assertThat(first.user().getIdentifier()).isEqualTo("ann");
        assertThat(first.defaultValue()).isFalse();
        assertThat(first.error()).isNull();
        app.close();
        app = null;
        assertThat(Observers.ASYNC).extracting(FlagEvaluated::key).containsExactlyInAnyOrder("on", "greeting");
    }

    @Test
    void aMessageOver32KbIsShrunkNotLost() throws Exception {
        Shop shop = start();
        User big = User.newBuilder().email("big@example.com")
                .custom(Map.of("notes", "n".repeat(40_000), "plan", "gold")).build("big");
        shop.on(big);
        JsonObject track = awaitTracks(1).get(0);
        assertThat(track.getAsJsonObject("properties").get("user"))
                .isEqualTo(json("{\"identifier\":\"big\",\"email\":\"big@example.com\",\"plan\":\"gold\"}"));
        assertThat(track.getAsJsonObject("properties").get("value").getAsBoolean()).isTrue();
    }

    @Test
    void aFailedEvaluationIsNoExposureButItsObserversHearOfIt() throws Exception {
        Observers.SYNC.clear();
        Observers.ASYNC.clear();
        Shop shop = start();
        assertThat(shop.eval("dark-mod", ann())).isEqualTo("default"); // a typo: no such flag
        shop.on(ann());
        JsonObject track = awaitTracks(1).get(0);
        app.close();
        app = null;
        assertThat(track.getAsJsonObject("properties").get("feature_flag_key").getAsString()).isEqualTo("on");
        assertThat(segment.tracks("Feature Flag Evaluated")).as("only the evaluation that worked").hasSize(1);
        assertThat(Observers.SYNC).anySatisfy(event -> {
            assertThat(event.key()).isEqualTo("dark-mod");
            assertThat(event.error()).isNotNull();
            assertThat(event.defaultValue()).isTrue();
        });
        assertThat(Observers.ASYNC).extracting(FlagEvaluated::key).containsExactly("on");
    }

    @Test
    void aValueJsonCannotHoldDropsThatAttributeNotTheMessage() throws Exception {
        Map<String, Object> loop = new HashMap<>();
        loop.put("self", loop);
        Map<String, Object> custom = new LinkedHashMap<>();
        custom.put("plan", "gold");
        custom.put("nan", Double.NaN);
        custom.put("infinite", Double.POSITIVE_INFINITY);
        custom.put("loop", loop);
        Shop shop = start();
        shop.on(User.newBuilder().custom(custom).build("odd"));
        JsonObject track = awaitTracks(1).get(0);
        assertThat(track.getAsJsonObject("properties").get("user")).isEqualTo(json("{\"identifier\":\"odd\","
                + "\"plan\":\"gold\"}"));
        assertThat(awaitType("identify", 1).get(0).get("traits")).isEqualTo(json("{\"plan\":\"gold\"}"));
        assertThat(app.select(SegmentStats.class).failed()).isZero();
    }

    /**
     * The messages once {@code count} arrived and nothing is pending: the Segment observer offers an exposure's
     * messages together, in the order of the exposures, so an extra one would have arrived by then too.
     */
    List<JsonObject> awaitExactly(int count) {
        segment.awaitMessages(count, Duration.ofSeconds(10));
        SegmentStats stats = app.select(SegmentStats.class);
        assertThat(Eventually.until(stats::pending, pending -> pending == 0)).as("pending").isZero();
        List<JsonObject> messages = segment.messages();
        assertThat(messages).hasSize(count);
        return messages;
    }

    List<JsonObject> awaitTracks(int count) {
        return awaitType("track", count);
    }

    List<JsonObject> awaitType(String type, int count) {
        List<JsonObject> messages = Eventually.until(() -> segment.messages(type), m -> m.size() >= count);
        assertThat(messages).as(type + " messages").hasSizeGreaterThanOrEqualTo(count);
        return messages;
    }
}
