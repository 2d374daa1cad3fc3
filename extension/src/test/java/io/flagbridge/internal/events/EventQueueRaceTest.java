package io.flagbridge.internal.events;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import io.flagbridge.internal.util.Deadline;

import static org.assertj.core.api.Assertions.assertThat;

/** Whatever the timing of a stop, every task offered either runs or is counted as dropped: none is lost silently. */
class EventQueueRaceTest {

    @Test
    void everyTaskOfferedAroundTheStopRunsOrIsCounted() throws Exception {
        for (int round = 0; round < 200; round++) {
            AtomicInteger ran = new AtomicInteger();
            AtomicInteger dropped = new AtomicInteger();
            EventQueue queue = new EventQueue("eq-race", 1_000_000, dropped::incrementAndGet, now -> Long.MAX_VALUE);
            int threads = 3;
            int each = 2_000;
            CountDownLatch go = new CountDownLatch(1);
            List<Thread> producers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                Thread producer = new Thread(() -> {
                    try {
                        go.await();
                    } catch (InterruptedException e) {
                        return;
                    }
                    for (int i = 0; i < each; i++) {
                        queue.execute(ran::incrementAndGet);
                    }
                });
                producer.start();
                producers.add(producer);
            }
            go.countDown();
            Thread.sleep(round % 3);
            queue.close(Deadline.after(Duration.ofSeconds(10)));
            for (Thread producer : producers) {
                producer.join();
            }
            assertThat(ran.get() + dropped.get()).as("round " + round).isEqualTo(threads * each);
        }
    }
}
