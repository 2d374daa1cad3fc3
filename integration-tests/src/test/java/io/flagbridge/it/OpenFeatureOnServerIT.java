package io.flagbridge.it;

import java.time.Duration;
import java.util.List;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import io.flagbridge.it.support.AppServer.Answer;
import io.flagbridge.it.support.OnServer;
import io.flagbridge.it.support.SharedCdn;
import io.flagbridge.it.support.SharedSegment;
import io.flagbridge.it.support.TestApps;

import static io.flagbridge.it.support.TestApps.OPENFEATURE;
import static io.flagbridge.it.support.TestApps.OPENFEATURE_OTHER;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code @Inject dev.openfeature.sdk.Client} in a JAX-RS resource on the managed WildFly or Open Liberty that
 * {@code arquillian.launch} names: evaluations and track() reach the fake Segment, and two applications side by side
 * keep their own providers.
 */
public class OpenFeatureOnServerIT extends OnServer {

    @Deployment(name = OPENFEATURE, managed = false)
    public static WebArchive openFeature() {
        return TestApps.archive(OPENFEATURE);
    }

    @Deployment(name = OPENFEATURE_OTHER, managed = false)
    public static WebArchive other() {
        return TestApps.archive(OPENFEATURE_OTHER);
    }

    @Test
    void anEvaluationAndATrackReachSegmentExactly() {
        SharedCdn.CDN.serve(TestApps.OPENFEATURE_KEY, TestApps.flags().build());
        SharedSegment.SEGMENT.clear();
        server().deploy(OPENFEATURE);
        try {
            assertThat(server().get(OPENFEATURE, "api/of/plan?user=ann&email=ann@example.com"))
                    .isEqualTo(Answer.text(200, "premium|v-premium|TARGETING_MATCH|null"));
            assertThat(server().get(OPENFEATURE, "api/of/checkout?user=ann&amount=42.5"))
                    .isEqualTo(Answer.text(200, "tracked"));

            List<JsonObject> messages = SharedSegment.SEGMENT.awaitMessages(3, Duration.ofSeconds(20));
            JsonObject exposure = track(messages, "Feature Flag Evaluated");
            assertThat(exposure.get("userId").getAsString()).isEqualTo("ann");
            assertThat(exposure.get("properties")).isEqualTo(json("{\"feature_flag_key\":\"plan\","
                    + "\"value\":\"premium\",\"variation_id\":\"v-premium\",\"user\":{\"identifier\":\"ann\","
                    + "\"email\":\"ann@example.com\"}}"));
            JsonObject checkout = track(messages, "Checkout Completed");
            assertThat(checkout.get("userId").getAsString()).isEqualTo("ann");
            assertThat(checkout.get("properties")).isEqualTo(json("{\"value\":42.5,\"currency\":\"EUR\"}"));
            assertThat(checkout.getAsJsonObject("context").get("integration"))
                    .isEqualTo(json("{\"name\":\"configcat\",\"version\":\"1.0.0\"}"));
            assertThat(messages).filteredOn(m -> m.get("type").getAsString().equals("identify"))
                    .extracting(m -> m.get("userId").getAsString()).containsExactly("ann");
        } finally {
            server().undeploy(OPENFEATURE);
        }
    }

    @Test
    void twoApplicationsSideBySideKeepTheirOwnProviders() {
        SharedCdn.CDN.serve(TestApps.OPENFEATURE_KEY, TestApps.flags().build());
        SharedCdn.CDN.serve(TestApps.OPENFEATURE_OTHER_KEY, FeatureFlagScenarios.flags(false));
        server().deploy(OPENFEATURE);
        try {
            server().deploy(OPENFEATURE_OTHER);
            try {
                String one = server().get(OPENFEATURE, "api/of/providers").body();
                String other = server().get(OPENFEATURE_OTHER, "api/of/providers").body();
                assertThat(one).startsWith("FlagBridge|").endsWith("|No-op Provider|READY");
                assertThat(other).startsWith("FlagBridge|").endsWith("|No-op Provider|READY");
                assertThat(one).isNotEqualTo(other);
                // The first application's flags has a targeting rule for plan; the other's has no plan flag at all.
                assertThat(server().get(OPENFEATURE, "api/of/plan?user=ann&email=ann@example.com").body())
                        .isEqualTo("premium|v-premium|TARGETING_MATCH|null");
                assertThat(server().get(OPENFEATURE_OTHER, "api/of/plan?user=ann&email=ann@example.com").body())
                        .isEqualTo("none|null|ERROR|FLAG_NOT_FOUND");
            } finally {
                server().undeploy(OPENFEATURE_OTHER);
            }
            assertThat(server().get(OPENFEATURE, "api/of/plan?user=bob&email=bob@other.org").body())
                    .as("the first application's provider outlives the other's")
                    .isEqualTo("basic|v-basic|DEFAULT|null");
        } finally {
            server().undeploy(OPENFEATURE);
        }
    }

    private static JsonObject track(List<JsonObject> messages, String event) {
        return messages.stream()
                .filter(m -> m.get("type").getAsString().equals("track") && m.get("event").getAsString().equals(event))
                .findFirst().orElseThrow(() -> new AssertionError("no track " + event + " in " + messages));
    }

    private static JsonObject json(String text) {
        return JsonParser.parseString(text).getAsJsonObject();
    }
}
