package io.flagbridge.openfeature.internal;

import java.util.logging.Level;

import dev.openfeature.sdk.OpenFeatureAPI;
import dev.openfeature.sdk.exceptions.FatalError;
import dev.openfeature.sdk.exceptions.OpenFeatureError;
import io.flagbridge.internal.runtime.FlagBridgeRuntime;
import io.flagbridge.internal.users.CurrentUser;
import io.flagbridge.internal.util.AppLog;
import io.flagbridge.openfeature.FlagBridgeProvider;

/**
 * An application's own OpenFeature API ({@code OpenFeatureAPI.createIsolated()}, never the JVM-wide
 * {@code getInstance()}: two applications in one server keep their own providers), whose provider is a
 * {@link FlagBridgeProvider} over the application's FlagBridge runtime: made right after FlagBridge starts, shut down
 * before it stops, whichever kind of extension runs it.
 */
final class IsolatedApi {

    private static final AppLog LOG = AppLog.of(IsolatedApi.class);

    private IsolatedApi() {
    }

    /**
     * @param runtime the application's started runtime
     * @param users where the current user comes from, or null
     */
    static OpenFeatureAPI start(FlagBridgeRuntime runtime, CurrentUser users) {
        FlagBridgeProvider provider = ProviderAccess.provider(runtime, users);
        OpenFeatureAPI isolated = OpenFeatureAPI.createIsolated();
        if (FirstConfig.awaitReady(runtime)) {
            try {
                isolated.setProviderAndWait(provider);
            } catch (FatalError e) {
                // A refused SDK key: FATAL; the client has logged it (FLAGBRIDGE-0500)
            } catch (OpenFeatureError e) {
                // No config data: the provider is in ERROR, and READY follows when a config arrives.
                LOG.warning(e.getMessage());
            }
        } else {
            // The first fetch is still on its way: NOT_READY until it answers (initialize waits on its own thread).
            isolated.setProvider(provider);
        }
        return isolated;
    }

    /** The provider's events end here, before FlagBridge's client closes. */
    static void stop(OpenFeatureAPI api) {
        try {
            api.shutdown();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, OpenFeatureMessages.shutdownFailed(e));
        }
    }
}
