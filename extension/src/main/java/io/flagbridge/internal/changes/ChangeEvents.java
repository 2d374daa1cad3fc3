package io.flagbridge.internal.changes;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.logging.Logger;

import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.NotificationOptions;

import com.configcat.Setting;

import io.flagbridge.FlagChanged;
import io.flagbridge.internal.config.ChangeSettings;
import io.flagbridge.internal.events.RateLimitedLog;

/**
 * Turns the client's {@code configChanged} hook (the whole new settings map) into one {@link FlagChanged} per flag
 * that really changed, and fires it to sync and async observers. None at the first load, none for a re-fetched
 * identical config. Never throws into the hook.
 */
public final class ChangeEvents {

    private static final Logger LOG = Logger.getLogger(ChangeEvents.class.getName());

    private final Event<FlagChanged> event;
    private final NotificationOptions async;
    private final ChangeSettings settings;
    private final Consumer<FlagChanged> segment;
    private final Clock clock;
    private final AtomicReference<Map<String, Setting>> previous = new AtomicReference<>();
    private final RateLimitedLog failure = new RateLimitedLog(LOG, 1, TimeUnit.MINUTES);

    /**
     * @param segment gets each SDK-detected change when Segment's "Feature Flag Changed" comes from the SDK
     */
    public ChangeEvents(Event<FlagChanged> event, Executor executor, ChangeSettings settings,
            Consumer<FlagChanged> segment, Clock clock) {
        this.event = event;
        this.async = NotificationOptions.ofExecutor(executor);
        this.settings = settings;
        this.segment = segment;
        this.clock = clock;
    }

    /** The {@code configChanged} hook. */
    public void configChanged(Map<String, Setting> settingsMap) {
        try {
            Map<String, Setting> before = previous.getAndSet(settingsMap);
            List<SettingsDiff.Change> changes = SettingsDiff.between(before, settingsMap);
            for (SettingsDiff.Change change : changes) {
                FlagChanged changed = new FlagChanged(change.key(), change.kind(), FlagChanged.Source.SDK,
                        change.details(), clock.instant(), settings.configId().orElse(null),
                        settings.configName().orElse(null), settings.environmentId().orElse(null),
                        settings.environmentName().orElse(null), null, null, null, null);
                fire(changed);
                if (settings.segmentSource() == ChangeSettings.ChangedSource.SDK) {
                    segment.accept(changed);
                }
            }
        } catch (RuntimeException | LinkageError e) {
            failure.warn(() -> "FLAGBRIDGE-0075: a config change could not be reported (logged at most once a "
                    + "minute): " + e);
        }
    }

    /** Fires one change to both kinds of observers (also for the webhook's changes). */
    public void fire(FlagChanged changed) {
        event.fire(changed);
        event.fireAsync(changed, async);
    }
}
