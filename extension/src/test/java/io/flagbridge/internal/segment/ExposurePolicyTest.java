package io.flagbridge.internal.segment;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.ObservesAsync;
import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.configcat.ConfigCatClient;
import com.configcat.User;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import io.flagbridge.FlagEvaluated;
import io.flagbridge.SegmentStats;
import io.flagbridge.internal.events.DedupeWindow;
import io.flagbridge.internal.util.Secret;
import io.flagbridge.testing.ConfigJson;
import io.flagbridge.testing.FakeConfigCatCdn;
import io.flagbridge.testing.FakeSegment;
import io.flagbridge.testing.Fakes;
import io.flagbridge.testing.Fakes.Fake;
import io.flagbridge.testing.LogCapture;
import io.flagbridge.testing.WeldApp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * {@code segment.exposures} and {@code segment.exposure-flags}: which evaluations reach the fake Segment server as
 * "Feature Flag Evaluated", while {@code FlagEvaluated} observers, sync and async, see every evaluation as before.
 * The flags ({@code flags/experiments.json}): {@code banner} has no rule (static), {@code plan} a targeting rule,
 * {@code checkout} percentage options (100/0, so that every user is in {@code v-new}), {@code beta} percentage options
 * inside a targeting rule.
 */
@ExtendWith(Fakes.class)
class ExposurePolicyTest {

    static final String WRITE_KEY = "segment-write-key-exposures-0123";
    static final String ENVIRONMENT = "env-exposures";

    static final User ANN = User.newBuilder().email("ann@example.com").build("ann");
    static final User BOB = User.newBuilder().email("bob@other.org").build("bob");
    static final User CARL = User.newBuilder().email("carl@beta.example").build("carl");

    @Fake
    FakeSegment segment;
    @Fake
    WeldApp app;

    @ApplicationScoped
    public static class Shop {
        @Inject
        ConfigCatClient client;

        /** Ann: banner (static), plan (rule), checkout (split), beta (its rule does not match: default). */
        void everyKindOfResult() {
            client.getValue(String.class, "banner", ANN, "");
            client.getValue(String.class, "plan", ANN, "");
            client.getValue(Boolean.class, "checkout", ANN, false);
            client.getValue(Boolean.class, "beta", ANN, false);
            client.getValue(String.class, "plan", BOB, ""); // a rule that did not match: default
            client.getValue(Boolean.class, "beta", CARL, false); // a split inside a targeting rule
        }
    }

    @ApplicationScoped
    public static class Observers {
        static final List<String> SYNC = new CopyOnWriteArrayList<>();
        static final List<String> ASYNC = new CopyOnWriteArrayList<>();

        void sync(@Observes FlagEvaluated event) {
            SYNC.add(event.user().getIdentifier() + " " + event.key());
        }

        void async(@ObservesAsync FlagEvaluated event) {
            ASYNC.add(event.user().getIdentifier() + " " + event.key());
        }
    }

    static final List<String> EVERY_EVALUATION = List.of("ann banner", "ann plan", "ann checkout", "ann beta",
            "bob plan", "carl beta");

    @BeforeEach
    void start() {
        Observers.SYNC.clear();
        Observers.ASYNC.clear();
    }

    Shop start(boolean withObservers, String... more) {
        Map<String, String> config = new HashMap<>(Map.of("configcat.overrides.resource", "flags/experiments.json",
                "configcat.overrides.behaviour", "local-only", "configcat.environment-id", ENVIRONMENT,
                "segment.write-key", WRITE_KEY, "segment.endpoint", segment.baseUrl(), "segment.flush-interval",
                "PT1S", "segment.flush-size", "1"));
        for (int i = 0; i < more.length; i += 2) {
            config.put(more[i], more[i + 1]);
        }
        app = withObservers ? WeldApp.start(config, Shop.class, Observers.class) : WeldApp.start(config, Shop.class);
        return app.select(Shop.class);
    }

    /**
     * Every message Segment got, as "identify user" or "track user flag variation", once the outbox is empty and
     * exactly {@code expected} were sent: a message that should not have been sent was offered before the last
     * expected one (the event thread handles the evaluations in order), so it shows in {@code sent} or
     * {@code pending}.
     */
    List<String> received(int expected) {
        SegmentStats stats = app.select(SegmentStats.class);
        await("Segment's messages").atMost(Duration.ofSeconds(20)).until(() -> stats.sent() >= expected
                && stats.pending() == 0);
        assertThat(stats.sent()).as("messages sent").isEqualTo(expected);
        return segment.awaitMessages(expected, Duration.ofSeconds(5)).stream().map(ExposurePolicyTest::summary)
                .toList();
    }

    static String summary(JsonObject message) {
        String type = message.get("type").getAsString();
        String user = message.get("userId").getAsString();
        if (type.equals("identify")) {
            return "identify " + user;
        }
        JsonObject properties = message.getAsJsonObject("properties");
        return "track " + user + " " + properties.get("feature_flag_key").getAsString() + " "
                + properties.get("variation_id").getAsString();
    }

    @Test
    void allSendsEveryEvaluationAsBefore() {
        start(true, "segment.exposures", "all").everyKindOfResult();
        assertThat(received(9)).containsExactlyInAnyOrder("identify ann", "track ann banner v-plain",
                "track ann plan v-premium", "track ann checkout v-new", "track ann beta v-beta-off", "identify bob",
                "track bob plan v-basic", "identify carl", "track carl beta v-beta-a");
    }

    @Test
    void targetedSendsOnlyWhatATargetingRuleOrAPercentageOptionDecided() {
        start(true, "segment.exposures", "targeted").everyKindOfResult();
        List<String> received = received(5);
        assertThat(received).containsExactlyInAnyOrder("identify ann", "track ann plan v-premium",
                "track ann checkout v-new", "identify carl", "track carl beta v-beta-a");
        // Bob met only flags' own values: not in any rollout or experiment, not even identified.
        assertThat(Observers.SYNC).containsExactlyElementsOf(EVERY_EVALUATION);
        await("every evaluation at the async observer").atMost(Duration.ofSeconds(10))
                .until(() -> Observers.ASYNC.size() == EVERY_EVALUATION.size());
        assertThat(Observers.ASYNC).containsExactlyElementsOf(EVERY_EVALUATION);
    }

    @Test
    void splitSendsOnlyWhatAPercentageOptionDecidedAlsoInsideARule() {
        start(true, "segment.exposures", "split").everyKindOfResult();
        assertThat(received(4)).containsExactlyInAnyOrder("identify ann", "track ann checkout v-new",
                "identify carl", "track carl beta v-beta-a");
        assertThat(Observers.SYNC).containsExactlyElementsOf(EVERY_EVALUATION);
        await("every evaluation at the async observer").atMost(Duration.ofSeconds(10))
                .until(() -> Observers.ASYNC.size() == EVERY_EVALUATION.size());
    }

    @Test
    void exposureFlagsSendOnlyTheListedFlags() {
        start(true, "segment.exposure-flags", "plan,beta").everyKindOfResult();
        assertThat(received(7)).containsExactlyInAnyOrder("identify ann", "track ann plan v-premium",
                "track ann beta v-beta-off", "identify bob", "track bob plan v-basic", "identify carl",
                "track carl beta v-beta-a");
    }

    @Test
    void theModeAndTheListTogetherWithoutAnyApplicationObserver() {
        // No @ObservesAsync of the application: what Segment would drop is neither deduped nor queued.
        Shop shop = start(false, "segment.exposures", "targeted", "segment.exposure-flags", "plan,banner");
        shop.everyKindOfResult();
        shop.everyKindOfResult();
        assertThat(received(2)).containsExactly("identify ann", "track ann plan v-premium");
        assertThat(app.select(SegmentStats.class).deduped()).as("repeated exposures").isEqualTo(1);
    }

    @Test
    void whatIsSentIsDedupedAndIdentifiedAsUnderAll() {
        Shop shop = start(false, "segment.exposures", "split");
        for (int i = 0; i < 3; i++) {
            shop.everyKindOfResult();
        }
        List<JsonObject> messages = segment.awaitMessages(4, Duration.ofSeconds(20));
        SegmentStats stats = app.select(SegmentStats.class);
        await("the outbox empty").atMost(Duration.ofSeconds(10)).until(() -> stats.pending() == 0);
        assertThat(stats.sent()).isEqualTo(4);
        assertThat(stats.deduped()).as("the two exposures, twice each").isEqualTo(4);
        JsonObject track = messages.stream().filter(m -> summary(m).equals("track ann checkout v-new")).findFirst()
                .orElseThrow();
        assertThat(track.get("properties")).isEqualTo(JsonParser.parseString("{\"feature_flag_key\":\"checkout\","
                + "\"value\":true,\"variation_id\":\"v-new\",\"user\":{\"identifier\":\"ann\","
                + "\"email\":\"ann@example.com\"}}"));
        // The message ID of segment.exposures=all: the same exposure from a replica of either mode collapses.
        Instant at = Instant.parse(track.get("timestamp").getAsString());
        long bucket = new DedupeWindow(Duration.ofHours(1)).bucket(at.toEpochMilli());
        FlagEvaluated exposure = new FlagEvaluated("checkout", true, "v-new", ANN, false, null, at, null, null);
        assertThat(track.get("messageId").getAsString()).isEqualTo(MessageIds.of(Secret.of(WRITE_KEY), ENVIRONMENT)
                .evaluated("ann", null, exposure, bucket));
    }

    @Test
    void withLocalOnlyFlagsAnUnknownExposureFlagFailsTheDeploymentWithTheNearestKey() {
        assertThatThrownBy(() -> start(false, "segment.exposure-flags", "plan,chekout,nothing-like-any-key"))
                .satisfies(failure -> assertThat(WeldApp.describe(failure)).contains("FLAGBRIDGE-0410: "
                        + "segment.exposure-flags names flag 'chekout', which the local flags (configcat.overrides."
                        + "resource=flags/experiments.json) do not have; did you mean 'checkout'?\n"
                        + "FLAGBRIDGE-0410: segment.exposure-flags names flag 'nothing-like-any-key', which the local "
                        + "flags (configcat.overrides.resource=flags/experiments.json) do not have; expected a key of "
                        + "those flags"));
    }

    @Test
    void withRemoteFlagsAnUnknownExposureFlagIsOneWarningAtTheFirstConfig() {
        String sdkKey = "configcat-sdk-1/flagbridge-exposures01/0123456789abcdefghijkl";
        try (FakeConfigCatCdn cdn = FakeConfigCatCdn.start(); LogCapture lines = LogCapture.of("io.flagbridge")) {
            cdn.serve(sdkKey, ConfigJson.forCdn(cdn.baseUrl()).boolFlag("newCheckout", true, "v-new").build());
            app = WeldApp.start(Map.of("configcat.sdk-key", sdkKey, "configcat.base-url", cdn.baseUrl(),
                    "configcat.polling-mode", "manual", "segment.write-key", WRITE_KEY, "segment.endpoint",
                    segment.baseUrl(), "segment.exposure-flags", "newChekout,newCheckout"), Shop.class);
            app.select(ConfigCatClient.class).forceRefresh();
            await("the first config's check").atMost(Duration.ofSeconds(10))
                    .until(() -> lines.lines().stream().anyMatch(line -> line.startsWith("FLAGBRIDGE-0411")));
            app.select(ConfigCatClient.class).forceRefresh();
            assertThat(lines.lines()).filteredOn(line -> line.startsWith("FLAGBRIDGE-041")).containsExactly(
                    "FLAGBRIDGE-0411: segment.exposure-flags names flag 'newChekout', which ConfigCat's first config "
                            + "for this SDK key does not have; no exposure of it reaches Segment until the flag "
                            + "exists (did you mean 'newCheckout'?)");
        }
    }
}
