package io.flagbridge.internal.request;

import java.util.Map;

import jakarta.enterprise.concurrent.spi.ThreadContextProvider;
import jakarta.enterprise.concurrent.spi.ThreadContextRestorer;
import jakarta.enterprise.concurrent.spi.ThreadContextSnapshot;

/**
 * FlagBridge's context (type {@value ContextType#NAME}) for Jakarta Concurrency 3: a {@code ManagedExecutorService},
 * {@code ContextService} or {@code @Asynchronous} method whose context service propagates it runs a task with the
 * request's user and fixed values of the thread that submitted it. Found through {@code META-INF/services} by a
 * server that loads third-party context providers; never loaded elsewhere.
 */
public final class ConcurrencyContextProvider implements ThreadContextProvider {

    @Override
    public ThreadContextSnapshot currentContext(Map<String, String> props) {
        return snapshot(Requests.capture());
    }

    @Override
    public ThreadContextSnapshot clearedContext(Map<String, String> props) {
        return snapshot(Requests.Handover.NONE);
    }

    @Override
    public String getThreadContextType() {
        return ContextType.NAME;
    }

    private static ThreadContextSnapshot snapshot(Requests.Handover handover) {
        return () -> {
            Runnable restore = handover.begin();
            return (ThreadContextRestorer) restore::run;
        };
    }
}
