package io.flagbridge.test.kit;

import java.net.URL;
import java.net.URLClassLoader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.spi.ConfigProviderResolver;
import org.jboss.weld.environment.se.Weld;
import org.jboss.weld.environment.se.WeldContainer;
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
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;

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
            try (WithoutKit app = WithoutKit.start(properties)) {
                evaluate(app.gated());
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

    /** An application with FlagBridge and the interceptor but not the kit (whose extension is not registered). */
    record WithoutKit(ClassLoader loader, Config config, WeldContainer container) implements AutoCloseable {

        static WithoutKit start(Map<String, String> properties) {
            ClassLoader loader = new URLClassLoader("without-kit", new URL[0], WithoutKit.class.getClassLoader());
            Config config = new SmallRyeConfigBuilder().withSources(new PropertiesConfigSource(properties, "test", 500))
                    .build();
            ConfigProviderResolver.instance().registerConfig(config, loader);
            Thread thread = Thread.currentThread();
            ClassLoader previous = thread.getContextClassLoader();
            thread.setContextClassLoader(loader);
            try {
                WeldContainer container = new Weld("without-kit-" + UUID.randomUUID()).disableDiscovery()
                        .addBeanClasses(Gated.class).addExtension(new FlagBridgeExtension())
                        .addExtension(new FeatureFlagExtension()).initialize();
                return new WithoutKit(loader, config, container);
            } finally {
                thread.setContextClassLoader(previous);
            }
        }

        Gated gated() {
            return container.select(Gated.class).get();
        }

        @Override
        public void close() {
            Thread thread = Thread.currentThread();
            ClassLoader previous = thread.getContextClassLoader();
            thread.setContextClassLoader(loader);
            try {
                container.shutdown();
            } finally {
                thread.setContextClassLoader(previous);
                ConfigProviderResolver.instance().releaseConfig(config);
            }
        }
    }
}
