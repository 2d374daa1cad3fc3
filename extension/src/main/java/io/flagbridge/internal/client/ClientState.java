package io.flagbridge.internal.client;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import com.configcat.ClientCacheState;

/**
 * What the application's client knows, as its hooks tell: whether it has config data (from the CDN, a cache or local
 * flags), when it last got a config, and the last error fetching one (not of evaluations). Read by health checks and
 * the OpenFeature provider;
 * {@link #onChange} tells them when it changes.
 */
public final class ClientState {

    /** A snapshot. */
    public record Snapshot(ClientCacheState cacheState, Optional<Instant> lastConfig, Optional<String> lastError,
            Optional<Instant> lastErrorAt) {

        /** Whether flags are served from data (not from the code's default values). */
        public boolean hasData() {
            return cacheState != ClientCacheState.NO_FLAG_DATA;
        }
    }

    private final Clock clock;
    private final List<Consumer<Snapshot>> listeners = new CopyOnWriteArrayList<>();
    private volatile Snapshot snapshot = new Snapshot(ClientCacheState.NO_FLAG_DATA, Optional.empty(),
            Optional.empty(), Optional.empty());

    public ClientState(Clock clock) {
        this.clock = clock;
    }

    public Snapshot snapshot() {
        return snapshot;
    }

    /** Tells the listener of every change from now on (on the thread of the hook that changed it). */
    public void onChange(Consumer<Snapshot> listener) {
        listeners.add(listener);
    }

    void ready(ClientCacheState state) {
        Snapshot now = snapshot;
        update(new Snapshot(state, state == ClientCacheState.NO_FLAG_DATA ? now.lastConfig()
                : now.lastConfig().or(() -> Optional.of(clock.instant())), now.lastError(), now.lastErrorAt()));
    }

    void configChanged() {
        Snapshot now = snapshot;
        ClientCacheState state = now.cacheState() == ClientCacheState.NO_FLAG_DATA
                ? ClientCacheState.HAS_UP_TO_DATE_FLAG_DATA
                : now.cacheState();
        update(new Snapshot(state, Optional.of(clock.instant()), now.lastError(), now.lastErrorAt()));
    }

    void error(String message) {
        Snapshot now = snapshot;
        update(new Snapshot(now.cacheState(), now.lastConfig(), Optional.ofNullable(message),
                Optional.of(clock.instant())));
    }

    private synchronized void update(Snapshot next) {
        snapshot = next;
        for (Consumer<Snapshot> listener : listeners) {
            try {
                listener.accept(next);
            } catch (RuntimeException e) {
                // a listener's failure must not reach ConfigCat's hook (it would serve defaults)
            }
        }
    }
}
