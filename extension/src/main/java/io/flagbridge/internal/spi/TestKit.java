package io.flagbridge.internal.spi;

import java.util.Optional;
import java.util.function.Function;

/**
 * What a test kit ({@code io.flagbridge:flagbridge-test}) adds to FlagBridge. FlagBridge looks for one only when a
 * provider is listed in {@code META-INF/services/io.flagbridge.internal.spi.TestKit} of the application's class
 * loader and that provider class is also a CDI extension of the same container: the container's instance is then
 * the kit of that application (so two containers in one JVM have two kits). Without one nothing of this package is
 * used.
 */
public interface TestKit {

    /**
     * A value for a FlagBridge configuration key that the application's configuration leaves unset.
     *
     * @param key the key
     * @param configured the application's own configuration (trimmed values; empty when unset)
     */
    Optional<String> defaultValue(String key, Function<String, Optional<String>> configured);

    /** The overrides, consulted on every evaluation before every other flag source. */
    OverrideLayer overrides();

    /** Receives the Segment batches instead of Segment. */
    Capture capture();

    /** Called once the application's FlagBridge runs, before its first evaluation. */
    void attached(KitControls controls);
}
