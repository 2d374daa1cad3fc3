package io.flagbridge.internal.spi;

import java.util.Map;

/** Flag values that win over every other flag source. */
public interface OverrideLayer {

    /**
     * The overrides now: flag key to a {@code Boolean}, {@code String}, {@code Integer} or {@code Double}. Immutable,
     * and the same instance until the overrides change (FlagBridge converts it once per change).
     */
    Map<String, Object> values();
}
