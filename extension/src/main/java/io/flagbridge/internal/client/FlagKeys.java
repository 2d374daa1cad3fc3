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
 * Checks the flag keys the application's code names, and those of {@code segment.exposure-flags}, against the flags
 * that exist. With {@code local-only} flags every key is known at deployment, so an unknown one is a deployment
 * problem ({@code FLAGBRIDGE-0018}, {@code 0410}); otherwise the first config tells, and each unknown key is one
 * warning then ({@code FLAGBRIDGE-0028}, {@code 0411}).
 */
public final class FlagKeys {

    private static final Logger LOG = Logger.getLogger(FlagKeys.class.getName());

    private final List<FlagUse> uses;
    private final Set<String> exposureFlags;
    private final Set<String> localKeys;
    private final AtomicBoolean checked = new AtomicBoolean();

    private FlagKeys(List<FlagUse> uses, Set<String> exposureFlags, Set<String> localKeys) {
        this.uses = uses;
        this.exposureFlags = exposureFlags;
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

    /**
     * The deployment problems of {@code segment.exposure-flags}: with {@code local-only} flags that can be read, one
     * per key the flags do not have; none otherwise.
     */
    public static List<String> exposureFlagProblems(Optional<Overrides> overrides, Collection<String> exposureFlags) {
        if (overrides.isEmpty() || overrides.get().behaviour() != OverrideBehaviour.LOCAL_ONLY) {
            return List.of();
        }
        Optional<Set<String>> keys = overrides.get().keys();
        if (keys.isEmpty()) {
            return List.of();
        }
        return exposureFlags.stream().sorted().filter(key -> !keys.get().contains(key))
                .map(key -> Messages.exposureFlagNotInLocalFlags(key, overrides.get().source(),
                        Nearest.to(key, keys.get())))
                .toList();
    }

    /** Checks these uses against the first config that arrives (and the local flags, when they are combined). */
    public static FlagKeys checkingFirstConfig(Optional<Overrides> overrides, Collection<FlagUse> uses) {
        return checkingFirstConfig(overrides, uses, Set.of());
    }

    /** Checks these uses and {@code segment.exposure-flags}' keys against the first config that arrives. */
    public static FlagKeys checkingFirstConfig(Optional<Overrides> overrides, Collection<FlagUse> uses,
            Collection<String> exposureFlags) {
        Set<String> local = overrides.flatMap(Overrides::keys).orElse(Set.of());
        return new FlagKeys(List.copyOf(uses), Set.copyOf(exposureFlags), local);
    }

    /** A config arrived with these keys: on the first one, warns once of each key that neither has. */
    public void configArrived(Set<String> remoteKeys) {
        if ((uses.isEmpty() && exposureFlags.isEmpty()) || !checked.compareAndSet(false, true)) {
            return;
        }
        Set<String> known = new HashSet<>(remoteKeys);
        known.addAll(localKeys);
        for (FlagUse use : uses) {
            if (!known.contains(use.key())) {
                LOG.warning(Messages.flagKeyNotInConfig(use.where(), use.key(), Nearest.to(use.key(), known)));
            }
        }
        exposureFlags.stream().sorted().filter(key -> !known.contains(key))
                .forEach(key -> LOG.warning(Messages.exposureFlagNotInConfig(key, Nearest.to(key, known))));
    }
}
