package io.flagbridge.internal.client;

import java.util.Locale;

/**
 * What kind of error an evaluation met, from ConfigCat's error text (its only report of one in 9.x; the text itself is
 * never passed on as a type): OpenTelemetry's {@code error.type} values for flags, and OpenFeature's error codes.
 */
public enum EvaluationError {
    /** The config has no such key. */
    FLAG_NOT_FOUND,
    /** No config data yet: neither fetched, cached nor local. */
    PROVIDER_NOT_READY,
    /** The flag's type is not the requested one. */
    TYPE_MISMATCH,
    /** Anything else. */
    GENERAL;

    private final String value = name().toLowerCase(Locale.ROOT);

    /** OpenTelemetry's {@code error.type} value: {@code flag_not_found}... */
    public String value() {
        return value;
    }

    /** Whether the key is not in the config, or there is no config yet. */
    public boolean notInConfig() {
        return this == FLAG_NOT_FOUND || this == PROVIDER_NOT_READY;
    }

    /** The kind of ConfigCat's error text ({@code EvaluationDetails.getError()}). */
    public static EvaluationError of(String error) {
        String text = error.toLowerCase(Locale.ROOT);
        if (text.contains("key was not found")) {
            return FLAG_NOT_FOUND;
        }
        if (text.contains("config json is not present")) {
            return PROVIDER_NOT_READY;
        }
        if (text.contains("type mismatch") || text.contains("the type of a setting")) {
            return TYPE_MISMATCH;
        }
        return GENERAL;
    }
}
