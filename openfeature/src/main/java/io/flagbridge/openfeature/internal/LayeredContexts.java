package io.flagbridge.openfeature.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.List;

import dev.openfeature.sdk.EvaluationContext;
import dev.openfeature.sdk.ImmutableContext;
import dev.openfeature.sdk.LayeredEvaluationContext;

/**
 * The SDK's client hands a provider a new {@code LayeredEvaluationContext} on each evaluation (API, transaction,
 * client and invocation contexts, and hooks' ones), whose merged view costs a map per evaluation. When only the
 * invocation context has anything, that context alone is the same view; when other layers have something and each
 * is an {@code ImmutableContext}, the same layers are the same view. This reads the SDK's private fields (1.22) to
 * find them, and falls back to the layered context when they are not there.
 */
final class LayeredContexts {

    // Each handle in its own static final field: the JIT folds a constant handle into a plain field load; a handle
    // read from an array is not a constant and costs a generic access (checks and a lambda form) per read.
    private static final VarHandle API;
    private static final VarHandle TRANSACTION;
    private static final VarHandle CLIENT;
    private static final VarHandle INVOCATION;
    private static final VarHandle HOOKS;

    static {
        VarHandle api = null;
        VarHandle transaction = null;
        VarHandle client = null;
        VarHandle invocation = null;
        VarHandle hooks = null;
        try {
            MethodHandles.Lookup lookup = MethodHandles.privateLookupIn(LayeredEvaluationContext.class,
                    MethodHandles.lookup());
            api = lookup.findVarHandle(LayeredEvaluationContext.class, "apiContext", EvaluationContext.class);
            transaction = lookup.findVarHandle(LayeredEvaluationContext.class, "transactionContext",
                    EvaluationContext.class);
            client = lookup.findVarHandle(LayeredEvaluationContext.class, "clientContext", EvaluationContext.class);
            invocation = lookup.findVarHandle(LayeredEvaluationContext.class, "invocationContext",
                    EvaluationContext.class);
            hooks = lookup.findVarHandle(LayeredEvaluationContext.class, "hookContexts", java.util.ArrayList.class);
        } catch (ReflectiveOperationException | RuntimeException e) {
            invocation = null; // another SDK version: the layered context is used as it is
        }
        API = api;
        TRANSACTION = transaction;
        CLIENT = client;
        INVOCATION = invocation;
        HOOKS = hooks;
    }

    private LayeredContexts() {
    }

    /** The invocation context when it is the only non-empty layer, else the context itself. */
    static EvaluationContext unwrap(EvaluationContext context) {
        if (INVOCATION == null || !(context instanceof LayeredEvaluationContext layered)) {
            return context;
        }
        if (!empty((EvaluationContext) API.get(layered)) || !empty((EvaluationContext) TRANSACTION.get(layered))
                || !empty((EvaluationContext) CLIENT.get(layered))) {
            return context;
        }
        if (hasHookLayers(layered)) {
            return context;
        }
        EvaluationContext invocation = (EvaluationContext) INVOCATION.get(layered);
        return invocation != null ? invocation : context;
    }

    /**
     * The API, transaction, client and invocation layers of a layered context, when no hook added a layer and each is
     * absent or an {@code ImmutableContext} (whose key and attributes are copies: the same layers are the same merged
     * view); else null.
     */
    static EvaluationContext[] immutableLayers(EvaluationContext context) {
        if (INVOCATION == null || !(context instanceof LayeredEvaluationContext layered) || hasHookLayers(layered)) {
            return null;
        }
        EvaluationContext[] layers = { (EvaluationContext) API.get(layered),
                (EvaluationContext) TRANSACTION.get(layered), (EvaluationContext) CLIENT.get(layered),
                (EvaluationContext) INVOCATION.get(layered) };
        for (EvaluationContext layer : layers) {
            if (layer != null && !(layer instanceof ImmutableContext)) {
                return null;
            }
        }
        return layers;
    }

    /** Whether the context is a layered one without hook layers whose layers are these ({@link #immutableLayers}). */
    static boolean hasLayers(EvaluationContext context, EvaluationContext[] layers) {
        return INVOCATION != null && context instanceof LayeredEvaluationContext layered
                && INVOCATION.get(layered) == layers[3] && CLIENT.get(layered) == layers[2]
                && TRANSACTION.get(layered) == layers[1] && API.get(layered) == layers[0] && !hasHookLayers(layered);
    }

    private static boolean hasHookLayers(LayeredEvaluationContext layered) {
        List<?> hooks = (List<?>) HOOKS.get(layered);
        return hooks != null && !hooks.isEmpty();
    }

    private static boolean empty(EvaluationContext layer) {
        return layer == null || layer.isEmpty();
    }

    /** Whether the SDK's fields were found (tested, so that an SDK upgrade that renames them is noticed). */
    static boolean available() {
        return INVOCATION != null;
    }
}
