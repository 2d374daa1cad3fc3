package io.flagbridge.internal.client;

import java.util.Locale;

/**
 * Why an evaluation served its value, in OpenFeature's and OpenTelemetry's words ({@code feature_flag.result.reason}).
 * {@link StaticFlags#reason} decides it, once for FlagBridge's telemetry, its OpenFeature provider and Segment's
 * exposure policy.
 */
public enum Reason {
    /** The flag's own value, of a setting without targeting rules and percentage options. */
    STATIC,
    /** A targeting rule decided (without a percentage option of its own). */
    TARGETING_MATCH,
    /** A percentage option decided, also one inside a targeting rule: the user is in a split. */
    SPLIT,
    /** The flag's own value, of a setting whose targeting rules and percentage options did not decide. */
    DEFAULT,
    /** The caller's default value was served: an error. */
    ERROR;

    private final String value = name().toLowerCase(Locale.ROOT);

    /** The value of OpenTelemetry's {@code feature_flag.result.reason}: {@code static}, {@code split}... */
    public String value() {
        return value;
    }

    /** Whether a targeting rule or a percentage option decided: the user is in a rollout or an experiment. */
    public boolean targeted() {
        return this == TARGETING_MATCH || this == SPLIT;
    }

    /**
     * The reason of a result without an error: {@link #SPLIT} when a percentage option decided (ConfigCat reports the
     * option, also one inside a targeting rule), {@link #TARGETING_MATCH} when a rule did, else null (the flag's own
     * value: {@link #STATIC} or {@link #DEFAULT}, as {@link StaticFlags} knows).
     */
    static Reason decided(Object matchedPercentageOption, Object matchedTargetingRule) {
        if (matchedPercentageOption != null) {
            return SPLIT;
        }
        return matchedTargetingRule != null ? TARGETING_MATCH : null;
    }
}
