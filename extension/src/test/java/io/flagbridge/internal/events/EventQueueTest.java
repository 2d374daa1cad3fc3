package io.flagbridge.internal.events;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import io.flagbridge.internal.util.Deadline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class EventQueueTest {

    static final EventQueue.Ticker NO_CLOCK = now -> Long.MAX_VALUE;

    static Deadline seconds(int seconds) {
        return Deadline.after(Duration.ofSeconds(seconds));
    }

    final AtomicInteger dropped = new AtomicInteger();

    static Thread threadNamed(String name) {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().equals(name)).findFirst()
                .orElse(null);
    }

    @Test
    void runsTasksInOrderOnItsOwnNamedThread() throws Exception {
        EventQueue queue = new EventQueue("eq-order", 100, dropped::incrementAndGet, NO_CLOCK);
        List<String> seen = new CopyOnWriteArrayList<>();
        CountDownLatch done = new CountDownLatch(50);
        for (int i = 0; i < 50; i++) {
            int n = i;
            queue.execute(() -> {
                seen.add(Thread.currentThread().getName() + ":" + n);
                done.countDown();
            });
        }
        assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(seen).hasSize(50).allMatch(s -> s.startsWith("eq-order-1:"));
        assertThat(seen.get(49)).isEqualTo("eq-order-1:49");
        assertThat(queue.close(seconds(5))).isTrue();
        assertThat(threadNamed("eq-order-1")).isNull();
    }

    @Test
    void tasksArrivingAfterTheThreadFellAsleepStillRun() throws Exception {
        // Each task comes after the 1 ms linger, when the thread sleeps until woken: none may be missed.
        EventQueue queue = new EventQueue("eq-wake", 10, dropped::incrementAndGet, NO_CLOCK);
        AtomicInteger ran = new AtomicInteger();
        for (int i = 0; i < 200; i++) {
            CountDownLatch done = new CountDownLatch(1);
            queue.execute(() -> {
                ran.incrementAndGet();
                done.countDown();
            });
            assertThat(done.await(5, TimeUnit.SECONDS)).as("task " + i).isTrue();
            if (i % 2 == 0) {
                Thread.sleep(2);
            }
        }
        assertThat(ran).hasValue(200);
        queue.close(seconds(5));
    }

    /** A tick: when it came, and the deadline the ticker gave for the next one. */
    record Tick(long at, long next) {
    }

    @Test
    void theTickerIsCalledAtItsDeadlinesNeverBeforeWhetherTheThreadIsIdleOrBusy() throws Exception {
        List<Tick> ticks = new CopyOnWriteArrayList<>();
        EventQueue queue = new EventQueue("eq-clock", 10, dropped::incrementAndGet, now -> {
            long next = ticks.size() < 6 ? now + 30 : Long.MAX_VALUE;
            ticks.add(new Tick(now, next));
            return next;
        });
        // Idle: the thread wakes for each deadline.
        await().atMost(Duration.ofSeconds(10)).until(() -> ticks.size() >= 3);
        // Busy: tasks in between do not make it tick early, nor stop it ticking.
        for (int i = 0; i < 20; i++) {
            CountDownLatch ran = new CountDownLatch(1);
            queue.execute(ran::countDown);
            assertThat(ran.await(5, TimeUnit.SECONDS)).isTrue();
            Thread.sleep(5);
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> ticks.size() >= 7);
        assertThat(ticks).hasSize(7).last().extracting(Tick::next).isEqualTo(Long.MAX_VALUE);
        for (int i = 1; i < ticks.size(); i++) {
            assertThat(ticks.get(i).at()).as("tick " + i + " not before its deadline")
                    .isGreaterThanOrEqualTo(ticks.get(i - 1).next());
        }
        // With no deadline left the thread sleeps until a task comes, and still runs it.
        CountDownLatch late = new CountDownLatch(1);
        queue.execute(late::countDown);
        assertThat(late.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(ticks).hasSize(7);
        assertThat(queue.close(seconds(5))).isTrue();
    }

    @Test
    void beyondItsCapacityTasksAreDroppedAndReported() throws Exception {
        EventQueue queue = new EventQueue("eq-bound", 3, dropped::incrementAndGet, NO_CLOCK);
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch started = new CountDownLatch(1);
        queue.execute(() -> {
            started.countDown();
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();
        AtomicInteger ran = new AtomicInteger();
        for (int i = 0; i < 10; i++) {
            queue.execute(ran::incrementAndGet);
        }
        assertThat(queue.size()).isEqualTo(3);
        assertThat(dropped).hasValue(7);
        release.countDown();
        assertThat(queue.close(seconds(5))).isTrue();
        assertThat(ran).as("the queued ones run before the stop ends").hasValue(3);
    }

    @Test
    void aFailingTaskDoesNotStopTheThread() throws Exception {
        EventQueue queue = new EventQueue("eq-fail", 10, dropped::incrementAndGet, NO_CLOCK);
        CountDownLatch after = new CountDownLatch(1);
        queue.execute(() -> {
            throw new IllegalStateException("observer failed");
        });
        queue.execute(after::countDown);
        assertThat(after.await(5, TimeUnit.SECONDS)).isTrue();
        queue.close(seconds(5));
    }

    @Test
    void aStuckTaskIsAbandonedAtTheTimeoutAndNothingIsTakenAfterTheStop() throws Exception {
        EventQueue queue = new EventQueue("eq-stuck", 10, dropped::incrementAndGet, NO_CLOCK);
        CountDownLatch started = new CountDownLatch(1);
        queue.execute(() -> {
            started.countDown();
            try {
                Thread.sleep(60_000);
            } catch (InterruptedException e) {
                // close() interrupts a task that outlives the timeout
            }
        });
        AtomicInteger ran = new AtomicInteger();
        queue.execute(ran::incrementAndGet);
        assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(queue.close(Deadline.after(Duration.ofMillis(200)))).isFalse();
        assertThat(threadNamed("eq-stuck-1")).isNull();
        assertThat(ran).as("abandoned").hasValue(0);
        assertThat(dropped).as("the abandoned task is counted").hasValue(1);
        queue.execute(ran::incrementAndGet);
        assertThat(dropped).as("and the one refused after the stop").hasValue(2);
    }
}
