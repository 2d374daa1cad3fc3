package io.flagbridge.internal.segment;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;

import com.segment.analytics.messages.TrackMessage;

import io.flagbridge.internal.config.ConfigReader;
import io.flagbridge.internal.config.SegmentSettings;
import io.flagbridge.internal.events.Counters;
import io.flagbridge.testing.FakeSegment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The hand-over to analytics-java: bounded, and a message that would be dropped is never built. */
class DeliveryTest {

    static SegmentSettings settings(FakeSegment segment, String capacity) {
        Map<String, String> values = new HashMap<>(Map.of("segment.write-key", "write-key-0123456789",
                "segment.endpoint", segment.baseUrl(), "segment.queue-capacity", capacity, "segment.retries", "0",
                "segment.shutdown-timeout", "PT0.2S", "segment.flush-interval", "PT1S"));
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
}
