package io.flagbridge.internal.client;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

import com.configcat.ConfigCache;
import com.configcat.ConfigCatClient;
import com.configcat.LogLevel;
import com.configcat.OverrideBehaviour;
import com.configcat.OverrideDataSourceBuilder;
import com.configcat.PollingMode;
import com.configcat.PollingModes;

import io.flagbridge.internal.Messages;
import io.flagbridge.internal.config.ClientSettings;
import io.flagbridge.internal.config.Overrides;
import io.flagbridge.internal.privacy.UserPrivacy;
import io.flagbridge.internal.sdk.ConfigCatInternals;
import io.flagbridge.internal.spi.OverrideLayer;
import io.flagbridge.internal.util.Deadline;
import io.flagbridge.internal.util.NamedThreadFactory;
import okhttp3.Dispatcher;
import okhttp3.OkHttpClient;

/**
 * The application's one {@link ConfigCatClient}, with everything it owns: its HTTP threads, the hooks, a temporary
 * copy of a flag resource. {@link #close(Deadline)} releases all of it, so that a redeploy leaves no thread behind.
 */
public final class ManagedClient {

    private static final Logger LOG = Logger.getLogger(ManagedClient.class.getName());
    /** How long a cancelled call has to end when the stop's deadline has passed. */
    private static final long CANCELLED_CALL_GRACE_MILLIS = 500;

    private final ConfigCatClient client;
    private final boolean registered;
    private final ExecutorService httpExecutor;
    private final Dispatcher httpDispatcher;
    private final Optional<Path> temporaryFlagFile;
    private final ClientHooks hooks;
    private final Optional<LayeredSettings> layered;
    private final Optional<ConfigCatInternals.FlagSource> ownFlags;
    private final Optional<ConfigCatInternals.FlagSource> reloadedFlags;

    private ManagedClient(ConfigCatClient client, boolean registered, ExecutorService httpExecutor,
            Dispatcher httpDispatcher, Optional<Path> temporaryFlagFile, ClientHooks hooks, Optional<LayeredSettings> layered,
            Optional<ConfigCatInternals.FlagSource> ownFlags, Optional<ConfigCatInternals.FlagSource> reloadedFlags) {
        this.client = client;
        this.registered = registered;
        this.httpExecutor = httpExecutor;
        this.httpDispatcher = httpDispatcher;
        this.temporaryFlagFile = temporaryFlagFile;
        this.hooks = hooks;
        this.layered = layered;
        this.ownFlags = ownFlags;
        this.reloadedFlags = reloadedFlags;
    }

    /**
     * Creates and starts the client (auto polling fetches at once).
     *
     * @param hooks registered inside the options callback, so they see the very first fetch and evaluation
     * @throws ClientOpenException when the client cannot be created; its message names no secret
     */
    /**
     * @param cache the application's {@code ConfigCache} bean, if it has one: replicas then share one config
     */
    public static ManagedClient open(ClientSettings settings, ClientHooks hooks, UserPrivacy privacy,
            Optional<ConfigCache> cache) {
        return open(settings, hooks, privacy, cache, Optional.empty());
    }

    /**
     * @param overrides a test kit's overrides, which then win over the client's own local and remote flags
     */
    public static ManagedClient open(ClientSettings settings, ClientHooks hooks, UserPrivacy privacy,
            Optional<ConfigCache> cache, Optional<OverrideLayer> overrides) {
        Optional<OverrideBehaviour> own = settings.overrides().map(Overrides::behaviour);
        Optional<LayeredSettings> layered = overrides.map(layer -> new LayeredSettings(layer,
                own.orElse(null) == OverrideBehaviour.REMOTE_OVER_LOCAL));
        ExecutorService httpExecutor = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 60, TimeUnit.SECONDS,
                new SynchronousQueue<>(), new NamedThreadFactory("flagbridge-configcat-http"));
        Dispatcher httpDispatcher = new Dispatcher(httpExecutor);
        Optional<Path> temporaryFlagFile = Optional.empty();
        String sdkKey = settings.sdkKey().reveal();
        try {
            temporaryFlagFile = copyOfResource(settings);
            ConfigCatClient.Options[] used = new ConfigCatClient.Options[1];
            Optional<Path> flagFile = temporaryFlagFile.or(() -> settings.overrides().flatMap(Overrides::file));
            ConfigCatClient client = ConfigCatClient.get(sdkKey, options -> {
                used[0] = options;
                configure(options, settings, hooks, privacy, httpDispatcher, flagFile);
                layered.ifPresent(live -> options.hooks().addOnConfigChanged(live::remote));
                cache.map(SharedConfigCache::new).ifPresent(options::cache);
            });
            boolean registered = client.getHooks() == used[0].hooks();
            if (!registered) {
                // ConfigCatClient.get keeps one client per SDK key and class loader and ignores the options of a
                // second caller: another container (or application code) holds one for this key already.
                client = ConfigCatInternals.newClient(sdkKey, used[0]);
            }
            // A flag file that ConfigCat re-reads (a resource's copy never changes), taken before a kit's layer.
            boolean reloaded = settings.overrides().filter(o -> o.autoReload() && o.file().isPresent()).isPresent();
            Optional<ConfigCatInternals.FlagSource> reloadedFlags = reloaded ? ConfigCatInternals.flagSource(client)
                    : Optional.empty();
            Optional<ConfigCatInternals.FlagSource> ownFlags = Optional.empty();
            if (layered.isPresent()) {
                OverrideBehaviour behaviour = own.orElse(null) == OverrideBehaviour.LOCAL_ONLY
                        ? OverrideBehaviour.LOCAL_ONLY
                        : OverrideBehaviour.LOCAL_OVER_REMOTE;
                ConfigCatInternals.FlagSource flags = ConfigCatInternals.layerFlagSource(client, layered.get(),
                        behaviour);
                layered.get().local(flags::settings);
                ownFlags = Optional.of(flags);
            }
            return new ManagedClient(client, registered, httpExecutor, httpDispatcher, temporaryFlagFile, hooks, layered,
                    ownFlags,
                    reloadedFlags);
        } catch (RuntimeException | IOException e) {
            httpExecutor.shutdownNow();
            temporaryFlagFile.ifPresent(ManagedClient::delete);
            throw new ClientOpenException(Messages.clientNotCreated(settings.sdkKey().toString(),
                    settings.sdkKey().redact(String.valueOf(e.getMessage()))));
        }
    }

    private static void configure(ConfigCatClient.Options options, ClientSettings settings, ClientHooks hooks,
            UserPrivacy privacy, Dispatcher httpDispatcher, Optional<Path> flagFile) {
        boolean noLog = settings.logLevel() == LogLevel.NO_LOG;
        // With no-log the SDK would not even tell its errors to the filter: it logs errors, and ClientLog drops them.
        options.logLevel(noLog ? LogLevel.ERROR : settings.logLevel());
        options.logFilter(new ClientLog(settings.sdkKey(), privacy,
                (eventId, line) -> hooks.fetchFailed(eventId, line, settings.sdkKey().toString()), !noLog));
        options.pollingMode(pollingMode(settings));
        options.dataGovernance(settings.dataGovernance());
        settings.baseUrl().ifPresent(options::baseUrl);
        options.offline(settings.offline());
        options.httpClient(new OkHttpClient.Builder().dispatcher(httpDispatcher).build());
        settings.overrides().ifPresent(overrides -> options.flagOverrides(
                OverrideDataSourceBuilder.localFile(flagFile.orElseThrow().toString(), overrides.autoReload()),
                overrides.behaviour()));
        hooks.registerOn(options.hooks());
    }

    private static PollingMode pollingMode(ClientSettings settings) {
        return switch (settings.polling()) {
            case AUTO -> PollingModes.autoPoll(settings.pollIntervalSeconds(), settings.maxInitWaitSeconds());
            case LAZY -> PollingModes.lazyLoad(settings.cacheRefreshIntervalSeconds());
            case MANUAL -> PollingModes.manualPoll();
        };
    }

    private static Optional<Path> copyOfResource(ClientSettings settings) throws IOException {
        Optional<Overrides.Resource> resource = settings.overrides().flatMap(Overrides::resource);
        if (resource.isEmpty()) {
            return Optional.empty();
        }
        // The SDK reads resources with its own class loader; it gets the application's resource as a file instead.
        Path copy = Files.createTempFile("flagbridge-flags-", ".json");
        Files.writeString(copy, resource.get().content(), StandardCharsets.UTF_8);
        return Optional.of(copy);
    }

    public ConfigCatClient client() {
        return client;
    }

    public ClientHooks hooks() {
        return hooks;
    }

    /** A test kit's view of the flags, when one is layered over the client's. */
    public Optional<LayeredSettings> layered() {
        return layered;
    }

    /**
     * The client's own flag file source and behaviour when ConfigCat re-reads the file on a change
     * ({@code configcat.overrides.auto-reload}); a test kit's layer is not a part of it.
     */
    public Optional<ConfigCatInternals.FlagSource> reloadedFlags() {
        return reloadedFlags;
    }

    /** Whether the client is the one ConfigCatClient.get registered for its key (false when FlagBridge made its own). */
    public boolean registered() {
        return registered;
    }

    /**
     * Closes the client and cancels its calls in flight (OkHttp's read is not interrupted by a thread's interrupt: a
     * hanging fetch would hold the stop for its whole read timeout); {@link #awaitThreads} then waits for its threads.
     */
    public void close(Deadline deadline) {
        try {
            // The client's own source back first: closing the client closes it (and its file watcher).
            ownFlags.ifPresent(flags -> ConfigCatInternals.restoreFlagSource(client, flags));
            client.close();
            if (!registered) {
                ConfigCatInternals.closeResources(client);
            }
        } catch (Throwable e) {
            LOG.log(Level.WARNING, Messages.clientCloseFailed(e.toString()));
        }
        httpDispatcher.cancelAll();
        try {
            ConfigCatInternals.closeFileWatcher(client, deadline.remaining());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Throwable e) {
            LOG.warning(Messages.fileWatcherNotClosed(e.toString()));
        }
        httpExecutor.shutdownNow();
        temporaryFlagFile.ifPresent(ManagedClient::delete);
    }

    /** Waits, at most until the deadline (or a short grace past it), for the client's HTTP threads to end. */
    public void awaitThreads(Deadline deadline) {
        long millis = Math.max(deadline.remainingMillisAtLeastOne(), CANCELLED_CALL_GRACE_MILLIS);
        try {
            if (!httpExecutor.awaitTermination(millis, TimeUnit.MILLISECONDS)) {
                LOG.warning(Messages.clientThreadsDidNotStop(Duration.ofMillis(millis)));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void delete(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.log(Level.FINE, "could not delete " + file, e);
        }
    }
}
