package io.flagbridge.testing;

import java.time.Duration;
import java.util.function.LongSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;

import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/**
 * Waits for asynchronous outcomes (Awaitility, bounded at 10 s): a functional wait whose result the caller asserts,
 * never a timing.
 */
public final class Eventually {

    public static final Duration BOUND = Duration.ofSeconds(10);

    private Eventually() {
    }

    /** The counter once it reached {@code value}, or its value at the bound (for the caller's assertion to report). */
    public static long reach(LongSupplier counter, long value) {
        return until(counter::getAsLong, v -> v >= value);
    }

    /** The first value that satisfies the condition, or the last one read at the bound. */
    public static <T> T until(Supplier<T> value, Predicate<T> condition) {
        return until(value, condition, BOUND);
    }

    /** The first value that satisfies the condition, or the last one read at {@code bound}. */
    public static <T> T until(Supplier<T> value, Predicate<T> condition, Duration bound) {
        try {
            return Awaitility.await().atMost(bound).pollInterval(Duration.ofMillis(10)).until(value::get,
                    condition::test);
        } catch (ConditionTimeoutException e) {
            return value.get();
        }
    }
}
