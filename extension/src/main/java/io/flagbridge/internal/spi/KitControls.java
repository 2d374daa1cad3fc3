package io.flagbridge.internal.spi;

import java.time.Duration;
import java.util.Optional;

/** What FlagBridge lets a test kit do to one application. */
public interface KitControls {

    /**
     * The value type of a flag as FlagBridge knows it without the overrides: from the config (local or remote) or,
     * for a key only {@code @FeatureFlag} names, {@code Boolean}; empty when unknown.
     */
    Optional<Class<?>> typeOf(String key);

    /** Has the messages waiting for Segment delivered now (to the capture), not at the next flush interval. */
    void flush();

    /**
     * Has what is waiting sent and waits, at most {@code timeout}, until FlagBridge's event queue and Segment outbox
     * stay empty (between tests, so that one test's messages do not arrive in the next one's recording).
     *
     * @return whether they became empty in time
     */
    boolean settle(Duration timeout);

    /** Forgets which exposures and users were sent in the current dedupe window. */
    void forgetExposures();

    /**
     * Forgets the values the calling thread's request fixed (one value per request), so that an override set during
     * a test is seen by the rest of it.
     */
    void forgetRequestValues();
}
