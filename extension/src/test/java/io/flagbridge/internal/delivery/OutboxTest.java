package io.flagbridge.internal.delivery;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;

import com.google.gson.JsonObject;

import io.flagbridge.internal.config.ConfigReader;
import io.flagbridge.internal.config.SegmentSettings;
import io.flagbridge.internal.util.Counters;
import io.flagbridge.internal.util.Deadline;
import io.flagbridge.internal.util.Json;
import io.flagbridge.testing.FakeSegment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The outbox and its sender: bounded, a message that would be dropped is never built, batches as Segment's batch API
 * takes them.
 */
class OutboxTest {

    /** An outbox and its sender, stopped at the end under the settings' shutdown timeout. */
    record Delivery(Outbox outbox, Sender sender, SegmentSettings settings) implements AutoCloseable {

        Delivery(SegmentSettings settings, Counters counters) {
            this(new Outbox(settings, counters), settings);
        }

        private Delivery(Outbox outbox, SegmentSettings settings) {
            this(outbox, new Sender(settings, outbox), settings);
        }

        boolean send(Supplier<byte[]> message) {
            return outbox.offer(message);
        }

        int pending() {
            return outbox.pending();
        }

        void flush() {
            outbox.flush();
        }

        @Override
        public void close() {
            sender.stop(Deadline.after(settings.shutdownTimeout()));
        }
    }

    /** A track message as FlagBridge writes one. */
    static byte[] track(String userId, String messageId, Map<String, Object> properties) {
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("type", "track");
        message.put("messageId", messageId);
        message.put("timestamp", Instant.now());
        message.put("userId", userId);
        message.put("event", "Feature Flag Evaluated");
        message.put("properties", properties);
        return Json.toJson(message).getBytes(StandardCharsets.UTF_8);
    }

    static SegmentSettings settings(FakeSegment segment, String capacity, String... more) {
        Map<String, String> values = new HashMap<>(Map.of("segment.write-key", "write-key-0123456789",
                "segment.endpoint", segment.baseUrl(), "segment.queue-capacity", capacity, "segment.retries", "0",
                "segment.shutdown-timeout", "PT0.2S", "segment.flush-interval", "PT1S",
                // One lane: these tests look at batches and their order; LanesTest has several in flight.
                "segment.max-in-flight", "1"));
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
            Supplier<byte[]> track = () -> {
                built.incrementAndGet();
                return track("ann", "id", Map.of());
            };
            // No flush before the end: the assertions see the messages still pending.
            try (Delivery delivery = new Delivery(settings(segment, "2", "segment.flush-interval", "PT1H"),
                    counters)) {
                // The first fills half the queue: its lane takes it in a batch and retries it (Segment is down).
                assertThat(delivery.send(track)).isTrue();
                await().atMost(Duration.ofSeconds(10)).until(() -> delivery.outbox().waiting() == 0);
                // The lane holds its one batch: two more wait, and the queue is full.
                assertThat(delivery.send(track)).isTrue();
                assertThat(delivery.send(track)).isTrue();
                assertThat(delivery.send(track)).isFalse();
                assertThat(built).hasValue(3);
                assertThat(counters.dropped()).isEqualTo(1);
                assertThat(delivery.outbox().waiting()).isEqualTo(2);
                assertThat(delivery.pending()).isEqualTo(3);
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
                assertThat(delivery.send(() -> track("ann", "id", Map.of()))).isTrue();
            }
        }
    }

    static byte[] track(int n) {
        return track("user-" + n, "id-" + n, Map.of("n", n));
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
                await().atMost(Duration.ofSeconds(10)).until(() -> delivery.pending() == 1);
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
                assertThat(delivery.send(() -> track("ann", "big", Map.of("text", "x".repeat(
                        Outbox.MAX_MESSAGE_BYTES))))).isFalse();
                assertThat(counters.failed()).isEqualTo(1);
                assertThat(delivery.pending()).isZero();
                assertThat(delivery.send(() -> track(1))).isTrue();
            }
            assertThat(segment.messages()).hasSize(1);
            assertThat(counters.sent()).isEqualTo(1);
        }
    }

    @Test
    void pendingMessagesAreBoundedByBytesAsWellAsByCount() {
        try (FakeSegment segment = FakeSegment.start()) {
            segment.stop();
            Counters counters = new Counters();
            try (Delivery delivery = new Delivery(settings(segment, "10000", "segment.queue-max-bytes", "1MB",
                    "segment.flush-interval", "PT1H", "segment.flush-size", "2500"), counters)) {
                int taken = 0;
                for (int i = 0; i < 100; i++) {
                    int n = i;
                    taken += delivery.send(() -> track("u" + n, "id-" + n, Map.of("text", "x".repeat(30_000)))) ? 1
                            : 0;
                }
                // At most 1 MB of 30 KB messages wait; the lanes' batches (taken once the queue was half full, each
                // retried against the stopped Segment) come on top: at most one a lane, 500 KB each. A lane may take
                // its batch at any time, also after the last send, so what waits now is a bound, not a count; what
                // the queue took is at least the 33 that 1 MB holds.
                assertThat(delivery.outbox().waitingBytes()).isLessThanOrEqualTo(1 << 20);
                assertThat(delivery.outbox().waiting()).isLessThanOrEqualTo(34);
                assertThat(taken).isGreaterThanOrEqualTo(33);
                int lanes = SegmentSettings.DEFAULT_MAX_IN_FLIGHT;
                assertThat(taken - delivery.outbox().waiting()).as("messages in the lanes' batches")
                        .isLessThanOrEqualTo(lanes * (500 * 1024 / 30_000));
                assertThat(counters.dropped()).isEqualTo(100 - taken);
            }
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
                    assertThat(delivery.send(() -> track("u" + n, "big-" + n, Map.of("text", "x".repeat(30_000)))))
                            .isTrue();
                }
            }
            assertThat(counters.sent()).isEqualTo(40);
            assertThat(segment.requests()).hasSizeGreaterThanOrEqualTo(3)
                    .allSatisfy(request -> assertThat(request.bodyBytes()).isLessThanOrEqualTo(Outbox.MAX_BATCH_BYTES));
        }
    }
}
