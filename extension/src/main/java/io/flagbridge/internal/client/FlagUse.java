package io.flagbridge.internal.client;

/**
 * A flag key that the application's code names, found at deployment (for example by the {@code @FeatureFlag}
 * interceptor's extension), so that a misspelt key is reported before the first call.
 *
 * @param key the flag key
 * @param where what names it, for messages (for example {@code @FeatureFlag on com.acme.Shop.checkout()})
 */
public record FlagUse(String key, String where) {
}
