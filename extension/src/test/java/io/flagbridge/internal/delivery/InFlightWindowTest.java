package io.flagbridge.internal.delivery;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import io.flagbridge.internal.delivery.InFlightWindow.Outcome;

import static org.assertj.core.api.Assertions.assertThat;

/** The in-flight window grows additively while full batches leave and more wait, and halves on congestion. */
class InFlightWindowTest {

    final AtomicLong now = new AtomicLong(1_000_000_000L);
    final InFlightWindow window = new InFlightWindow(16, now::get);

    /** One attempt of the given round trip (ms) and outcome. */
    void attempt(long roundTripMillis, Outcome outcome, boolean full, boolean moreWaiting) throws InterruptedException {
        long started = window.acquire(() -> false);
        now.addAndGet(TimeUnit.MILLISECONDS.toNanos(roundTripMillis));
        window.release(started, outcome, full, moreWaiting);
    }

    @Test
    void startsAtFourAndGrowsByOnePerWindowOfFullBatchesWhileMoreWaitUpToTheCap() throws Exception {
        assertThat(window.limit()).isEqualTo(4);
        for (int i = 0; i < 4; i++) {
            attempt(50, Outcome.DELIVERED, true, true);
        }
        assertThat(window.limit()).isEqualTo(5);
        for (int i = 0; i < 1000; i++) {
            attempt(50, Outcome.DELIVERED, true, true);
        }
        assertThat(window.limit()).isEqualTo(16);
    }

    @Test
    void batchesThatLeaveHalfEmptyOrWithNothingWaitingDoNotGrowIt() throws Exception {
        for (int i = 0; i < 100; i++) {
            attempt(50, Outcome.DELIVERED, false, true);
            attempt(50, Outcome.DELIVERED, true, false);
        }
        assertThat(window.limit()).isEqualTo(4);
    }

    @Test
    void congestionHalvesItOncePerRoundTripDownToOne() throws Exception {
        for (int i = 0; i < 200; i++) {
            attempt(50, Outcome.DELIVERED, true, true);
        }
        assertThat(window.limit()).isEqualTo(16);
        attempt(50, Outcome.CONGESTION, true, true);
        assertThat(window.limit()).isEqualTo(8);
        // Attempts that were in flight together tell of the same congestion: no second halving within a round trip.
        long started = window.acquire(() -> false);
        window.release(started, Outcome.CONGESTION, true, true);
        assertThat(window.limit()).isEqualTo(8);
        for (int i = 0; i < 10; i++) {
            attempt(60, Outcome.CONGESTION, true, true);
        }
        assertThat(window.limit()).isEqualTo(1);
    }

    @Test
    void aRoundTripMuchSlowerThanTheFastestHalvesIt() throws Exception {
        attempt(50, Outcome.DELIVERED, true, true);
        attempt(400, Outcome.DELIVERED, true, true);
        assertThat(window.limit()).isEqualTo(2);
    }

    @Test
    void aRefusalForContentLeavesItAlone() throws Exception {
        attempt(50, Outcome.NEUTRAL, true, true);
        assertThat(window.limit()).isEqualTo(4);
    }

    @Test
    void noMoreThanTheWindowIsInFlightAtOnce() throws Exception {
        long[] started = new long[4];
        for (int i = 0; i < 4; i++) {
            started[i] = window.acquire(() -> false);
        }
        assertThat(window.acquire(() -> true)).as("a fifth place, given up").isEqualTo(-1);
        window.release(started[0], Outcome.NEUTRAL, false, false);
        assertThat(window.acquire(() -> true)).as("a place came free").isNotNegative();
    }
}
