package io.flagbridge.internal.client;

import java.util.List;

/**
 * The flag keys that the application's code names, as a bean (the {@code @FeatureFlag} interceptor's module
 * registers one): FlagBridge checks them against the flags when the application starts.
 */
public interface DeclaredFlags {

    /** The uses, each key once per place that names it. */
    List<FlagUse> flagUses();
}
