package io.flagbridge.test.kit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import io.flagbridge.interceptor.internal.FeatureFlagExtension;
import io.flagbridge.internal.runtime.FlagBridgeExtension;
import io.flagbridge.test.Gated;
import io.flagbridge.test.RecordedSegment;
import io.flagbridge.testing.FakeSegment;
import io.flagbridge.testing.WeldApp;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The recording holds what Segment would get: the same evaluations in an application without the kit (posting to
 * the fake Segment server) and in one with it give equal messages, once the batch's context is merged into each of
 * the fake's (as Segment does) and the evaluation time is set aside.
 */
class SameAsFakeSegmentTest {

    static final Duration WAIT = Duration.ofSeconds(15);

    @Test
    void recordedMessagesEqualWhatSegmentReceives() {
        try (FakeSegment fake = FakeSegment.start()) {
            Map<String, String> properties = Map.of("configcat.overrides.resource", "flags/kit-flags.json",
                    "configcat.overrides.behaviour", "local-only", "segment.write-key", "same-write-key",
                    "segment.endpoint", fake.baseUrl(), "segment.flush-interval", "PT1S");
            List<JsonObject> sent;
            // FlagBridge and the interceptor, not the kit (whose extension is on this class path too).
            try (WeldApp app = WeldApp.startWithOnly(List.of(new FlagBridgeExtension(), new FeatureFlagExtension()),
                    properties, Gated.class)) {
                evaluate(app.select(Gated.class));
                fake.awaitMessages(4, WAIT);
                sent = withBatchContext(fake.batches());
            }
            List<JsonObject> recorded;
            try (WeldApp app = WeldApp.start(properties, Gated.class)) {
                evaluate(app.select(Gated.class));
                RecordedSegment segment = app.select(RecordedSegment.class);
                segment.awaitTracks("Feature Flag Evaluated", 2, WAIT);
                recorded = segment.messages().stream().map(m -> JsonParser.parseString(m).getAsJsonObject())
                        .toList();
            }
            assertThat(fake.messageCount()).isEqualTo(4); // nothing of the kit's application reached Segment
            assertThat(withoutTimestamps(recorded)).hasSize(4)
                    .containsExactlyInAnyOrderElementsOf(withoutTimestamps(sent)); // two users: two lanes
        }
    }

    static void evaluate(Gated gated) {
        gated.betaFor("alice");
        gated.greeting("bob");
    }

    static List<JsonObject> withBatchContext(List<JsonObject> batches) {
        List<JsonObject> messages = new ArrayList<>();
        for (JsonObject batch : batches) {
            for (JsonElement element : batch.getAsJsonArray("batch")) {
                JsonObject message = element.getAsJsonObject().deepCopy();
                JsonObject context = message.has("context") ? message.getAsJsonObject("context") : new JsonObject();
                batch.getAsJsonObject("context").entrySet().forEach(entry -> {
                    if (!context.has(entry.getKey())) {
                        context.add(entry.getKey(), entry.getValue());
                    }
                });
                message.add("context", context);
                messages.add(message);
            }
        }
        return messages;
    }

    static List<JsonObject> withoutTimestamps(List<JsonObject> messages) {
        return messages.stream().map(message -> {
            JsonObject copy = message.deepCopy();
            assertThat(copy.remove("timestamp")).as("timestamp of %s", message).isNotNull();
            return copy;
        }).toList();
    }
}
