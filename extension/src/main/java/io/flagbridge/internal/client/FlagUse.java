package io.flagbridge.internal.client;

/**
 * A flag key that the application's code names, found at deployment (for example by the {@code @FeatureFlag}
 * interceptor's extension), so that a misspelt key, or a flag of the wrong type, is reported before the first call.
 *
 * @param key the flag key
 * @param kind what the code does with the flag, which decides the types the flag may have
 * @param where what names it, for messages (for example {@code @FeatureFlag on com.acme.Shop.checkout()})
 */
public record FlagUse(String key, Kind kind, String where) {

    /** What the code does with a flag. */
    public enum Kind {
        /** A gate ({@code @FeatureFlag}): the flag must be a boolean setting. */
        GATE,
        /** Any other use of the key (a setting of any type). */
        SETTING;

        /** Whether a flag of this type can serve this use. */
        public boolean accepts(com.configcat.SettingType type) {
            return this != GATE || type == com.configcat.SettingType.BOOLEAN;
        }
    }
}
