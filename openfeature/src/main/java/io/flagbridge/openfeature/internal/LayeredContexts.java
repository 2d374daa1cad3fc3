package io.flagbridge.openfeature.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.List;

import dev.openfeature.sdk.EvaluationContext;
import dev.openfeature.sdk.LayeredEvaluationContext;

/**
 * The SDK's client hands a provider a new {@code LayeredEvaluationContext} on each evaluation (API, transaction,
 * client and invocation contexts, and hooks' ones), whose merged view costs a map per evaluation. When only the
 * invocation context has anything, that context alone is the same view: this reads the SDK's private fields (1.22) to
 * find it, and falls back to the layered context when they are not there.
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
        List<?> hooks = (List<?>) HOOKS.get(layered);
        if (hooks != null && !hooks.isEmpty()) {
            return context;
        }
        EvaluationContext invocation = (EvaluationContext) INVOCATION.get(layered);
        return invocation != null ? invocation : context;
    }

    private static boolean empty(EvaluationContext layer) {
        return layer == null || layer.isEmpty();
    }

    /** Whether the SDK's fields were found (tested, so that an SDK upgrade that renames them is noticed). */
    static boolean available() {
        return INVOCATION != null;
    }
}
