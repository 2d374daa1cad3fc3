package io.flagbridge.demo;

import java.time.Duration;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import io.flagbridge.test.FlagBridgeTest;
import io.flagbridge.test.RecordedSegment;
import io.flagbridge.test.RequestHeader;

import static org.assertj.core.api.Assertions.assertThat;

/** The page's OpenTelemetry panel: what FlagBridge reported through the demo's OpenTelemetry SDK. */
@FlagBridgeTest(beans = { ShopResource.class, DemoUser.class, DemoTelemetry.class,
        MetricsResource.class })
@RequestHeader(name = "X-User", value = "ann@example.com")
class MetricsResourceTest {

    @Inject
    ShopResource shop;

    @Inject
    MetricsResource metrics;

    @Inject
    RecordedSegment segment;

    @Test
    void evaluationsByFlagVariationAndReasonAndSegmentMessagesByOutcome() {
        shop.banner();
        shop.banner();
        segment.awaitTracks("Feature Flag Evaluated", 1, Duration.ofSeconds(10));

        JsonObject page = JsonParser.parseString(metrics.metrics()).getAsJsonObject();
        JsonObject evaluations = metric(page, "flagbridge.evaluations");
        assertThat(evaluations.get("scope").getAsString()).isEqualTo("io.flagbridge");
        assertThat(value(evaluations, "bannerText", "v-free-shipping", "static")).isEqualTo(2);
        JsonObject messages = metric(page, "flagbridge.segment.messages");
        assertThat(messages.getAsJsonArray("points")).anySatisfy(point -> {
            assertThat(point.getAsJsonObject().getAsJsonObject("attributes").get("outcome").getAsString())
                    .isEqualTo("deduped");
            assertThat(point.getAsJsonObject().get("value").getAsLong()).isEqualTo(1);
        });
        assertThat(page.getAsJsonArray("metrics")).extracting(m -> m.getAsJsonObject().get("name").getAsString())
                .contains("flagbridge.segment.pending", "flagbridge.events.dropped");
    }

    private static JsonObject metric(JsonObject page, String name) {
        for (JsonElement metric : page.getAsJsonArray("metrics")) {
            if (metric.getAsJsonObject().get("name").getAsString().equals(name)) {
                return metric.getAsJsonObject();
            }
        }
        throw new AssertionError(name + " not in " + page);
    }

    private static long value(JsonObject metric, String key, String variant, String reason) {
        JsonArray points = metric.getAsJsonArray("points");
        for (JsonElement point : points) {
            JsonObject attributes = point.getAsJsonObject().getAsJsonObject("attributes");
            if (key.equals(text(attributes, "feature_flag.key")) && variant.equals(text(attributes,
                    "feature_flag.result.variant")) && reason.equals(text(attributes, "feature_flag.result.reason"))) {
                return point.getAsJsonObject().get("value").getAsLong();
            }
        }
        throw new AssertionError(key + "/" + variant + "/" + reason + " not in " + points);
    }

    private static String text(JsonObject object, String name) {
        return object.has(name) ? object.get(name).getAsString() : null;
    }
}
