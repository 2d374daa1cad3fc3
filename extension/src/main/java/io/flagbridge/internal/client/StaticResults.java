package io.flagbridge.internal.client;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

import com.configcat.ConfigCatClient;
import com.configcat.ConfigCatHooks;
import com.configcat.Entry;
import com.configcat.EvaluationDetails;
import com.configcat.LogLevel;
import com.configcat.User;

import io.flagbridge.internal.config.ClientSettings;
import io.flagbridge.internal.sdk.EvaluationReach;

/**
 * FlagBridge's own evaluations ({@code @FeatureFlag}, {@code RequestFlags}, the OpenFeature provider) of a flag with no
 * targeting rules and no percentage options: its value is the same for every user, so once ConfigCat's client has
 * served it, FlagBridge serves the same result again itself (value, variation ID and fetch time as the client gave
 * them, the caller's user, or the client's default user) and tells its own evaluation hook, as the client would. An
 * evaluation of ConfigCat's client costs more than FlagBridge's whole hook (a future, a settings map copy, a locked
 * hook list, two results); an application's own {@code ConfigCatClient} calls still go through the client.
 * <p>
 * Results are kept per key until the flags change (a new config, a re-read flag file: {@link #forget()}, from the same
 * hooks that tell FlagBridge's other parts), so a change reaches these evaluations when ConfigCat's hooks tell it, a
 * moment after the client serves it. Only where the client's own evaluation would do nothing else:
 * {@link #eligible} lists what turns this off, and an evaluation goes through the client whenever the client has
 * another {@code onFlagEvaluated} hook than FlagBridge's (so that hook sees every evaluation).
 */
public final class StaticResults {

    /** More keys than any config has: past it, results are not kept (never an unbounded map). */
    private static final int MAX_KEYS = 10_000;

    /** What the client served for a flag without rules: the same for every user (with local flags, the time too). */
    private record Served(Object value, String variationId, long fetchTime) {
    }

    /**
     * A result FlagBridge served: the same as the client's, and its reason is known ({@link Reason#STATIC}: the flag
     * has no rules), so that the hook and the OpenFeature provider need not look it up.
     */
    static final class Static extends EvaluationDetails<Object> {
        Static(Object value, String key, String variationId, User user, long fetchTime) {
            super(value, key, variationId, user, false, null, fetchTime, null, null);
        }
    }

    private final ConfigCatClient client;
    private final ConfigCatHooks hooks;
    /** The client's remote config entry (its fetch time changes with each fetch); null for local-only flags. */
    private final AtomicReference<Entry> entry;
    private final Consumer<EvaluationDetails<Object>> hook;
    private final StaticFlags staticFlags;
    private volatile Map<String, Served> served = new ConcurrentHashMap<>();

    /**
     * Whether a client may have its static results served by FlagBridge: not in lazy loading (an evaluation there
     * may fetch), not with ConfigCat logging at {@code info} or {@code debug} (it logs each evaluation), not over an
     * application's {@code ConfigCache} (ConfigCat reads it at evaluations, to see another replica's config), not with
     * a test kit's flags in front (they change without a new config), not when a re-read flag file would go
     * unnoticed, and only when this SDK version lets FlagBridge see the client's hooks ({@link EvaluationReach}).
     *
     * @param sharedCache whether the client has an application's {@code ConfigCache}
     * @param layered whether flags are put in front of the client's own ({@link ClientLayer})
     * @param unwatchedFlagFile whether ConfigCat re-reads a flag file without FlagBridge being told
     */
    public static boolean eligible(ClientSettings settings, boolean sharedCache, boolean layered,
            boolean unwatchedFlagFile) {
        return settings.polling() != ClientSettings.Polling.LAZY && settings.logLevel() != LogLevel.INFO
                && settings.logLevel() != LogLevel.DEBUG && !sharedCache && !layered && !unwatchedFlagFile
                && EvaluationReach.available();
    }

    /**
     * @param hook FlagBridge's {@code onFlagEvaluated} hook on this client; it never throws
     */
    public StaticResults(ConfigCatClient client, Consumer<EvaluationDetails<Object>> hook, StaticFlags staticFlags) {
        this.client = client;
        this.hooks = client.getHooks();
        this.entry = EvaluationReach.configEntry(client);
        this.hook = hook;
        this.staticFlags = staticFlags;
        staticFlags.onForget(this::forget);
    }

    /** The flag's details for the user, as {@code client.getValueDetails} gives them. */
    @SuppressWarnings("unchecked")
    public <T> EvaluationDetails<T> details(Class<T> type, String key, User user, T defaultValue) {
        Map<String, Served> now = served;
        Served known = now.get(key);
        if (known != null && known.value.getClass() == type && EvaluationReach.flagEvaluatedHooks(hooks) == 1) {
            EvaluationDetails<Object> details = new Static(known.value, key, known.variationId,
                    user != null ? user : EvaluationReach.defaultUser(client),
                    entry == null ? known.fetchTime : entry.get().getFetchTime());
            hook.accept(details);
            return (EvaluationDetails<T>) details;
        }
        EvaluationDetails<T> details = client.getValueDetails(type, key, user, defaultValue);
        if (servedToAll(details, type) && now.size() < MAX_KEYS) {
            // Kept in the map read before the evaluation: if the flags changed since, that map is already gone.
            now.put(key, new Served(details.getValue(), details.getVariationId(),
                    details.getFetchTimeUnixMilliseconds()));
        }
        return details;
    }

    private boolean servedToAll(EvaluationDetails<?> details, Class<?> type) {
        return details.getError() == null && !details.isDefaultValue() && details.getValue() != null
                && details.getValue().getClass() == type && details.getMatchedTargetingRule() == null
                && details.getMatchedPercentageOption() == null && details.getFetchTimeUnixMilliseconds() != null
                && staticFlags.isStatic(details.getKey());
    }

    /** The flags changed: results are asked of the client again. */
    public void forget() {
        served = new ConcurrentHashMap<>();
    }
}
