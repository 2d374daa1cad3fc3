package io.flagbridge.internal.client;

import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Logger;

import com.configcat.OverrideBehaviour;

import io.flagbridge.internal.Messages;
import io.flagbridge.internal.config.Overrides;
import io.flagbridge.internal.util.Nearest;

/**
 * Checks the flag keys the application's code names against the flags that exist. With {@code local-only} flags
 * every key is known at deployment, so an unknown one is a deployment problem ({@code FLAGBRIDGE-0018}); otherwise
 * the first config tells, and each unknown key is one warning then ({@code FLAGBRIDGE-0028}).
 */
public final class FlagKeys {

    private static final Logger LOG = Logger.getLogger(FlagKeys.class.getName());

    private final List<FlagUse> uses;
    private final Set<String> localKeys;
    private final AtomicBoolean checked = new AtomicBoolean();

    private FlagKeys(List<FlagUse> uses, Set<String> localKeys) {
        this.uses = uses;
        this.localKeys = localKeys;
    }

    /**
     * The deployment problems of these uses: with {@code local-only} flags that can be read, one per use of a key
     * the flags do not have; none otherwise.
     */
    public static List<String> problems(Optional<Overrides> overrides, Collection<FlagUse> uses) {
        if (overrides.isEmpty() || overrides.get().behaviour() != OverrideBehaviour.LOCAL_ONLY) {
            return List.of();
        }
        Optional<Set<String>> keys = overrides.get().keys();
        if (keys.isEmpty()) {
            return List.of(); // ConfigCat reports an unreadable flag file itself
        }
        return uses.stream().filter(use -> !keys.get().contains(use.key()))
                .map(use -> Messages.flagKeyNotInLocalFlags(use.where(), use.key(), overrides.get().source(),
                        Nearest.to(use.key(), keys.get())))
                .toList();
    }

    /** Checks these uses against the first config that arrives (and the local flags, when they are combined). */
    public static FlagKeys checkingFirstConfig(Optional<Overrides> overrides, Collection<FlagUse> uses) {
        Set<String> local = overrides.flatMap(Overrides::keys).orElse(Set.of());
        return new FlagKeys(List.copyOf(uses), local);
    }

    /** A config arrived with these keys: on the first one, warns once of each use whose key neither has. */
    public void configArrived(Set<String> remoteKeys) {
        if (uses.isEmpty() || !checked.compareAndSet(false, true)) {
            return;
        }
        Set<String> known = new HashSet<>(remoteKeys);
        known.addAll(localKeys);
        for (FlagUse use : uses) {
            if (!known.contains(use.key())) {
                LOG.warning(Messages.flagKeyNotInConfig(use.where(), use.key(), Nearest.to(use.key(), known)));
            }
        }
    }
}
