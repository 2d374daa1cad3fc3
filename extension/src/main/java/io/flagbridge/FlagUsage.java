package io.flagbridge;

import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * One flag key of the {@link FlagInventory}.
 *
 * @param key the flag key (or {@link FlagInventory#MORE_MISSING_KEYS})
 * @param inConfig whether the config the client serves has the flag (ConfigCat's, or the local flags by their
 *        {@code configcat.overrides.behaviour})
 * @param declaredAt where the application's code names the key, for example
 *        {@code @FeatureFlag on com.example.shop.Shop.checkout()}; empty when nowhere (a key read through the injected
 *        client is not declared)
 * @param evaluations how many evaluations of the key since {@link FlagInventory#since()}, every one counted (not only
 *        exposures)
 * @param lastEvaluated when the key was last evaluated, to the minute (FlagBridge notes once a minute, and at each
 *        read of the inventory, which counts grew; no clock is read per evaluation); null when never
 */
public record FlagUsage(String key, boolean inConfig, List<String> declaredAt, long evaluations,
        Instant lastEvaluated) {

    /** What the inventory makes of a key; the attribute {@code state} of the gauge {@code flagbridge.flags}. */
    public enum State {
        /** In the config and evaluated since the start. */
        EVALUATED,
        /** In the config but never evaluated since the start: a candidate for removal. */
        NEVER_EVALUATED,
        /** Named by the code or evaluated, but not in the config: it serves its default value. */
        MISSING;

        private final String value = name().toLowerCase(Locale.ROOT);

        /**
         * The state as the gauge's attribute names it.
         *
         * @return {@code evaluated}, {@code never_evaluated} or {@code missing}
         */
        public String value() {
            return value;
        }
    }

    /**
     * The key's state.
     *
     * @return {@link State#MISSING} when not in the config, else whether it was evaluated
     */
    public State state() {
        if (!inConfig) {
            return State.MISSING;
        }
        return evaluations > 0 ? State.EVALUATED : State.NEVER_EVALUATED;
    }
}
