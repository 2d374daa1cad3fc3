package io.flagbridge.openfeature.internal;

import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.Shutdown;
import jakarta.enterprise.event.Startup;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import jakarta.interceptor.Interceptor;

import dev.openfeature.sdk.Client;
import dev.openfeature.sdk.OpenFeatureAPI;
import io.flagbridge.internal.runtime.FlagBridgeLifecycle;

/**
 * The application's OpenFeature API where {@link OpenFeatureBuildExtension} runs (Quarkus): made right after
 * FlagBridge starts (on {@code Startup}, or at the first use of its beans if that comes earlier), shut down on
 * {@code Shutdown} before FlagBridge stops; it produces the {@code OpenFeatureAPI} and {@code Client} beans.
 */
@Singleton
public class OpenFeatureLifecycle {

    /** Right after FlagBridge's own start ({@code PLATFORM_BEFORE}), before the application's observers. */
    static final int START = Interceptor.Priority.PLATFORM_BEFORE + 10;
    /** After the application's own observers, before FlagBridge's stop ({@code PLATFORM_AFTER + 500}). */
    static final int STOP = Interceptor.Priority.PLATFORM_AFTER + 400;

    private final FlagBridgeLifecycle flagBridge;
    private volatile OpenFeatureAPI api;
    private boolean stopped;

    @Inject
    public OpenFeatureLifecycle(FlagBridgeLifecycle flagBridge) {
        this.flagBridge = flagBridge;
    }

    public void start(@Observes @Priority(START) Startup startup) {
        api();
    }

    @Produces
    @Singleton
    public OpenFeatureAPI api() {
        OpenFeatureAPI current = api;
        if (current != null) {
            return current;
        }
        synchronized (this) {
            if (api == null) {
                if (stopped) {
                    throw new IllegalStateException(OpenFeatureMessages.notStarted());
                }
                api = IsolatedApi.start(flagBridge.runtime(), flagBridge.currentUser());
            }
            return api;
        }
    }

    @Produces
    @Singleton
    public Client client() {
        return api().getClient(OpenFeatureExtension.CLIENT_DOMAIN);
    }

    public void stop(@Observes @Priority(STOP) Shutdown shutdown) {
        OpenFeatureAPI current;
        synchronized (this) {
            stopped = true;
            current = api;
        }
        if (current != null) {
            IsolatedApi.stop(current);
        }
    }
}
