package io.flagbridge.internal.changes;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
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
    private final Event<ChangeNotice> notices;
    private final NotificationOptions async;
    private final ChangeSettings settings;
    private final Clock clock;
    private final AtomicReference<Map<String, Setting>> previous = new AtomicReference<>();
    private final RateLimitedLog failure = new RateLimitedLog(LOG, 1, TimeUnit.MINUTES);
    private final List<Consumer<List<String>>> keyListeners = new CopyOnWriteArrayList<>();

    /**
     * @param event the application's {@code Event<FlagChanged>}
     * @param notices where FlagBridge's own observers get each change with its identity
     */
    public ChangeEvents(Event<FlagChanged> event, Event<ChangeNotice> notices, Executor executor,
            ChangeSettings settings, Clock clock) {
        this.event = event;
        this.notices = notices;
        this.async = NotificationOptions.ofExecutor(executor);
        this.settings = settings;
        this.clock = clock;
    }

    /** The {@code configChanged} hook. */
    public void configChanged(Map<String, Setting> settingsMap) {
        try {
            Map<String, Setting> before = previous.getAndSet(settingsMap);
            List<SettingsDiff.Change> diff = SettingsDiff.between(before, settingsMap);
            for (SettingsDiff.Change change : diff) {
                fire(new FlagChanged(change.key(), change.kind(), FlagChanged.Source.SDK, change.details(),
                        clock.instant(), settings.configId().orElse(null), settings.configName().orElse(null),
                        settings.environmentId().orElse(null), settings.environmentName().orElse(null), null, null,
                        null, null), "sdk\u0000" + change.key() + "\u0000" + change.version());
            }
            if (!diff.isEmpty() && !keyListeners.isEmpty()) {
                List<String> keys = new ArrayList<>(diff.size());
                diff.forEach(change -> keys.add(change.key()));
                List<String> changed = List.copyOf(keys);
                keyListeners.forEach(listener -> listener.accept(changed));
            }
        } catch (RuntimeException | LinkageError e) {
            failure.warn(() -> Messages.changeNotReported(e));
        }
    }

    /**
     * Tells the listener the keys that really changed with each new config (none at the first load), on the hook's
     * thread; a listener must not throw (it would stop the others).
     */
    public void onChangedKeys(Consumer<List<String>> listener) {
        keyListeners.add(listener);
    }

    /**
     * Fires one change to both kinds of observers.
     *
     * @param identity what makes it the same change on every replica (see {@link ChangeNotice})
     */
    public void fire(FlagChanged changed, String identity) {
        event.fire(changed);
        event.fireAsync(changed, async);
        notices.fireAsync(new ChangeNotice(changed, identity), async);
    }
}
