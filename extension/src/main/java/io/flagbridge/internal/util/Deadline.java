package io.flagbridge.internal.util;

import java.time.Duration;

/** A point in time (on the monotonic clock) that several steps share, such as the application's stop. */
public final class Deadline {

    private final long atNanos;

    private Deadline(long atNanos) {
        this.atNanos = atNanos;
    }

    public static Deadline after(Duration duration) {
        return new Deadline(System.nanoTime() + Math.min(duration.toNanos(), Long.MAX_VALUE / 4));
    }

    /** The time left, never negative. */
    public Duration remaining() {
        return Duration.ofNanos(Math.max(0, atNanos - System.nanoTime()));
    }

    /** The time left in milliseconds, at least 1 (for {@code join} and {@code awaitTermination}, where 0 is forever). */
    public long remainingMillisAtLeastOne() {
        return Math.max(1, (atNanos - System.nanoTime()) / 1_000_000);
    }

    public boolean expired() {
        return atNanos - System.nanoTime() <= 0;
    }
}
