package io.flagbridge.internal.delivery;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;

import org.junit.jupiter.api.Test;

import io.flagbridge.internal.util.Counters;
import io.flagbridge.testing.Eventually;
import io.flagbridge.testing.FakeSegment;
import io.flagbridge.testing.LogCapture;

import static org.assertj.core.api.Assertions.assertThat;

/** A lane survives whatever a batch throws short of its own stop: the batch is counted failed, the next one goes. */
class LaneFailureTest {

    @Test
    void anErrorWhileSendingABatchFailsThatBatchAndTheLaneSendsTheNext() {
        try (FakeSegment segment = FakeSegment.start(); LogCapture log = LogCapture.of(Sender.class.getName())) {
            Counters counters = new Counters();
            OutboxTest.Delivery delivery = new OutboxTest.Delivery(OutboxTest.settings(segment, "100",
                    "segment.flush-size", "10", "segment.flush-interval", "PT1H", "segment.shutdown-timeout", "PT5S"),
                    counters);
            AtomicInteger batches = new AtomicInteger();
            List<String> captured = new CopyOnWriteArrayList<>();
            delivery.sender().capture(batch -> {
                if (batches.incrementAndGet() == 1) {
                    throw new OutOfMemoryError("Java heap space (while writing user-1's batch)");
                }
                captured.addAll(batch);
            });
            for (int i = 0; i < 10; i++) {
                int n = i;
                assertThat(delivery.send(() -> OutboxTest.track("user-" + n, "first-" + n, Map.of()))).isTrue();
            }
            assertThat(Eventually.reach(counters::failed, 10)).isEqualTo(10);
            for (int i = 0; i < 10; i++) {
                int n = i;
                assertThat(delivery.send(() -> OutboxTest.track("user-" + n, "second-" + n, Map.of()))).isTrue();
            }
            assertThat(Eventually.reach(counters::sent, 10)).isEqualTo(10);
            assertThat(captured).hasSize(10).allMatch(message -> message.contains("\"second-"));
            assertThat(delivery.sender().threadsAlive()).isEqualTo(1);
            assertThat(delivery.pending()).isZero();
            assertThat(log.lines(Level.WARNING)).containsExactly("FLAGBRIDGE-0055: a batch of 10 Segment messages "
                    + "could not be sent (java.lang.OutOfMemoryError) and is counted as failed; the lane goes on with "
                    + "the next batch (logged at most once a minute)");
            delivery.close();
            assertThat(delivery.sender().threadsAlive()).isZero();
        }
    }
}
