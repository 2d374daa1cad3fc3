package io.flagbridge.internal.delivery;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;

import org.junit.jupiter.api.Test;

import io.flagbridge.internal.util.Counters;
import io.flagbridge.internal.util.Deadline;
import io.flagbridge.testing.FakeSegment;

import static org.assertj.core.api.Assertions.assertThat;

/** Whatever the timing of a stop, every message offered is sent, failed or dropped: none is lost silently. */
class OutboxRaceTest {

    @Test
    void everyMessageOfferedAroundTheStopIsAccountedFor() throws Exception {
        byte[] message = "{\"type\":\"track\",\"event\":\"x\",\"userId\":\"u\",\"messageId\":\"m\"}"
                .getBytes(StandardCharsets.UTF_8);
        try (FakeSegment segment = FakeSegment.start().discardBodies()) {
            for (int round = 0; round < 100; round++) {
                Counters counters = new Counters();
                OutboxTest.Delivery delivery = new OutboxTest.Delivery(OutboxTest.settings(segment, "1000000",
                        "segment.flush-size", "100", "segment.shutdown-timeout", "PT5S"), counters);
                int each = 2_000;
                CountDownLatch go = new CountDownLatch(1);
                Thread producer = new Thread(() -> {
                    try {
                        go.await();
                    } catch (InterruptedException e) {
                        return;
                    }
                    for (int i = 0; i < each; i++) {
                        delivery.send(() -> message);
                    }
                });
                producer.start();
                go.countDown();
                Thread.sleep(round % 4);
                delivery.sender().stop(Deadline.after(Duration.ofSeconds(5)));
                producer.join();
                assertThat(counters.sent() + counters.failed() + counters.dropped()).as("round " + round)
                        .isEqualTo(each);
                assertThat(counters.pending()).isZero();
            }
        }
    }
}
