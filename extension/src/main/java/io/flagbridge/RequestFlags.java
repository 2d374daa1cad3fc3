package io.flagbridge;

import com.configcat.EvaluationDetails;

/**
 * Flag values for the current request's user, one value per request: inside an active request context the first
 * evaluation of a flag for a user fixes its result for the rest of the request, for this bean, {@code @FeatureFlag} and
 * OpenFeature's {@code Client} alike, even when the config changes meanwhile (a poll, the webhook, an edited flag file).
 * A result served again is no new evaluation: no second {@link FlagEvaluated}, no new exposure, not counted in
 * telemetry. {@code flagbridge.request-consistency=false} turns the fixing off (each call then evaluates).
 * <p>
 * A {@code @RequestScoped} bean that FlagBridge provides ({@code @Inject RequestFlags flags;}); it can be used only
 * while a request context is active (a {@code ContextNotActiveException} otherwise). The user comes from the
 * application's {@link FlagUserResolver}, else the caller's principal, else none (as for {@code @FeatureFlag}); on a
 * thread that runs work a request handed to a managed executor, from that request. The injected
 * {@code ConfigCatClient} stays live: it neither reads nor fixes the request's values.
 */
public interface RequestFlags {

    /**
     * The flag's value for the current user, as fixed for this request.
     *
     * @param <T> the flag's type
     * @param type the flag's type: {@code Boolean}, {@code String}, {@code Integer}, {@code Double} (ConfigCat's)
     * @param key the flag key
     * @param defaultValue served when the flag cannot be evaluated (unknown key, another type, no config data); such
     *        a result is not fixed
     * @return the value; {@code defaultValue} when it cannot be evaluated
     */
    <T> T getValue(Class<T> type, String key, T defaultValue);

    /**
     * The flag's evaluation details for the current user, as fixed for this request (the first evaluation's: its
     * variation, matched rule, fetch time).
     *
     * @param <T> the flag's type
     * @param type the flag's type: {@code Boolean}, {@code String}, {@code Integer}, {@code Double} (ConfigCat's)
     * @param key the flag key
     * @param defaultValue served when the flag cannot be evaluated; such a result is not fixed
     * @return the details; never null
     */
    <T> EvaluationDetails<T> getValueDetails(Class<T> type, String key, T defaultValue);
}
