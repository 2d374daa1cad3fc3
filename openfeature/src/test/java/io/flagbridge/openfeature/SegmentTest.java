package io.flagbridge.openfeature;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.configcat.ConfigCatClient;
import com.configcat.User;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import dev.openfeature.sdk.Client;
import dev.openfeature.sdk.ImmutableContext;
import dev.openfeature.sdk.ImmutableStructure;
import dev.openfeature.sdk.MutableTrackingEventDetails;
import dev.openfeature.sdk.Value;
import io.flagbridge.FlagEvaluated;
import io.flagbridge.SegmentStats;
import io.flagbridge.testing.ConfigJson;
import io.flagbridge.testing.Eventually;
import io.flagbridge.testing.FakeConfigCatCdn;
import io.flagbridge.testing.FakeSegment;
import io.flagbridge.testing.Fakes;
import io.flagbridge.testing.Fakes.Fake;
import io.flagbridge.testing.WeldApp;

import static org.assertj.core.api.Assertions.assertThat;

/** OpenFeature evaluations and track() as they reach a fake Segment on 127.0.0.1: one path with @FeatureFlag's. */
@ExtendWith(Fakes.class)
class SegmentTest {

    static final String WRITE_KEY = "segment-write-key-0123456789";
    static final String INTEGRATION = "{\"name\":\"configcat\",\"version\":\"1.0.0\"}";

    @Fake
    FakeConfigCatCdn cdn;
    @Fake
    FakeSegment segment;
    @Fake
    WeldApp app;

    @BeforeEach
    void startFakes() {
        cdn.serve(OpenFeatureTestApp.KEY, ConfigJson.forCdn(cdn.baseUrl()).boolFlag("on", true, "v-on").build());
    }

    @ApplicationScoped
    public static class Evaluations {
        static final List<FlagEvaluated> SEEN = new CopyOnWriteArrayList<>();

        void seen(@Observes FlagEvaluated event) {
            SEEN.add(event);
        }
    }

    Client start(String... more) {
        String[] all = new String[more.length + 8];
        System.arraycopy(new String[] { "segment.write-key", WRITE_KEY, "segment.endpoint", segment.baseUrl(),
                "segment.flush-interval", "PT1S", "segment.flush-size", "1" }, 0, all, 0, 8);
        System.arraycopy(more, 0, all, 8, more.length);
        Evaluations.SEEN.clear();
        app = OpenFeatureTestApp.start(cdn, new Class<?>[] { Evaluations.class }, all);
        return app.select(Client.class);
    }

    static ImmutableContext ann() {
        return new ImmutableContext("ann", Map.of("email", new Value("ann@example.com"), "country", new Value("NL"),
                "plan", new Value("gold")));
    }

    static JsonObject json(String text) {
        return JsonParser.parseString(text).getAsJsonObject();
    }

    @Test
    void anOpenFeatureEvaluationIsTheSameExposureAsAClientEvaluationDedupedAndExact() {
        Client client = start();
        assertThat(client.getBooleanValue("on", false, ann())).isTrue();
        User sameUser = User.newBuilder().email("ann@example.com").country("NL").custom(Map.of("plan", "gold"))
                .build("ann");
        assertThat(app.select(ConfigCatClient.class).getValue(Boolean.class, "on", sameUser, false)).isTrue();
        assertThat(client.getBooleanValue("on", false, ann())).isTrue();

        List<JsonObject> messages = segment.awaitMessages(2, Duration.ofSeconds(10));
        JsonObject identify = messages.get(0);
        assertThat(identify.get("type").getAsString()).isEqualTo("identify");
        assertThat(identify.get("userId").getAsString()).isEqualTo("ann");
        assertThat(identify.get("traits")).isEqualTo(json("{\"email\":\"ann@example.com\",\"country\":\"NL\","
                + "\"plan\":\"gold\"}"));
        JsonObject track = messages.get(1);
        assertThat(track.get("event").getAsString()).isEqualTo("Feature Flag Evaluated");
        assertThat(track.get("userId").getAsString()).isEqualTo("ann");
        assertThat(track.get("properties")).isEqualTo(json("{\"feature_flag_key\":\"on\",\"value\":true,"
                + "\"variation_id\":\"v-on\",\"user\":{\"identifier\":\"ann\",\"email\":\"ann@example.com\","
                + "\"country\":\"NL\",\"plan\":\"gold\"}}"));
        assertThat(track.getAsJsonObject("context").get("integration")).isEqualTo(json(INTEGRATION));

        SegmentStats stats = app.select(SegmentStats.class);
        assertThat(Eventually.reach(stats::deduped, 2)).as("the other two evaluations are the same exposure")
                .isEqualTo(2);
        assertThat(Evaluations.SEEN).hasSize(3).allSatisfy(event -> {
            assertThat(event.key()).isEqualTo("on");
            assertThat(event.variationId()).isEqualTo("v-on");
            assertThat(event.user().getIdentifier()).isEqualTo("ann");
        });
        assertThat(segment.messageCount()).isEqualTo(2);
    }

    @Test
    void attributesWithoutATargetingKeySendNoExposureForAnEmptyUserId() {
        Client client = start();
        ImmutableContext noKey = new ImmutableContext(Map.of("email", new Value("ann@example.com")));

        assertThat(client.getBooleanValue("on", false, noKey)).isTrue();
        assertThat(client.getBooleanValue("on", false, new ImmutableContext("bob"))).isTrue();

        List<JsonObject> messages = segment.awaitMessages(2, Duration.ofSeconds(10));
        assertThat(messages).extracting(message -> message.get("userId").getAsString()).containsOnly("bob");
        assertThat(Evaluations.SEEN).extracting(event -> event.user().getIdentifier()).containsExactly("", "bob");
        // The first evaluation's messages, had there been any, were queued before bob's (one event thread).
        SegmentStats stats = app.select(SegmentStats.class);
        Eventually.until(stats::pending, pending -> pending == 0);
        assertThat(stats.sent()).isEqualTo(2);
        assertThat(segment.messageCount()).isEqualTo(2);
    }

    @Test
    void attributesWithoutATargetingKeyAreAnExposureOfTheAnonymousIdWhenOneIsSet() {
        Client client = start("segment.anonymous-id", "visitor");

        assertThat(client.getBooleanValue("on", false,
                new ImmutableContext(Map.of("email", new Value("ann@example.com"))))).isTrue();

        JsonObject track = segment.awaitMessages(1, Duration.ofSeconds(10)).get(0);
        assertThat(track.get("type").getAsString()).isEqualTo("track");
        assertThat(track.get("anonymousId").getAsString()).isEqualTo("visitor");
        assertThat(track.has("userId")).isFalse();
    }

    @Test
    void trackBecomesSegmentTrackWithValueAttributesAndAMessageIdOfItsOwn() {
        Client client = start("segment.private-attributes", "secret");
        MutableTrackingEventDetails details = new MutableTrackingEventDetails(99.5).add("currency", "EUR")
                .add("items", 3).add("secret", "never sent");

        client.track("Checkout Completed", new ImmutableContext("ann"), details);
        client.track("Checkout Completed", new ImmutableContext("ann"), details);

        List<JsonObject> tracks = segment.awaitMessages(2, Duration.ofSeconds(10));
        JsonObject first = tracks.get(0);
        assertThat(first.get("type").getAsString()).isEqualTo("track");
        assertThat(first.get("event").getAsString()).isEqualTo("Checkout Completed");
        assertThat(first.get("userId").getAsString()).isEqualTo("ann");
        assertThat(first.has("anonymousId")).isFalse();
        assertThat(first.get("properties")).isEqualTo(json("{\"value\":99.5,\"currency\":\"EUR\",\"items\":3}"));
        assertThat(first.getAsJsonObject("context").get("integration")).isEqualTo(json(INTEGRATION));
        assertThat(first.get("messageId").getAsString()).isNotEqualTo(tracks.get(1).get("messageId").getAsString());
        assertThat(tracks.get(1).get("properties")).isEqualTo(first.get("properties"));
    }

    @Test
    void wholeNumbersStayWholeOnTheWayToSegmentFromTrackAndFromTheContext() {
        Client client = start();
        ImmutableContext ann = new ImmutableContext("ann", Map.of("seats", new Value(12), "visits",
                new Value(3_000_000_000L), "ratio", new Value(0.5), "score", new Value(12.0)));

        client.getBooleanValue("on", false, ann);
        client.track("Checkout Completed", ann, new MutableTrackingEventDetails(12).add("seats", new Value(12))
                .add("visits", new Value(3_000_000_000L)).add("ratio", 0.5).add("score", 12.0)
                .add("cart", new Value(new ImmutableStructure(Map.of("items", new Value(3)))))
                .add("sizes", List.of(new Value(1), new Value(2))));

        // The text as Segment gets it: 12 stays 12 (not 12.0), 12.0 stays 12.0.
        List<JsonObject> messages = segment.awaitMessages(3, Duration.ofSeconds(10));
        JsonObject identify = messages.stream().filter(m -> m.get("type").getAsString().equals("identify"))
                .findFirst().orElseThrow();
        assertThat(identify.get("traits").toString())
                .isEqualTo("{\"ratio\":0.5,\"score\":12.0,\"seats\":12,\"visits\":3000000000}");
        JsonObject exposure = segment.tracks("Feature Flag Evaluated").get(0);
        assertThat(exposure.getAsJsonObject("properties").get("user").toString()).isEqualTo(
                "{\"identifier\":\"ann\",\"ratio\":0.5,\"score\":12.0,\"seats\":12,\"visits\":3000000000}");
        JsonObject properties = segment.tracks("Checkout Completed").get(0).getAsJsonObject("properties");
        Map<String, String> texts = new java.util.TreeMap<>();
        properties.entrySet().forEach(property -> texts.put(property.getKey(), property.getValue().toString()));
        assertThat(texts).containsExactlyEntriesOf(new java.util.TreeMap<>(Map.of("value", "12", "seats", "12",
                "visits", "3000000000", "ratio", "0.5", "score", "12.0", "cart", "{\"items\":3}", "sizes", "[1,2]")));
    }

    @Test
    void aTrackedUserIdIsHashedWithHashUserId() {
        Client client = start("segment.hash-user-id", "true", "segment.hash-key", "hash-key-0123456789");

        client.track("Signed Up", new ImmutableContext("ann"));

        JsonObject track = segment.awaitMessages(1, Duration.ofSeconds(10)).get(0);
        // hex(HMAC-SHA256("hash-key-0123456789", "ann"))
        assertThat(track.get("userId").getAsString()).isEqualTo(hmac("hash-key-0123456789", "ann"))
                .isNotEqualTo("ann");
        assertThat(track.get("properties")).isEqualTo(json("{}"));
    }

    static String hmac(String key, String text) {
        try {
            javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
            mac.init(new javax.crypto.spec.SecretKeySpec(key.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                    "HmacSHA256"));
            return java.util.HexFormat.of().formatHex(mac.doFinal(text.getBytes(
                    java.nio.charset.StandardCharsets.UTF_8)));
        } catch (java.security.GeneralSecurityException e) {
            throw new AssertionError(e);
        }
    }
}
