package io.flagbridge.it.support;

import java.time.Duration;
import java.util.function.Predicate;
import java.util.function.Supplier;

/** Polls a value until it satisfies a condition or the bound runs out; a functional wait, not a timing. */
public final class Await {

    private Await() {
    }

    /** The first value that satisfies the condition, or the last one read when the bound ran out. */
    public static <T> T until(Supplier<T> value, Predicate<T> condition, Duration bound) {
        long deadline = System.nanoTime() + bound.toNanos();
        T current = value.get();
        while (!condition.test(current) && System.nanoTime() < deadline) {
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return current;
            }
            current = value.get();
        }
        return current;
    }
}
