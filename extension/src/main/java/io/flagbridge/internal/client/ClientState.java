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
 * flags), when it last got a config, the last error fetching one (not of evaluations), and whether the CDN refused
 * the SDK key. Read by health checks and the OpenFeature provider; {@link #onChange} tells them when it changes.
 */
public final class ClientState {

    /**
     * A snapshot.
     *
     * @param keyRefused the CDN refused the SDK key (ConfigCat's "Your SDK Key seems to be wrong") and no config has
     *        arrived since
     */
    public record Snapshot(ClientCacheState cacheState, Optional<Instant> lastConfig, Optional<String> lastError,
            Optional<Instant> lastErrorAt, boolean keyRefused) {

        /** Whether flags are served from data (not from the code's default values). */
        public boolean hasData() {
            return cacheState != ClientCacheState.NO_FLAG_DATA;
        }
    }

    private final Clock clock;
    private final boolean localFlags;
    private final List<Consumer<Snapshot>> listeners = new CopyOnWriteArrayList<>();
    private volatile Snapshot snapshot = new Snapshot(ClientCacheState.NO_FLAG_DATA, Optional.empty(),
            Optional.empty(), Optional.empty(), false);

    public ClientState(Clock clock) {
        this(clock, false);
    }

    /** @param localFlags the client has local flags ({@code configcat.overrides.*}): they are data whatever the CDN says */
    public ClientState(Clock clock, boolean localFlags) {
        this.clock = clock;
        this.localFlags = localFlags;
    }

    public Snapshot snapshot() {
        return snapshot;
    }

    /** Tells the listener of every change from now on (on the thread of the hook that changed it). */
    public void onChange(Consumer<Snapshot> listener) {
        listeners.add(listener);
    }

    synchronized void ready(ClientCacheState state) {
        Snapshot now = snapshot;
        // ConfigCat 9.4 calls the empty config of a refused key up to date: that is no data.
        ClientCacheState known = now.keyRefused() && !localFlags ? ClientCacheState.NO_FLAG_DATA : state;
        update(new Snapshot(known, known == ClientCacheState.NO_FLAG_DATA ? now.lastConfig()
                : now.lastConfig().or(() -> Optional.of(clock.instant())), now.lastError(), now.lastErrorAt(),
                now.keyRefused()));
    }

    synchronized void configChanged() {
        Snapshot now = snapshot;
        ClientCacheState state = now.cacheState() == ClientCacheState.NO_FLAG_DATA
                ? ClientCacheState.HAS_UP_TO_DATE_FLAG_DATA
                : now.cacheState();
        update(new Snapshot(state, Optional.of(clock.instant()), now.lastError(), now.lastErrorAt(), false));
    }

    /**
     * @param keyRefused the CDN refused the SDK key
     * @return true when the key is refused without any config data now (and was not before): worth one line
     */
    synchronized boolean error(String message, boolean keyRefused) {
        Snapshot now = snapshot;
        boolean refused = keyRefused || now.keyRefused();
        ClientCacheState state = refused && !localFlags && now.lastConfig().isEmpty() ? ClientCacheState.NO_FLAG_DATA
                : now.cacheState();
        update(new Snapshot(state, now.lastConfig(), Optional.ofNullable(message), Optional.of(clock.instant()),
                refused));
        return refused && !now.keyRefused() && state == ClientCacheState.NO_FLAG_DATA;
    }

    private void update(Snapshot next) {
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
