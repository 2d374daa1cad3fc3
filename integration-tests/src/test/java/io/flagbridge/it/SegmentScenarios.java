package io.flagbridge.it;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import io.flagbridge.it.support.AppServer;
import io.flagbridge.it.support.AppServer.Answer;
import io.flagbridge.it.support.SharedCdn;
import io.flagbridge.it.support.SharedSegment;
import io.flagbridge.it.support.TestApps;

import static io.flagbridge.it.support.TestApps.SEGMENT;
import static io.flagbridge.it.support.TestApps.SEGMENT_KEY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A deployed application's evaluations reach an application observer and Segment: Weld SE, WildFly, Liberty. */
public interface SegmentScenarios {

    /** Where the scenarios run. */
    AppServer server();

    @Test
    default void evaluationsReachTheApplicationsObserverAndSegment() {
        SharedCdn.CDN.serve(SEGMENT_KEY, FeatureFlagScenarios.flags(false));
        SharedSegment.SEGMENT.clear();
        server().deploy(SEGMENT);
        try {
            assertThat(server().call(SEGMENT, "refresh", Map.of())).isEqualTo("ok");
            // Direct use of the injected client, then a @FeatureFlag method with a @FlagUser parameter.
            assertThat(server().call(SEGMENT, "eval", Map.of("key", "newCheckout", "type", "boolean", "user", "ann",
                    "email", "ann@example.com"))).isEqualTo("true");
            assertThat(server().get(SEGMENT, "api/shop/beta?user=alice")).isEqualTo(Answer.text(200, "beta for alice"));
            assertThat(server().call(SEGMENT, "observed", Map.of())).isEqualTo("2");

            SharedSegment.SEGMENT.awaitMessages(4, Duration.ofSeconds(20));
            await("nothing pending").atMost(Duration.ofSeconds(20))
                    .until(() -> server().call(SEGMENT, "stats", Map.of()).endsWith(" pending=0"));
            assertThat(server().call(SEGMENT, "stats", Map.of())).isEqualTo("sent=4 failed=0 dropped=0 pending=0");
            List<JsonObject> messages = SharedSegment.SEGMENT.messages();
            assertThat(messages).hasSize(4);
            assertThat(SharedSegment.SEGMENT.lastWriteKey()).contains(TestApps.SEGMENT_WRITE_KEY);
            JsonObject annTrack = track(messages, "ann");
            assertThat(annTrack.get("properties")).isEqualTo(json("{\"feature_flag_key\":\"newCheckout\","
                    + "\"value\":true,\"variation_id\":\"v-checkout-on\",\"user\":{\"identifier\":\"ann\","
                    + "\"email\":\"ann@example.com\"}}"));
            assertThat(annTrack.getAsJsonObject("context").get("integration"))
                    .isEqualTo(json("{\"name\":\"configcat\",\"version\":\"1.0.0\"}"));
            assertThat(track(messages, "alice").get("properties")).isEqualTo(json("{\"feature_flag_key\":\"beta\","
                    + "\"value\":true,\"variation_id\":\"v-beta-alice\",\"user\":{\"identifier\":\"alice\"}}"));
            assertThat(messages).filteredOn(m -> m.get("type").getAsString().equals("identify"))
                    .extracting(m -> m.get("userId").getAsString()).containsExactlyInAnyOrder("ann", "alice");
        } finally {
            server().undeploy(SEGMENT);
        }
    }

    @Test
    default void aCallerWhoHasNotLoggedInIsNoUserAndSendsNothing() {
        SharedCdn.CDN.serve(SEGMENT_KEY, FeatureFlagScenarios.flags(false));
        SharedSegment.SEGMENT.clear();
        server().deploy(SEGMENT);
        try {
            assertThat(server().call(SEGMENT, "refresh", Map.of())).isEqualTo("ok");
            // @FeatureFlag with no @FlagUser and no resolver: the user is the caller, and this caller is anonymous.
            assertThat(server().get(SEGMENT, "api/shop/checkout")).isEqualTo(Answer.text(200, "new checkout"));
            // A marker after it. Lanes deliver in any order, so its messages arriving proves nothing: once nothing is
            // pending, whatever the checkout queued before the marker's messages has been sent.
            assertThat(server().call(SEGMENT, "eval", Map.of("key", "newCheckout", "type", "boolean", "user",
                    "marker", "email", ""))).isEqualTo("true");
            SharedSegment.SEGMENT.awaitMessages(2, Duration.ofSeconds(20));
            await("nothing pending").atMost(Duration.ofSeconds(20))
                    .until(() -> server().call(SEGMENT, "stats", Map.of()).endsWith(" pending=0"));
            assertThat(server().call(SEGMENT, "stats", Map.of())).isEqualTo("sent=2 failed=0 dropped=0 pending=0");
            assertThat(SharedSegment.SEGMENT.messages()).extracting(m -> m.get("type").getAsString() + " "
                    + (m.has("userId") ? m.get("userId").getAsString() : "(anonymous)"))
                    .containsExactlyInAnyOrder("identify marker", "track marker");
        } finally {
            server().undeploy(SEGMENT);
        }
    }

    private static JsonObject track(List<JsonObject> messages, String userId) {
        return messages.stream()
                .filter(m -> m.get("type").getAsString().equals("track") && m.get("userId").getAsString().equals(userId))
                .findFirst().orElseThrow(() -> new AssertionError("no track for " + userId + " in " + messages));
    }

    private static JsonObject json(String text) {
        return JsonParser.parseString(text).getAsJsonObject();
    }
}
