package io.flagbridge.openfeature.internal;

import com.configcat.EvaluationDetails;

import dev.openfeature.sdk.ErrorCode;
import dev.openfeature.sdk.ImmutableMetadata;
import dev.openfeature.sdk.ProviderEvaluation;
import dev.openfeature.sdk.Reason;
import io.flagbridge.internal.client.StaticFlags;

/**
 * ConfigCat's evaluation details as OpenFeature's: the variant is the variation ID; the reason is
 * {@code TARGETING_MATCH} when a targeting rule decided, {@code SPLIT} when a percentage option did, {@code STATIC}
 * when the flag's own value was served and it has neither, {@code DEFAULT} when it has some and none decided,
 * {@code ERROR} with a code when the caller's default was.
 */
public final class Results {

    private static final String TARGETING_MATCH = Reason.TARGETING_MATCH.name();
    private static final String SPLIT = Reason.SPLIT.name();
    private static final String STATIC = Reason.STATIC.name();
    private static final String DEFAULT = Reason.DEFAULT.name();
    private static final String ERROR = Reason.ERROR.name();
    /** Immutable, so one for all (the no-argument constructor builds one per evaluation). */
    private static final ImmutableMetadata NO_METADATA = ImmutableMetadata.builder().build();

    private Results() {
    }

    public static <T> ProviderEvaluation<T> of(EvaluationDetails<T> details, T defaultValue, StaticFlags staticFlags) {
        String error = details.getError();
        if (error != null) {
            return error(defaultValue, code(error), error);
        }
        String reason = details.getMatchedPercentageOption() != null ? SPLIT
                : details.getMatchedTargetingRule() != null ? TARGETING_MATCH
                        : staticFlags.isStatic(details.getKey()) ? STATIC : DEFAULT;
        return new ProviderEvaluation<>(details.getValue(), details.getVariationId(), reason, null, null, NO_METADATA);
    }

    public static <T> ProviderEvaluation<T> error(T defaultValue, ErrorCode code, String message) {
        return new ProviderEvaluation<>(defaultValue, null, ERROR, code, message, NO_METADATA);
    }

    /** ConfigCat tells its errors by text only (EvaluationDetails.getError()); these are its texts in 9.x. */
    static ErrorCode code(String error) {
        if (error.contains("the key was not found in config JSON")) {
            return ErrorCode.FLAG_NOT_FOUND;
        }
        if (error.contains("The type of a setting must match the type of the specified default value")) {
            return ErrorCode.TYPE_MISMATCH;
        }
        if (error.contains("Config JSON is not present")) {
            return ErrorCode.PROVIDER_NOT_READY; // no config data yet: neither fetched, cached nor local
        }
        return ErrorCode.GENERAL;
    }

    /**
     * Whether an error of ConfigCat's onError hook is a failure to get the config (fetch, cache), not an evaluation's
     * (those name a setting or the value returned instead; the hook reports both).
     */
    public static boolean isFetchFailure(String error) {
        return error != null && !error.contains("Returning ") && !error.contains("evaluat")
                && !error.contains("variation ID");
    }
}
