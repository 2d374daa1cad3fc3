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

    private static final VarHandle[] OUTER = new VarHandle[3];
    private static final VarHandle INVOCATION;
    private static final VarHandle HOOKS;

    static {
        VarHandle invocation = null;
        VarHandle hooks = null;
        try {
            MethodHandles.Lookup lookup = MethodHandles.privateLookupIn(LayeredEvaluationContext.class,
                    MethodHandles.lookup());
            OUTER[0] = lookup.findVarHandle(LayeredEvaluationContext.class, "apiContext", EvaluationContext.class);
            OUTER[1] = lookup.findVarHandle(LayeredEvaluationContext.class, "transactionContext",
                    EvaluationContext.class);
            OUTER[2] = lookup.findVarHandle(LayeredEvaluationContext.class, "clientContext", EvaluationContext.class);
            invocation = lookup.findVarHandle(LayeredEvaluationContext.class, "invocationContext",
                    EvaluationContext.class);
            hooks = lookup.findVarHandle(LayeredEvaluationContext.class, "hookContexts", java.util.ArrayList.class);
        } catch (ReflectiveOperationException | RuntimeException e) {
            invocation = null; // another SDK version: the layered context is used as it is
        }
        INVOCATION = invocation;
        HOOKS = hooks;
    }

    private LayeredContexts() {
    }

    /** The invocation context when it is the only non-empty layer, else the context itself. */
    static EvaluationContext unwrap(EvaluationContext context) {
        if (INVOCATION == null || !(context instanceof LayeredEvaluationContext)) {
            return context;
        }
        for (VarHandle outer : OUTER) {
            EvaluationContext layer = (EvaluationContext) outer.get(context);
            if (layer != null && !layer.isEmpty()) {
                return context;
            }
        }
        List<?> hooks = (List<?>) HOOKS.get(context);
        if (hooks != null && !hooks.isEmpty()) {
            return context;
        }
        EvaluationContext invocation = (EvaluationContext) INVOCATION.get(context);
        return invocation != null ? invocation : context;
    }

    /** Whether the SDK's fields were found (tested, so that an SDK upgrade that renames them is noticed). */
    static boolean available() {
        return INVOCATION != null;
    }
}
