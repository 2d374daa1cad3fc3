package io.flagbridge.internal.client;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

import com.configcat.OverrideBehaviour;
import com.configcat.Setting;
import com.configcat.SettingType;

import io.flagbridge.internal.Messages;
import io.flagbridge.internal.config.Overrides;
import io.flagbridge.internal.util.AppLog;
import io.flagbridge.internal.util.Nearest;

/**
 * Checks the flag keys the application's code names against the flags that exist, and their types against what the
 * code does with them. With {@code local-only} flags every key and type is known at deployment, so an unknown key
 * ({@code FLAGBRIDGE-0018}) or a gate on a flag that is not a boolean ({@code FLAGBRIDGE-0019}) is a deployment
 * problem; otherwise the first config tells, and each is one warning then ({@code FLAGBRIDGE-0028},
 * {@code FLAGBRIDGE-0403}).
 */
public final class FlagKeys {

    private static final AppLog LOG = AppLog.of(FlagKeys.class);

    private final List<FlagUse> uses;
    private final Map<String, SettingType> local;
    private final boolean localWins;
    private final AtomicBoolean checked = new AtomicBoolean();

    private FlagKeys(List<FlagUse> uses, Map<String, SettingType> local, boolean localWins) {
        this.uses = uses;
        this.local = local;
        this.localWins = localWins;
    }

    /**
     * The deployment problems of these uses: with {@code local-only} flags that can be read, one per use of a key
     * the flags do not have and one per use of a flag whose type the use cannot take; none otherwise.
     */
    public static List<String> problems(Optional<Overrides> overrides, Collection<FlagUse> uses) {
        if (overrides.isEmpty() || overrides.get().behaviour() != OverrideBehaviour.LOCAL_ONLY) {
            return List.of();
        }
        Optional<Map<String, SettingType>> types = overrides.get().types();
        if (types.isEmpty()) {
            return List.of(); // ConfigCat reports an unreadable flag file itself
        }
        List<String> problems = new ArrayList<>();
        for (FlagUse use : uses) {
            SettingType type = types.get().get(use.key());
            if (type == null) {
                problems.add(Messages.flagKeyNotInLocalFlags(use.where(), use.key(), overrides.get().source(),
                        Nearest.to(use.key(), types.get().keySet())));
            } else if (!use.kind().accepts(type)) {
                problems.add(Messages.gateOnLocalFlagOfType(use.where(), use.key(), typeName(type),
                        overrides.get().source()));
            }
        }
        return problems;
    }

    /** Checks these uses against the first config that arrives (and the local flags, when they are combined). */
    public static FlagKeys checkingFirstConfig(Optional<Overrides> overrides, Collection<FlagUse> uses) {
        Map<String, SettingType> local = overrides.flatMap(Overrides::types).orElse(Map.of());
        boolean localWins = overrides.map(Overrides::behaviour).orElse(null) != OverrideBehaviour.REMOTE_OVER_LOCAL;
        return new FlagKeys(List.copyOf(uses), local, localWins);
    }

    /**
     * A config arrived with these settings: on the first one, warns once of each use whose key neither it nor the
     * local flags have, and of each use of a flag whose type the use cannot take.
     */
    public void configArrived(Map<String, Setting> remote) {
        if (uses.isEmpty() || !checked.compareAndSet(false, true)) {
            return;
        }
        Map<String, SettingType> served = new HashMap<>();
        remote.forEach((key, setting) -> {
            if (setting != null && setting.getType() != null) {
                served.put(key, setting.getType());
            }
        });
        local.forEach((key, type) -> {
            if (localWins || !served.containsKey(key)) {
                served.put(key, type);
            }
        });
        for (FlagUse use : uses) {
            SettingType type = served.get(use.key());
            if (type == null) {
                LOG.warning(Messages.flagKeyNotInConfig(use.where(), use.key(), Nearest.to(use.key(),
                        served.keySet())));
            } else if (!use.kind().accepts(type)) {
                LOG.warning(Messages.gateOnFlagOfType(use.where(), use.key(), typeName(type)));
            }
        }
    }

    /** A setting type as the documentation names it. */
    static String typeName(SettingType type) {
        return switch (type) {
            case BOOLEAN -> "boolean";
            case STRING -> "text";
            case INT -> "whole number";
            case DOUBLE -> "decimal number";
        };
    }
}
