package io.flagbridge.internal.events;

import java.time.Duration;

/**
 * The dedupe window's clock: which window ({@code segment.dedupe-window}) it is now. An evaluation reads it instead of
 * the system clock (a clock read costs about as much as the rest of the hook); FlagBridge's event thread moves it on
 * ({@link #tick}) after each task and when the next window starts, so it may roll over late by as long as one async
 * observer takes.
 */
public final class DedupeWindow implements EventQueue.Ticker {

    private final long windowMillis;
    private volatile long currentBucket;

    public DedupeWindow(Duration window) {
        this.windowMillis = window.toMillis();
        this.currentBucket = bucket(System.currentTimeMillis());
    }

    /** Whether nothing is deduped ({@code PT0S}: every evaluation is an exposure). */
    public boolean isZero() {
        return windowMillis == 0;
    }

    /** The window an instant falls in: the same for every replica, so message IDs derived from it agree. */
    public long bucket(long epochMillis) {
        return windowMillis == 0 ? epochMillis : Math.floorDiv(epochMillis, windowMillis);
    }

    /** The current window, as last advanced. */
    public long current() {
        return currentBucket;
    }

    /**
     * Moves the current window on to the one {@code nowMillis} falls in.
     *
     * @return when the next window starts (epoch millis), or {@link Long#MAX_VALUE} when nothing is deduped
     */
    @Override
    public long tick(long nowMillis) {
        if (windowMillis == 0) {
            return Long.MAX_VALUE;
        }
        long bucket = bucket(nowMillis);
        if (bucket > currentBucket) {
            currentBucket = bucket;
        }
        return (bucket + 1) * windowMillis;
    }
}
