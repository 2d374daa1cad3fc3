package io.flagbridge.internal.client;

import java.util.Map;
import java.util.function.Consumer;

import com.configcat.ConfigCatHooks;
import com.configcat.EvaluationDetails;
import com.configcat.Setting;

import io.flagbridge.internal.Messages;
import io.flagbridge.internal.sdk.ConfigCatLogs;
import io.flagbridge.internal.util.AppLog;

/**
 * The hooks FlagBridge hangs on its client. They are registered inside the options callback of
 * {@code ConfigCatClient.get}, so they see the very first fetch and evaluation. A hook that throws makes ConfigCat
 * serve the default value, so nothing here may throw.
 */
public final class ClientHooks {

    private static final AppLog LOG = AppLog.named(ClientLog.LOGGER_NAME);

    private final Consumer<EvaluationDetails<Object>> evaluationListener;
    private final Consumer<Map<String, Setting>> configListener;
    private final ClientState state;

    /**
     * @param evaluationListener gets every evaluation; it must not throw
     * @param configListener gets every new config's settings; it must not throw
     * @param state told when the client is ready, gets a config or meets an error
     */
    public ClientHooks(Consumer<EvaluationDetails<Object>> evaluationListener,
            Consumer<Map<String, Setting>> configListener, ClientState state) {
        this.evaluationListener = evaluationListener;
        this.configListener = configListener;
        this.state = state;
    }

    void registerOn(ConfigCatHooks hooks) {
        hooks.addOnFlagEvaluated(evaluationListener); // no wrapper: it runs in every evaluation
        hooks.addOnConfigChanged(this::configChanged);
        hooks.addOnClientReady(state::ready);
    }

    /**
     * A fetch error, as {@link ClientLog} tells it (not the SDK's onError hook, which tells evaluation errors too).
     * A refused SDK key without config data is logged once, coded: ConfigCat itself then reports an empty config as
     * up to date.
     *
     * @param maskedKey the SDK key as FlagBridge shows it (its last four characters)
     */
    void fetchFailed(int eventId, String line, String maskedKey) {
        if (state.error(line, eventId == ConfigCatLogs.SDK_KEY_REFUSED)) {
            LOG.severe(Messages.sdkKeyRefused(maskedKey));
        }
    }

    private void configChanged(Map<String, Setting> settings) {
        state.configChanged();
        configListener.accept(settings);
    }
}
