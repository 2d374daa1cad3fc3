package io.flagbridge.internal.segment;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;

import com.google.gson.JsonObject;
import com.segment.analytics.messages.TrackMessage;

import io.flagbridge.internal.config.ConfigReader;
import io.flagbridge.internal.config.SegmentSettings;
import io.flagbridge.internal.events.Counters;
import io.flagbridge.testing.FakeSegment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * FlagBridge's own delivery of analytics-java's messages: bounded, a message that would be dropped is never built,
 * batches as Segment's batch API takes them.
 */
class DeliveryTest {

    static SegmentSettings settings(FakeSegment segment, String capacity, String... more) {
        Map<String, String> values = new HashMap<>(Map.of("segment.write-key", "write-key-0123456789",
                "segment.endpoint", segment.baseUrl(), "segment.queue-capacity", capacity, "segment.retries", "0",
                "segment.shutdown-timeout", "PT0.2S", "segment.flush-interval", "PT1S"));
        for (int i = 0; i < more.length; i += 2) {
            values.put(more[i], more[i + 1]);
        }
        ConfigReader reader = new ConfigReader(key -> Optional.ofNullable(values.get(key)));
        return SegmentSettings.read(reader).orElseThrow(() -> new AssertionError(reader.problems()));
    }

    @Test
    void whenFullAMessageIsCountedAsDroppedWithoutBeingBuilt() {
        try (FakeSegment segment = FakeSegment.start()) {
            segment.stop();
            Counters counters = new Counters();
            AtomicInteger built = new AtomicInteger();
            Supplier<TrackMessage.Builder> track = () -> {
                built.incrementAndGet();
                return TrackMessage.builder("Feature Flag Evaluated").userId("ann");
            };
            try (Delivery delivery = new Delivery(settings(segment, "2"), counters)) {
                assertThat(delivery.send(track)).isTrue();
                assertThat(delivery.send(track)).isTrue();
                assertThat(delivery.send(track)).isFalse();
                assertThat(built).hasValue(2);
                assertThat(counters.dropped()).isEqualTo(1);
                assertThat(delivery.pending()).isEqualTo(2);
            }
        }
    }

    @Test
    void aMessageThatCannotBeBuiltLeavesNothingPending() {
        try (FakeSegment segment = FakeSegment.start()) {
            Counters counters = new Counters();
            try (Delivery delivery = new Delivery(settings(segment, "1"), counters)) {
                assertThatThrownBy(() -> delivery.send(() -> {
                    throw new IllegalStateException("broken");
                })).hasMessage("broken");
                assertThat(delivery.pending()).isZero();
                assertThat(counters.pending()).isZero();
                assertThat(counters.dropped()).isZero();
                // The one place is free again.
                assertThat(delivery.send(() -> TrackMessage.builder("Feature Flag Evaluated").userId("ann"))).isTrue();
            }
        }
    }

    static TrackMessage.Builder track(int n) {
        return TrackMessage.builder("Feature Flag Evaluated").userId("user-" + n).messageId("id-" + n)
                .properties(Map.of("n", n));
    }

    @Test
    void batchesHoldFlushSizeMessagesAndAreWhatSegmentsBatchApiTakes() {
        try (FakeSegment segment = FakeSegment.start()) {
            Counters counters = new Counters();
            try (Delivery delivery = new Delivery(settings(segment, "100", "segment.flush-size", "2",
                    "segment.flush-interval", "PT10S", "segment.shutdown-timeout", "PT5S"), counters)) {
                for (int i = 0; i < 5; i++) {
                    int n = i;
                    assertThat(delivery.send(() -> track(n))).isTrue();
                }
                // Two full batches go at once; the fifth message waits for the interval, a flush or the stop.
                List<JsonObject> first = segment.awaitMessages(4, Duration.ofSeconds(10));
                assertThat(first).extracting(m -> m.get("messageId").getAsString()).containsExactly("id-0", "id-1",
                        "id-2", "id-3");
                assertThat(SegmentEvaluatedTest.await(() -> 5 - delivery.pending(), 4)).as("settled").isEqualTo(4);
                delivery.flush();
                assertThat(segment.awaitMessages(5, Duration.ofSeconds(10))).hasSize(5);
            }
            assertThat(segment.requests()).hasSize(3).allSatisfy(request -> {
                assertThat(request.method()).isEqualTo("POST");
                assertThat(request.path()).isEqualTo(FakeSegment.IMPORT_PATH);
                assertThat(request.contentType()).startsWith("application/json");
                assertThat(request.userAgent()).startsWith("flagbridge/");
                assertThat(request.writeKey()).isEqualTo("write-key-0123456789");
                assertThat(request.authorization()).isNull();
                assertThat(request.status()).isEqualTo(200);
            });
            assertThat(segment.requests()).extracting(FakeSegment.ReceivedRequest::messageCount).containsExactly(2, 2,
                    1);
            JsonObject batch = segment.batches().get(0);
            assertThat(batch.getAsJsonObject("context").getAsJsonObject("library").get("name").getAsString())
                    .isEqualTo("flagbridge");
            assertThat(Instant.parse(batch.get("sentAt").getAsString())).isBefore(Instant.now().plusSeconds(1));
            JsonObject message = segment.messages().get(0);
            assertThat(message.get("type").getAsString()).isEqualTo("track");
            assertThat(message.get("event").getAsString()).isEqualTo("Feature Flag Evaluated");
            assertThat(message.getAsJsonObject("properties").get("n").getAsInt()).isZero();
            assertThat(Instant.parse(message.get("timestamp").getAsString())).isBefore(Instant.now().plusSeconds(1));
            assertThat(counters.sent()).isEqualTo(5);
            assertThat(counters.pending()).isZero();
        }
    }

    @Test
    void aMessageOverSegmentsLimitIsCountedAsFailedAndTheOthersGo() {
        try (FakeSegment segment = FakeSegment.start()) {
            Counters counters = new Counters();
            try (Delivery delivery = new Delivery(settings(segment, "100", "segment.shutdown-timeout", "PT5S"),
                    counters)) {
                assertThat(delivery.send(() -> TrackMessage.builder("big").userId("ann")
                        .properties(Map.of("text", "x".repeat(Delivery.MAX_MESSAGE_BYTES))))).isFalse();
                assertThat(counters.failed()).isEqualTo(1);
                assertThat(delivery.pending()).isZero();
                assertThat(delivery.send(() -> track(1))).isTrue();
            }
            assertThat(segment.messages()).hasSize(1);
            assertThat(counters.sent()).isEqualTo(1);
        }
    }

    @Test
    void batchesStayUnderSegmentsBatchLimit() {
        try (FakeSegment segment = FakeSegment.start()) {
            Counters counters = new Counters();
            try (Delivery delivery = new Delivery(settings(segment, "100", "segment.flush-size", "100",
                    "segment.shutdown-timeout", "PT10S"), counters)) {
                // 40 messages of about 30 KB: 1.2 MB, so at least three batches of at most 500 KB.
                for (int i = 0; i < 40; i++) {
                    int n = i;
                    assertThat(delivery.send(() -> TrackMessage.builder("big").userId("u" + n)
                            .properties(Map.of("text", "x".repeat(30_000))))).isTrue();
                }
            }
            assertThat(counters.sent()).isEqualTo(40);
            assertThat(segment.requests()).hasSizeGreaterThanOrEqualTo(3)
                    .allSatisfy(request -> assertThat(request.bodyBytes()).isLessThanOrEqualTo(Delivery.MAX_BATCH_BYTES));
        }
    }
}
