package io.flagbridge.internal.spi;

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

    /** Forgets which exposures and users were sent in the current dedupe window. */
    void forgetExposures();
}
