package io.flagbridge.internal.changes;

import java.time.Clock;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Logger;

import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.NotificationOptions;

import com.configcat.Setting;

import io.flagbridge.FlagChanged;
import io.flagbridge.internal.Messages;
import io.flagbridge.internal.config.ChangeSettings;
import io.flagbridge.internal.util.RateLimitedLog;

/**
 * Fires {@link FlagChanged} to sync and async observers (the Segment dispatcher among them): for the client's
 * {@code configChanged} hook (the whole new settings map), one per flag that really changed, none at the first load,
 * none for a re-fetched identical config; and for the webhook's changes. Never throws into the hook.
 */
public final class ChangeEvents {

    private static final Logger LOG = Logger.getLogger(ChangeEvents.class.getName());

    private final Event<FlagChanged> event;
    private final NotificationOptions async;
    private final ChangeSettings settings;
    private final Clock clock;
    private final AtomicReference<Map<String, Setting>> previous = new AtomicReference<>();
    private final RateLimitedLog failure = new RateLimitedLog(LOG, 1, TimeUnit.MINUTES);

    public ChangeEvents(Event<FlagChanged> event, Executor executor, ChangeSettings settings, Clock clock) {
        this.event = event;
        this.async = NotificationOptions.ofExecutor(executor);
        this.settings = settings;
        this.clock = clock;
    }

    /** The {@code configChanged} hook. */
    public void configChanged(Map<String, Setting> settingsMap) {
        try {
            Map<String, Setting> before = previous.getAndSet(settingsMap);
            for (SettingsDiff.Change change : SettingsDiff.between(before, settingsMap)) {
                fire(new FlagChanged(change.key(), change.kind(), FlagChanged.Source.SDK, change.details(),
                        clock.instant(), settings.configId().orElse(null), settings.configName().orElse(null),
                        settings.environmentId().orElse(null), settings.environmentName().orElse(null), null, null,
                        null, null));
            }
        } catch (RuntimeException | LinkageError e) {
            failure.warn(() -> Messages.changeNotReported(e));
        }
    }

    /** Fires one change to both kinds of observers. */
    public void fire(FlagChanged changed) {
        event.fire(changed);
        event.fireAsync(changed, async);
    }
}
