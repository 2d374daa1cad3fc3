package io.flagbridge;

import java.time.Instant;

import com.configcat.PercentageOption;
import com.configcat.TargetingRule;
import com.configcat.User;

/**
 * A flag evaluation made through the application's {@code ConfigCatClient}, by {@code @FeatureFlag} or by application
 * code.
 * <p>
 * {@code @Observes FlagEvaluated} observers see every evaluation, on the evaluating thread (keep them fast: they run
 * inside the evaluation). {@code @ObservesAsync FlagEvaluated} observers, the Segment dispatcher among them, see each
 * <em>exposure</em>: an evaluation whose (user, flag, value, variation) was not already seen within
 * {@code segment.dedupe-window}; they run on FlagBridge's own bounded executor.
 *
 * @param key the flag key
 * @param value the value served (the default value when the flag could not be evaluated)
 * @param variationId the variation ID of the value, or {@code null}
 * @param user the user the flag was evaluated for, or {@code null}
 * @param defaultValue a flag, not a value: {@code true} when {@code value} is the caller's default value because the
 *        flag could not be evaluated ({@code error} says why); {@code false} when the flag served {@code value}. The
 *        default value itself is then {@code value} (for a text flag, a {@code String}). Named as in ConfigCat's
 *        {@code EvaluationDetails.isDefaultValue()}.
 * @param error why the flag could not be evaluated, or {@code null}
 * @param timestamp when the evaluation happened
 * @param matchedRule the targeting rule that decided the value, or {@code null}
 * @param matchedPercentage the percentage option that decided the value, or {@code null}
 */
public record FlagEvaluated(String key, Object value, String variationId, User user, boolean defaultValue,
        String error, Instant timestamp, TargetingRule matchedRule, PercentageOption matchedPercentage) {

    /**
     * The evaluation without its user's identifier or attributes (which may be private, or sent only hashed):
     * {@code user} shows only whether there was one.
     */
    @Override
    public String toString() {
        return "FlagEvaluated[key=" + key + ", value=" + value + ", variationId=" + variationId + ", user="
                + (user == null ? "null" : "(withheld)") + ", defaultValue=" + defaultValue + ", error=" + error
                + ", timestamp=" + timestamp + ", matchedRule=" + matchedRule + ", matchedPercentage="
                + matchedPercentage + "]";
    }
}
