package io.flagbridge.internal.events;

import java.util.Set;

import com.configcat.EvaluationDetails;

import io.flagbridge.FlagEvaluated;
import io.flagbridge.internal.client.Reason;
import io.flagbridge.internal.client.StaticFlags;
import io.flagbridge.internal.config.SegmentSettings;
import io.flagbridge.internal.config.SegmentSettings.Exposures;

/**
 * Which evaluations become Segment's "Feature Flag Evaluated": {@code segment.exposures} (every result, those a
 * targeting rule or a percentage option decided, or those a percentage option decided) and
 * {@code segment.exposure-flags} (only these flags). The reason is {@link StaticFlags#reason}'s, the same as
 * OpenTelemetry's and OpenFeature's. A Segment setting: {@code FlagEvaluated} observers see every evaluation.
 */
public final class ExposurePolicy {

    private final Exposures mode;
    /** Null: every flag. */
    private final Set<String> flags;
    private final StaticFlags reasons;
    private final boolean admitsAll;

    /** The policy of these settings; one that admits everything while Segment is off. */
    public ExposurePolicy(SegmentSettings settings, StaticFlags reasons) {
        this.mode = settings.exposures();
        this.flags = settings.exposureFlags().orElse(null);
        this.reasons = reasons;
        this.admitsAll = !settings.enabled() || (mode == Exposures.ALL && flags == null);
    }

    /** Whether every evaluation is an exposure ({@code segment.exposures=all} for every flag). */
    public boolean admitsAll() {
        return admitsAll;
    }

    /** Whether this evaluation is an exposure, on the evaluating thread. */
    public boolean admits(EvaluationDetails<?> details) {
        return admitsAll || (admitsFlag(details.getKey()) && admitsReason(reasons.reason(details)));
    }

    /** Whether this evaluation is an exposure, on the event thread. */
    public boolean admits(FlagEvaluated evaluated) {
        return admitsAll || (admitsFlag(evaluated.key()) && admitsReason(reasons.reason(evaluated)));
    }

    private boolean admitsFlag(String key) {
        return flags == null || flags.contains(key);
    }

    private boolean admitsReason(Reason reason) {
        return switch (mode) {
            case ALL -> true;
            case TARGETED -> reason.targeted();
            case SPLIT -> reason == Reason.SPLIT;
        };
    }
}
