package io.flagbridge.internal.changes;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.NotificationOptions;

import com.configcat.OverrideBehaviour;
import com.configcat.Setting;

import io.flagbridge.FlagChanged;
import io.flagbridge.internal.Messages;
import io.flagbridge.internal.config.ChangeSettings;
import io.flagbridge.internal.util.AppLog;
import io.flagbridge.internal.util.RateLimitedLog;

/**
 * Fires {@link FlagChanged} to sync and async observers (the Segment dispatcher among them): for the client's
 * {@code configChanged} hook (the whole new settings map), one per flag that really changed, none at the first load,
 * none for a re-fetched identical config; for a re-read local flag file ({@link FlagFileWatch}); and for the
 * webhook's changes. Never throws into the hook.
 */
public final class ChangeEvents {

    private static final AppLog LOG = AppLog.of(ChangeEvents.class);

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
            report(SettingsDiff.between(before, settingsMap));
        } catch (RuntimeException | LinkageError e) {
            failure.warn(() -> Messages.changeNotReported(e));
        }
    }

    /**
     * ConfigCat re-read the local flag file: reports the flags whose served setting changed, comparing what the
     * client serves before and after under its override behaviour (with the last remote config, if any):
     * {@code local-only} every edited flag; {@code local-over-remote} every edited flag too, a removed one as a
     * change to its remote setting when the remote config has it; {@code remote-over-local} only flags the remote
     * config lacks. Never throws.
     */
    public void localChanged(Map<String, Setting> before, Map<String, Setting> after, OverrideBehaviour behaviour) {
        try {
            Map<String, Setting> remote = previous.get();
            report(SettingsDiff.between(served(before, remote, behaviour), served(after, remote, behaviour)));
        } catch (RuntimeException | LinkageError e) {
            failure.warn(() -> Messages.changeNotReported(e));
        }
    }

    /** What the client serves (as ConfigCat merges the two in {@code getSettings}). */
    static Map<String, Setting> served(Map<String, Setting> local, Map<String, Setting> remote,
            OverrideBehaviour behaviour) {
        if (behaviour == OverrideBehaviour.LOCAL_ONLY || remote == null) {
            return local;
        }
        Map<String, Setting> served = new HashMap<>(behaviour == OverrideBehaviour.LOCAL_OVER_REMOTE ? remote : local);
        served.putAll(behaviour == OverrideBehaviour.LOCAL_OVER_REMOTE ? local : remote);
        return served;
    }

    private void report(List<SettingsDiff.Change> diff) {
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
