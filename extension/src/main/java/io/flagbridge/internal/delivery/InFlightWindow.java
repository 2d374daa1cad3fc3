package io.flagbridge.internal.delivery;

import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

/**
 * How many batches may be in flight to Segment at once, adapted as TCP adapts its window: between 1 and the cap
 * ({@code segment.max-in-flight}), one more each time a window's worth of batches left full while more waited
 * (additive increase), half as many after a 429, a failed attempt or a round trip much longer than the fastest
 * seen (multiplicative decrease, at most once per round trip). Every lane takes a place before each attempt and gives
 * it back with the outcome, so the lanes together never have more batches in flight than the window; each lane keeps
 * one batch at a time, so a user's messages stay in order. Requests also start at most {@link #MAX_REQUESTS_PER_SECOND}
 * a second (Segment's published limit is about 1,000 a second per workspace).
 */
final class InFlightWindow {

    /** Segment's published request rate per workspace is about 1,000 a second: FlagBridge stays under it. */
    static final int MAX_REQUESTS_PER_SECOND = 900;
    /** The window FlagBridge starts with (the fixed number of batches in flight before the window adapted). */
    static final int INITIAL = 4;
    private static final long START_SPACING_NANOS = TimeUnit.SECONDS.toNanos(1) / MAX_REQUESTS_PER_SECOND;
    /** A round trip this much longer than the fastest one seen (and this many ms longer at least) is congestion. */
    private static final int SLOW_FACTOR = 3;
    private static final long SLOW_MARGIN_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    /** What became of one attempt. */
    enum Outcome {
        /** Segment took the batch. */
        DELIVERED,
        /** Segment refused or failed it for a reason that a smaller window does not help (its content, a 401). */
        NEUTRAL,
        /** A 429, a timeout, a network error or a 5xx: Segment (or the way to it) is overloaded. */
        CONGESTION
    }

    private final int cap;
    private final LongSupplier nanoTime;
    private int limit;
    private int inFlight;
    private int fullSinceIncrease;
    private long fastestNanos = Long.MAX_VALUE;
    private long noDecreaseUntil;
    private long nextStart;

    InFlightWindow(int cap) {
        this(cap, System::nanoTime);
    }

    InFlightWindow(int cap, LongSupplier nanoTime) {
        this.cap = cap;
        this.nanoTime = nanoTime;
        this.limit = Math.min(cap, INITIAL);
        this.noDecreaseUntil = nanoTime.getAsLong();
        this.nextStart = nanoTime.getAsLong();
    }

    /**
     * Waits for a place in the window (and for the request rate), unless {@code giveUp} says to stop waiting.
     *
     * @return the time the attempt may start (for its round trip), or -1 when it gave up
     */
    long acquire(BooleanSupplier giveUp) throws InterruptedException {
        long waitUntil;
        synchronized (this) {
            while (inFlight >= limit) {
                if (giveUp.getAsBoolean()) {
                    return -1;
                }
                wait(50);
            }
            inFlight++;
            long now = nanoTime.getAsLong();
            waitUntil = Math.max(now, nextStart);
            nextStart = waitUntil + START_SPACING_NANOS;
        }
        long left = waitUntil - nanoTime.getAsLong();
        if (left > 0) {
            TimeUnit.NANOSECONDS.sleep(left);
        }
        return nanoTime.getAsLong();
    }

    /**
     * Gives the place back with the attempt's outcome.
     *
     * @param startedAt what {@link #acquire} returned
     * @param full whether the batch was full (a flush-size's worth of messages or its bytes)
     * @param moreWaiting whether more messages than this window can carry in one round waited meanwhile
     */
    synchronized void release(long startedAt, Outcome outcome, boolean full, boolean moreWaiting) {
        inFlight--;
        long now = nanoTime.getAsLong();
        long roundTrip = now - startedAt;
        if (outcome == Outcome.DELIVERED) {
            fastestNanos = Math.min(fastestNanos, roundTrip);
        }
        boolean slow = outcome == Outcome.DELIVERED && fastestNanos != Long.MAX_VALUE
                && roundTrip > fastestNanos * SLOW_FACTOR && roundTrip - fastestNanos > SLOW_MARGIN_NANOS;
        if (outcome == Outcome.CONGESTION || slow) {
            if (now - noDecreaseUntil >= 0) {
                limit = Math.max(1, limit / 2);
                fullSinceIncrease = 0;
                // One decrease per round trip: the attempts already in flight tell of the same congestion.
                noDecreaseUntil = now + Math.max(roundTrip, fastestNanos == Long.MAX_VALUE ? 0 : fastestNanos);
            }
        } else if (outcome == Outcome.DELIVERED && full && moreWaiting && limit < cap) {
            if (++fullSinceIncrease >= limit) {
                limit++;
                fullSinceIncrease = 0;
            }
        }
        notifyAll();
    }

    /** The number of batches that may be in flight now. */
    synchronized int limit() {
        return limit;
    }

    int cap() {
        return cap;
    }
}
