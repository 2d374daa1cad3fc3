package io.flagbridge.interceptor.internal;

import java.lang.reflect.Method;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import io.flagbridge.internal.client.DeclaredFlags;
import io.flagbridge.internal.client.FlagUse;

/**
 * The {@code @FeatureFlag} methods of an application, read and checked once, at deployment: a bean of the
 * application, which the interceptors' {@link FeatureFlagGate} reads and FlagBridge checks the keys of when it starts.
 */
public final class GatedMethods implements DeclaredFlags {

    private final Map<Class<?>, Map<Method, FlagMethod>> methods;
    private final List<FlagUse> uses;

    /** @param methods the gated methods of each bean class that has some */
    GatedMethods(Map<Class<?>, Map<Method, FlagMethod>> methods) {
        this.methods = Map.copyOf(methods);
        this.uses = methods.values().stream().flatMap(gated -> gated.values().stream())
                .map(method -> new FlagUse(method.key(), FlagUse.Kind.GATE, "@FeatureFlag on " + method.description()
                        + method.keyOrigin()))
                .distinct()
                .sorted(Comparator.comparing(FlagUse::where)).toList();
    }

    /** The gated methods of a bean class; empty when it has none. */
    Map<Method, FlagMethod> of(Class<?> beanClass) {
        return methods.getOrDefault(beanClass, Map.of());
    }

    @Override
    public List<FlagUse> flagUses() {
        return uses;
    }
}
