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
import io.flagbridge.internal.sdk.CacheCalls;
import io.flagbridge.internal.sdk.FileWatcher;
import io.flagbridge.internal.sdk.FlagSources;
import io.flagbridge.internal.sdk.OwnClient;
import io.flagbridge.internal.util.AppLog;
import io.flagbridge.internal.util.Deadline;
import io.flagbridge.internal.util.NamedThreadFactory;
import okhttp3.Dispatcher;
import okhttp3.OkHttpClient;

/**
 * The application's one {@link ConfigCatClient}, with everything it owns: its HTTP threads, the hooks, a temporary
 * copy of a flag resource. {@link #close(Deadline)} releases all of it, so that a redeploy leaves no thread behind.
 */
public final class ManagedClient {

    private static final AppLog LOG = AppLog.of(ManagedClient.class);
    /** How long a cancelled call has to end when the stop's deadline has passed. */
    private static final long CANCELLED_CALL_GRACE_MILLIS = 500;

    private final ConfigCatClient client;
    private final boolean registered;
    private final ExecutorService httpExecutor;
    private final Dispatcher httpDispatcher;
    private final Optional<Path> temporaryFlagFile;
    private final ClientHooks hooks;
    private final Optional<ClientLayer> layer;
    private final Optional<FlagSources.FlagSource> reloadedFlags;

    private ManagedClient(ConfigCatClient client, boolean registered, ExecutorService httpExecutor,
            Dispatcher httpDispatcher, Optional<Path> temporaryFlagFile, ClientHooks hooks, Optional<ClientLayer> layer,
            Optional<FlagSources.FlagSource> reloadedFlags) {
        this.client = client;
        this.registered = registered;
        this.httpExecutor = httpExecutor;
        this.httpDispatcher = httpDispatcher;
        this.temporaryFlagFile = temporaryFlagFile;
        this.hooks = hooks;
        this.layer = layer;
        this.reloadedFlags = reloadedFlags;
    }

    /**
     * Creates and starts the client (auto polling fetches at once).
     *
     * @param hooks registered inside the options callback, so they see the very first fetch and evaluation
     * @param cache the application's {@code ConfigCache} bean, if it has one: replicas then share one config
     * @param layer flags that win over the client's own local and remote flags (a test kit's overrides), if any
     * @throws ClientOpenException when the client cannot be created; its message names no secret
     */
    public static ManagedClient open(ClientSettings settings, ClientHooks hooks, UserPrivacy privacy,
            Optional<ConfigCache> cache, Optional<ClientLayer> layer) {
        Optional<OverrideBehaviour> own = settings.overrides().map(Overrides::behaviour);
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
                layer.ifPresent(front -> front.configure(options));
                // Without the SDK's protected cache calls, the application's cache is ConfigCat's as it is.
                cache.map(shared -> CacheCalls.available() ? new SharedConfigCache(shared) : shared)
                        .ifPresent(options::cache);
            });
            boolean registered = client.getHooks() == used[0].hooks();
            if (!registered) {
                // ConfigCatClient.get keeps one client per SDK key and class loader and ignores the options of a
                // second caller: another container (or application code) holds one for this key already.
                client = OwnClient.create(sdkKey, used[0]);
            }
            // A flag file that ConfigCat re-reads (a resource's copy never changes), taken before a kit's layer.
            boolean reloaded = settings.overrides().filter(o -> o.autoReload() && o.file().isPresent()).isPresent();
            Optional<FlagSources.FlagSource> reloadedFlags = reloaded ? FlagSources.of(client) : Optional.empty();
            ConfigCatClient opened = client;
            layer.ifPresent(front -> front.opened(opened, own));
            return new ManagedClient(client, registered, httpExecutor, httpDispatcher, temporaryFlagFile, hooks, layer,
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

    /**
     * The client's own flag file source and behaviour when ConfigCat re-reads the file on a change
     * ({@code configcat.overrides.auto-reload}); a test kit's layer is not a part of it.
     */
    public Optional<FlagSources.FlagSource> reloadedFlags() {
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
            layer.ifPresent(front -> front.closing(client));
            client.close();
            if (!registered) {
                OwnClient.closeResources(client);
            }
        } catch (Throwable e) {
            LOG.log(Level.WARNING, Messages.clientCloseFailed(e.toString()));
        }
        httpDispatcher.cancelAll();
        try {
            FileWatcher.close(client, deadline.remaining());
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
