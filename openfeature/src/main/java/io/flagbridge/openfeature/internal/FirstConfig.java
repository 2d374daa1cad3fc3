package io.flagbridge.openfeature.internal;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import com.configcat.OverrideBehaviour;

import io.flagbridge.internal.client.ClientState;
import io.flagbridge.internal.config.ClientSettings;
import io.flagbridge.internal.config.Overrides;
import io.flagbridge.internal.runtime.FlagBridgeRuntime;

/**
 * Whether the client's first config is settled: it has config data, or a fetch failed (the CDN refused the key
 * included), or nothing is fetching one (lazy and manual polling, offline, local-only flags). Until then the
 * provider is {@code NOT_READY}: in auto polling the first fetch is still on its way after
 * {@code configcat.max-init-wait}.
 */
public final class FirstConfig {

    /** ConfigCat's own wait is {@code configcat.max-init-wait}; this only bounds a client that never tells. */
    private static final long READY_BOUND_SECONDS = 60;

    private FirstConfig() {
    }

    /** Whether the client fetches its first config by itself, right at its start. */
    public static boolean fetchesAtStart(ClientSettings client) {
        boolean localOnly = client.overrides().map(Overrides::behaviour)
                .filter(behaviour -> behaviour == OverrideBehaviour.LOCAL_ONLY).isPresent();
        return client.polling() == ClientSettings.Polling.AUTO && !client.offline() && !localOnly;
    }

    public static boolean settled(ClientState.Snapshot snapshot, boolean fetchesAtStart) {
        return snapshot.hasData() || snapshot.lastError().isPresent() || !fetchesAtStart;
    }

    /**
     * Waits for ConfigCat's own first ready (its first fetch, or {@code configcat.max-init-wait} in auto polling).
     *
     * @return whether the first config is settled then
     */
    public static boolean awaitReady(FlagBridgeRuntime runtime) {
        try {
            runtime.client().waitForReadyAsync().get(READY_BOUND_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // not settled: the provider's state says so
        }
        return settled(runtime.state().snapshot(), fetchesAtStart(runtime.settings().client()));
    }
}
