package io.flagbridge.openfeature.internal;

import java.util.stream.Stream;

import com.configcat.EvaluationDetails;

import dev.openfeature.sdk.ErrorCode;
import dev.openfeature.sdk.ImmutableMetadata;
import dev.openfeature.sdk.ProviderEvaluation;
import dev.openfeature.sdk.Reason;
import io.flagbridge.internal.client.EvaluationError;
import io.flagbridge.internal.client.StaticFlags;

/**
 * ConfigCat's evaluation details as OpenFeature's: the variant is the variation ID; the reason is
 * {@code TARGETING_MATCH} when a targeting rule decided, {@code SPLIT} when a percentage option did, {@code STATIC}
 * when the flag's own value was served and it has neither, {@code DEFAULT} when it has some and none decided,
 * {@code ERROR} with a code when the caller's default was.
 */
public final class Results {

    /** OpenFeature's reason of each of FlagBridge's, by its ordinal (the same names). */
    private static final String[] REASONS = Stream.of(io.flagbridge.internal.client.Reason.values())
            .map(reason -> Reason.valueOf(reason.name()).name()).toArray(String[]::new);
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
        return new ProviderEvaluation<>(details.getValue(), details.getVariationId(),
                REASONS[staticFlags.reason(details).ordinal()], null, null, NO_METADATA);
    }

    public static <T> ProviderEvaluation<T> error(T defaultValue, ErrorCode code, String message) {
        return new ProviderEvaluation<>(defaultValue, null, ERROR, code, message, NO_METADATA);
    }

    /** ConfigCat tells its errors by text only (EvaluationDetails.getError()): the same kinds as OpenTelemetry's. */
    static ErrorCode code(String error) {
        return switch (EvaluationError.of(error)) {
            case FLAG_NOT_FOUND -> ErrorCode.FLAG_NOT_FOUND;
            case TYPE_MISMATCH -> ErrorCode.TYPE_MISMATCH;
            case PROVIDER_NOT_READY -> ErrorCode.PROVIDER_NOT_READY; // no config data yet: neither fetched, cached nor local
            case GENERAL -> ErrorCode.GENERAL;
        };
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
