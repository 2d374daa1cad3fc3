package io.flagbridge.internal.util;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/** A warning that is written at most once per interval, however often it happens. */
public final class RateLimitedLog {

    private final Logger logger;
    private final long intervalNanos;
    private final AtomicLong nextAllowed = new AtomicLong(Long.MIN_VALUE);

    public RateLimitedLog(Logger logger, long interval, TimeUnit unit) {
        this.logger = logger;
        this.intervalNanos = unit.toNanos(interval);
    }

    public void warn(Supplier<String> message) {
        long now = System.nanoTime();
        long allowed = nextAllowed.get();
        if ((allowed == Long.MIN_VALUE || now - allowed >= 0) && nextAllowed.compareAndSet(allowed, now + intervalNanos)) {
            // The logger's name as the source: the line is the caller's, not this class's.
            logger.logp(Level.WARNING, logger.getName(), null, message.get());
        }
    }
}
