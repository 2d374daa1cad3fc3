package io.flagbridge.it.request;

import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

import org.eclipse.microprofile.context.ManagedExecutor;
import org.eclipse.microprofile.context.ThreadContext;

/** MicroProfile Context Propagation's executors; loaded only where the server has the API. */
public final class MicroProfileExecutors {

    private MicroProfileExecutors() {
    }

    static boolean available() {
        try {
            Class.forName("org.eclipse.microprofile.context.ManagedExecutor", false,
                    Thread.currentThread().getContextClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    /** An executor that propagates every context (the default). */
    static CompletableFuture<String> allContexts(Supplier<String> work) {
        ManagedExecutor executor = ManagedExecutor.builder().maxAsync(1).build();
        return executor.supplyAsync(work).whenComplete((result, failure) -> executor.shutdown());
    }

    /** An executor that propagates FlagBridge's context and the application's, and clears the others (CDI too). */
    static CompletableFuture<String> flagBridgeOnly(Supplier<String> work) {
        ManagedExecutor executor = ManagedExecutor.builder().maxAsync(1)
                .propagated("FlagBridge", ThreadContext.APPLICATION).cleared(ThreadContext.ALL_REMAINING).build();
        return executor.supplyAsync(work).whenComplete((result, failure) -> executor.shutdown());
    }
}
