package io.flagbridge.internal.delivery;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.flagbridge.internal.util.Counters;
import io.flagbridge.internal.util.Hash64;
import io.flagbridge.testing.Eventually;
import io.flagbridge.testing.FakeSegment;

import static org.assertj.core.api.Assertions.assertThat;

/** The in-flight window against a real (fake) Segment: it grows under a backlog and shrinks in a storm of 429s. */
class WindowOnSegmentTest {

    /**
     * The defaults: 16 lanes share the queue's 10,000 messages, so no lane's share reaches a batch of 1,000. A lane
     * sends what it has while the queue is half full, not only at a full batch or the flush interval (here an hour):
     * before, nothing left before the interval, and every message offered meanwhile was dropped.
     */
    @Test
    void lanesWhoseShareOfTheQueueIsBelowABatchSendOnceTheQueueIsHalfFull() {
        try (FakeSegment segment = FakeSegment.start()) {
            segment.discardBodies();
            Counters counters = new Counters();
            try (OutboxTest.Delivery delivery = new OutboxTest.Delivery(OutboxTest.settings(segment, "10000",
                    "segment.max-in-flight", "16", "segment.flush-size", "1000", "segment.flush-interval", "PT1H"),
                    counters)) {
                for (int i = 0; i < 10_000; i++) {
                    int n = i;
                    delivery.outbox().offer(Hash64.of("user-" + (i % 997)),
                            () -> OutboxTest.track("user-" + (n % 997), "id-" + n, Map.of("n", n)));
                }
                // Down to below half the queue; what is left waits for a full batch or the interval, as usual.
                assertThat(Eventually.until(counters::sent, sent -> sent >= 5_000)).as("sent").isGreaterThanOrEqualTo(5_000);
                assertThat(delivery.outbox().pending()).as("pending").isLessThan(5_000);
                assertThat(counters.dropped()).isZero();
            }
        }
    }

    @Test
    void aBacklogOfFullBatchesGrowsTheWindowAndA429StormShrinksItToOne() {
        try (FakeSegment segment = FakeSegment.start()) {
            segment.discardBodies().slow(Duration.ofMillis(20));
            Counters counters = new Counters();
            try (OutboxTest.Delivery delivery = new OutboxTest.Delivery(OutboxTest.settings(segment, "200000",
                    "segment.max-in-flight", "16", "segment.flush-size", "50", "segment.retries", "1000",
                    "segment.shutdown-timeout", "PT0.5S"), counters)) {
                InFlightWindow window = delivery.sender().window();
                assertThat(window.limit()).isEqualTo(InFlightWindow.INITIAL);
                for (int i = 0; i < 60_000; i++) {
                    int n = i;
                    delivery.outbox().offer(Hash64.of("user-" + (i % 997)),
                            () -> OutboxTest.track("user-" + (n % 997), "id-" + n, Map.of("n", n)));
                }
                assertThat(Eventually.until(window::limit, limit -> limit == 16)).as("grown to the cap").isEqualTo(16);

                segment.rateLimit(Duration.ofMillis(50));
                assertThat(Eventually.until(window::limit, limit -> limit == 1)).as("shrunk by the 429s").isEqualTo(1);
                segment.healthy();
            }
        }
    }
}
