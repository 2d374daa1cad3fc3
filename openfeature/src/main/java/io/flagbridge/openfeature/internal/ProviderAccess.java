package io.flagbridge.openfeature.internal;

import java.util.function.BiFunction;

import io.flagbridge.internal.runtime.FlagBridgeRuntime;
import io.flagbridge.internal.users.CurrentUser;
import io.flagbridge.openfeature.FlagBridgeProvider;

/**
 * How FlagBridge builds its provider without a public constructor that takes internal types: the provider's class
 * hands its constructor over here when it is initialised (the JDK's "shared secrets" pattern).
 */
public final class ProviderAccess {

    private static volatile BiFunction<FlagBridgeRuntime, CurrentUser, FlagBridgeProvider> constructor;

    private ProviderAccess() {
    }

    /** Called once, by {@code FlagBridgeProvider}'s static initialiser. */
    public static synchronized void constructor(BiFunction<FlagBridgeRuntime, CurrentUser, FlagBridgeProvider> made) {
        if (constructor == null) {
            constructor = made;
        }
    }

    /** The provider of an application's started runtime and its current user (or null). */
    static FlagBridgeProvider provider(FlagBridgeRuntime runtime, CurrentUser current) {
        if (constructor == null) {
            try {
                Class.forName(FlagBridgeProvider.class.getName(), true, FlagBridgeProvider.class.getClassLoader());
            } catch (ClassNotFoundException e) {
                throw new IllegalStateException(e);
            }
        }
        return constructor.apply(runtime, current);
    }
}
