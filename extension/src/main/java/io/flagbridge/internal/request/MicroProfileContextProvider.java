package io.flagbridge.internal.request;

import java.util.Map;

import org.eclipse.microprofile.context.spi.ThreadContextController;
import org.eclipse.microprofile.context.spi.ThreadContextProvider;
import org.eclipse.microprofile.context.spi.ThreadContextSnapshot;

/**
 * FlagBridge's context (type {@value ContextType#NAME}) for MicroProfile Context Propagation: a {@code ManagedExecutor}
 * or {@code ThreadContext} runs a task with the request's user and fixed values of the thread that submitted it.
 * Found through {@code META-INF/services} by a server that has Context Propagation; never loaded elsewhere.
 */
public final class MicroProfileContextProvider implements ThreadContextProvider {

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
            return (ThreadContextController) restore::run;
        };
    }
}
