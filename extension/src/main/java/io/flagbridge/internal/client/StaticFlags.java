package io.flagbridge.internal.client;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import com.configcat.ConfigCatClient;
import com.configcat.EvaluationDetails;
import com.configcat.OverrideBehaviour;
import com.configcat.Setting;

import io.flagbridge.FlagEvaluated;
import io.flagbridge.internal.sdk.FlagSources;

/**
 * Which flags are static: a setting without targeting rules and percentage options serves its own value to everyone
 * (reason {@code STATIC} in OpenFeature and OpenTelemetry), one with some that did not decide serves it by default
 * ({@code DEFAULT}). ConfigCat's evaluation details do not say which; this reads the setting the client serves (the
 * last remote config and the client's local flags by their override behaviour, a test kit's overrides included),
 * once per key until the flags change, so that an evaluation costs one map look-up. It decides every evaluation's
 * {@link Reason} and knows which keys the client serves.
 */
public final class StaticFlags {

    /** More keys than any config has: past it, answers are not remembered (never an unbounded map). */
    private static final int MAX_KEYS = 10_000;
    /** Answers kept in {@link #recent}, a power of two. */
    private static final int RECENT = 64;

    private volatile Map<String, Setting> remote = Map.of();
    private volatile ConfigCatClient client;

    /** An answer of {@link #isStatic}; immutable, so a racy read sees a whole one. */
    private record Answer(String key, boolean isStatic) {
    }

    private volatile Map<String, Boolean> known = new ConcurrentHashMap<>();
    /**
     * The answers asked last, by the key's hash: one array read and a compare (usually the same string) instead of a
     * map look-up per evaluation; replaced with {@link #known} (an answer put into a replaced one is lost, never
     * stale).
     */
    private volatile Answer[] recent = new Answer[RECENT];
    private final List<Runnable> forgetting = new CopyOnWriteArrayList<>();

    /** Why the evaluation served its value. */
    public Reason reason(EvaluationDetails<?> details) {
        if (details instanceof StaticResults.Static) {
            return Reason.STATIC; // FlagBridge served it: the flag has no rules
        }
        return reason(details.getKey(), details.getError(), details.isDefaultValue(),
                details.getMatchedPercentageOption(), details.getMatchedTargetingRule());
    }

    /** Why the evaluation served its value (on another thread than the evaluation's, for example the event thread). */
    public Reason reason(FlagEvaluated evaluated) {
        return reason(evaluated.key(), evaluated.error(), evaluated.defaultValue(), evaluated.matchedPercentage(),
                evaluated.matchedRule());
    }

    private Reason reason(String key, String error, boolean defaultValue, Object percentage, Object rule) {
        if (error != null) {
            return Reason.ERROR;
        }
        if (defaultValue) {
            return Reason.DEFAULT;
        }
        Reason decided = Reason.decided(percentage, rule);
        if (decided != null) {
            return decided;
        }
        return isStatic(key) ? Reason.STATIC : Reason.DEFAULT;
    }

    /**
     * @param key the flag key of an evaluation that no targeting rule or percentage option decided
     * @return whether the setting has no targeting rules and no percentage options
     */
    boolean isStatic(String key) {
        Answer[] answers = recent;
        int index = key.hashCode() & (RECENT - 1);
        Answer last = answers[index];
        if (last != null && (last.key == key || last.key.equals(key))) {
            return last.isStatic;
        }
        Map<String, Boolean> now = known;
        Boolean answer = now.get(key);
        if (answer != null) {
            answers[index] = new Answer(key, answer);
            return answer;
        }
        Setting setting = served(key);
        if (setting == null) {
            return true; // no setting, no rule (not remembered: a config may bring it)
        }
        boolean isStatic = empty(setting.getTargetingRules()) && empty(setting.getPercentageOptions());
        if (now.size() < MAX_KEYS) {
            now.put(key, isStatic);
        }
        return isStatic;
    }

    private static boolean empty(Object[] items) {
        return items == null || items.length == 0;
    }

    /** The keys of the flags the client serves, as ConfigCat merges local and remote flags (the inventory's config). */
    public Set<String> keys() {
        Map<String, Setting> fromRemote = remote;
        ConfigCatClient current = client;
        Optional<FlagSources.FlagSource> local = current == null ? Optional.empty() : FlagSources.of(current);
        if (local.isEmpty()) {
            return Set.copyOf(fromRemote.keySet());
        }
        Set<String> keys = new HashSet<>(local.get().settings().keySet());
        if (local.get().behaviour() != OverrideBehaviour.LOCAL_ONLY) {
            keys.addAll(fromRemote.keySet());
        }
        return keys;
    }

    /** The setting the client serves for the key, as ConfigCat merges local and remote flags. */
    private Setting served(String key) {
        Setting fromRemote = remote.get(key);
        ConfigCatClient current = client;
        Optional<FlagSources.FlagSource> local = current == null ? Optional.empty() : FlagSources.of(current);
        if (local.isEmpty()) {
            return fromRemote;
        }
        Setting fromLocal = local.get().settings().get(key);
        OverrideBehaviour behaviour = local.get().behaviour();
        if (behaviour == OverrideBehaviour.LOCAL_ONLY) {
            return fromLocal;
        }
        if (behaviour == OverrideBehaviour.LOCAL_OVER_REMOTE) {
            return fromLocal != null ? fromLocal : fromRemote;
        }
        return fromRemote != null ? fromRemote : fromLocal;
    }

    /** The client whose local flags count (from its start on). */
    public void client(ConfigCatClient opened) {
        this.client = opened;
        forget();
    }

    /** A new remote config (ConfigCat's {@code configChanged} hook). */
    public void remote(Map<String, Setting> settings) {
        this.remote = settings == null ? Map.of() : settings;
        forget();
    }

    /** The flags changed (a re-read flag file): answers are read again, and {@link #onForget} listeners told. */
    public void forget() {
        known = new ConcurrentHashMap<>();
        recent = new Answer[RECENT];
        forgetting.forEach(Runnable::run);
    }

    /** Tells the listener whenever the flags change (on the thread that tells it here); it must not throw. */
    public void onForget(Runnable listener) {
        forgetting.add(listener);
    }
}
